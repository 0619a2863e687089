// Checks the deployment files (Dockerfile, docker-compose.yml, k8s/) without a Docker engine or a
// cluster: every Kubernetes object is validated against the Kubernetes OpenAPI schemas
// (kubernetes-models), then the properties operators rely on are asserted one by one.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8sModels from 'kubernetes-models';
import { parse, parseAllDocuments } from 'yaml';
import { BACKEND_SERVICES, SERVICE_PORTS } from '@app/contracts/services';
import { ConfigSchema as GatewayConfig } from '../../services/gateway/src/config.js';
import { ConfigSchema as OrchestratorConfig } from '../../services/comfy-orchestrator/src/config.js';

// Parsed YAML is untyped by nature; the assertions below are the schema.
type Obj = Record<string, any>;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const K8S_DIR = join(ROOT, 'k8s');
const NAMESPACE = 'xl-platform';
const CONFIGMAP = 'xl-platform-config';
const SECRET = 'xl-platform-secrets';

const HTTP_SERVICES = Object.entries(SERVICE_PORTS) as [string, number][];
// The worker's heap is capped: a million-row export stays under 250 MB of RSS (bench/stats).
const WORKER = { name: 'stats-worker', command: 'node --max-old-space-size=160 --import tsx services/stats/src/worker.ts' };
const MIGRATE_COMMAND = 'npm run db:migrate && npm run db:seed';
const serverScript = (name: string) => `services/${name}/src/server.ts`;

/**
 * The gateway's three listeners (architecture.md, Ports), at its config's defaults: the console and /api,
 * the ComfyUI origin (/comfy/... only, COMFY_PUBLIC_URL) and the internal one (probes, /metrics), which
 * no Service, Ingress or compose port may expose.
 */
const defaultOf = (schema: object) => (schema as { default: number }).default;
const GATEWAY = {
  http: SERVICE_PORTS.gateway,
  comfy: defaultOf(GatewayConfig.properties.COMFY_ORIGIN_PORT),
  internal: defaultOf(GatewayConfig.properties.INTERNAL_PORT),
};
const COMFY_MAX_UPLOAD_BYTES = defaultOf(OrchestratorConfig.properties.COMFY_MAX_UPLOAD_BYTES);
/** The port a service's probes and Prometheus use: the gateway's internal one, else the service's own. */
const probePort = (name: string, port: number) => (name === 'gateway' ? GATEWAY.internal : port);

/** Env variables that carry credentials: never a literal value in compose, never in a ConfigMap. */
const SECRET_ENV = [
  'DATABASE_URL', 'REDIS_URL', 'VECTOR_DB_URL', 'JWT_PUBLIC_KEY', 'JWT_PRIVATE_KEY',
  'INTERNAL_TOKEN', 'ADMIN_PASSWORD', 'SECRETS_KEY', 'POSTGRES_PASSWORD',
];
const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|PRIVATE|_KEY)$/;
const isSecretName = (name: string) => SECRET_ENV.includes(name) || SECRET_NAME.test(name);
/** `${VAR:?message}`: compose refuses to start when VAR is unset or empty. */
const REQUIRED_INTERPOLATION = /^\$\{[A-Z0-9_]+:\?[^}]*\}$/;
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@]*)@/i;
const PEM = /-----BEGIN [A-Z ]*KEY-----/;

/** `name:tag` or `name@sha256:...`, never `latest`, never bare. */
function imagePinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const lastSegment = image.split('/').pop() ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
  return tag !== undefined && tag !== '' && tag !== 'latest';
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

t.test('Dockerfile', async (t) => {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  // Join continuation lines, drop comments and the parser directive.
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  const stages: { from: string; name?: string; lines: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ from: from[1], name: from[2], lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  t.ok(stages.length >= 2, 'multi-stage build');
  const stageNames = new Set(stages.map((s) => s.name).filter(Boolean));
  for (const stage of stages) {
    if (stageNames.has(stage.from)) continue;
    t.ok(imagePinned(stage.from), `base image ${stage.from} is pinned (tag, not latest)`);
    t.notMatch(stage.from, /\$/, `base image ${stage.from} is written out, not an ARG`);
  }

  const final = stages.at(-1)!;
  t.match(final.from, /^node:20\.\d+\.\d+-bookworm-slim$/, 'final stage: node 20 bookworm-slim pinned to a patch version');
  const users = final.lines.filter((l) => /^USER\s/i.test(l));
  t.ok(users.length > 0, 'final stage sets USER');
  const user = users.at(-1)!.split(/\s+/)[1];
  t.notMatch(user, /^(root|0)(:|$)/, `final stage runs as ${user}, not root`);
  t.equal(user, 'node', 'runs as the image\'s node user');

  const all = stages.flatMap((s) => s.lines).join('\n');
  t.match(all, /npm ci\b/, 'dependencies installed from the lockfile (npm ci)');
  t.match(all, /npm run build:web/, 'web console built into the image');
  t.match(all, /npm prune --omit=dev/, 'dev dependencies pruned');
  const cmd = final.lines.find((l) => /^CMD\s/i.test(l));
  t.ok(cmd, 'final stage has a default CMD');
  t.match(cmd, /"node", "--import", "tsx", "services\/gateway\/src\/server\.ts"/, 'default CMD runs the gateway');

  const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split(/\r?\n/).map((l) => l.trim());
  for (const entry of ['**/node_modules', '.git', '.env', '.data']) {
    t.ok(ignore.includes(entry), `.dockerignore excludes ${entry}`);
  }
});

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

const compose: Obj = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
const composeServices: Obj = compose.services;
const envOf = (svc: Obj): Obj => (Array.isArray(svc.environment)
  ? Object.fromEntries(svc.environment.map((e: string) => [e.split('=')[0], e.includes('=') ? e.slice(e.indexOf('=') + 1) : null]))
  : svc.environment ?? {});
const commandOf = (svc: Obj): string => (Array.isArray(svc.command) ? svc.command.join(' ') : String(svc.command ?? ''));
const APP_IMAGE = composeServices.gateway?.image;
/** The port a compose healthcheck's fetch reaches: the first env variable it reads that the service sets. */
function healthcheckPort(svc: Obj): string | undefined {
  const test = [svc.healthcheck?.test ?? []].flat().join(' ');
  const env = envOf(svc);
  for (const [, name] of test.matchAll(/process\.env\.([A-Z0-9_]+)/g)) {
    if (env[name] !== undefined && env[name] !== null && env[name] !== '') return String(env[name]);
  }
  return /127\.0\.0\.1:(\d+)/.exec(test)?.[1];
}

t.test('compose: every service is present with its port, command and readiness healthcheck', async (t) => {
  for (const [name, port] of HTTP_SERVICES) {
    const svc = composeServices[name];
    if (!t.ok(svc, `service ${name} exists`)) continue;
    t.equal(svc.image, APP_IMAGE, `${name} runs the platform image`);
    t.equal(String(envOf(svc).PORT), String(port), `${name} listens on PORT ${port}`);
    t.match(commandOf(svc), new RegExp(`^node --import tsx ${serverScript(name)}$`), `${name} runs its server`);
    const test = [svc.healthcheck?.test ?? []].flat().join(' ');
    t.match(test, /\/readyz/, `${name} healthcheck probes /readyz`);
    t.equal(healthcheckPort(svc), String(probePort(name, port)), `${name} healthcheck on port ${probePort(name, port)}`);
    t.ok(svc.restart && svc.restart !== 'no', `${name} has a restart policy`);
  }

  const worker = composeServices[WORKER.name];
  t.ok(worker, 'stats-worker exists');
  t.equal(worker.image, APP_IMAGE, 'stats-worker runs the platform image');
  t.equal(commandOf(worker), WORKER.command, 'stats-worker runs the BullMQ worker, heap capped');
  t.ok(worker.restart && worker.restart !== 'no', 'stats-worker has a restart policy');
  const exportVolume = (svc: Obj) => (svc.volumes ?? []).find((v: string) => v.endsWith(':/data/exports'));
  t.ok(exportVolume(worker) && exportVolume(worker) === exportVolume(composeServices.stats),
    'stats and stats-worker share the exports volume');
  t.equal(envOf(worker).EXPORT_DIR, '/data/exports');
  t.equal(envOf(composeServices.stats).EXPORT_DIR, '/data/exports');

  const orchestrator = composeServices['comfy-orchestrator'];
  const comfyDir = envOf(orchestrator).COMFY_DATA_DIR;
  t.ok((orchestrator.volumes ?? []).some((v: string) => v.endsWith(`:${comfyDir}`)), 'ComfyUI data on a volume');
  t.equal(envOf(orchestrator).COMFY_PORT_RANGE, '8188-8287', 'ComfyUI port pool');

  // open_comfy's links: the gateway's published ComfyUI origin unless .env names another address.
  const publicUrl = String(envOf(orchestrator).COMFY_PUBLIC_URL ?? '');
  const fallback = /^\$\{COMFY_PUBLIC_URL:-([^}]+)\}$/.exec(publicUrl)?.[1];
  if (t.ok(fallback, `orchestrator COMFY_PUBLIC_URL is overridable from .env with a default (${publicUrl})`)) {
    const url = new URL(fallback!);
    t.equal(url.port, String(GATEWAY.comfy), 'its default is the gateway\'s published ComfyUI origin port');
    t.not(url.origin, new URL(`http://localhost:${GATEWAY.http}`).origin, 'an origin other than the console\'s');
  }
});

t.test('compose: data stores and the one-shot migration', async (t) => {
  const { postgres, redis, migrate } = composeServices;
  t.match(postgres.image, /^pgvector\/pgvector:/, 'postgres image ships pgvector');
  t.ok(postgres.healthcheck, 'postgres has a healthcheck');
  t.ok((postgres.volumes ?? []).some((v: string) => v.endsWith(':/var/lib/postgresql/data')), 'postgres data on a volume');
  t.match(redis.image, /^redis:/);
  t.match(commandOf(redis), /--appendonly yes/, 'redis persists with appendonly');
  t.match(commandOf(redis), /--maxmemory-policy noeviction/, 'redis never evicts BullMQ keys');
  t.ok((redis.volumes ?? []).some((v: string) => v.endsWith(':/data')), 'redis data on a volume');
  t.ok(redis.healthcheck, 'redis has a healthcheck');

  t.equal(migrate.image, APP_IMAGE, 'migrate runs the platform image');
  t.match(commandOf(migrate), MIGRATE_COMMAND, 'migrate runs db:migrate then db:seed');
  t.equal(migrate.restart, 'no', 'migrate runs once');
  t.equal(migrate.depends_on?.postgres?.condition, 'service_healthy');

  for (const name of [...HTTP_SERVICES.map(([n]) => n), WORKER.name]) {
    const deps = composeServices[name].depends_on ?? {};
    t.equal(deps.migrate?.condition, 'service_completed_successfully', `${name} waits for the migration`);
    t.equal(deps.postgres?.condition, 'service_healthy', `${name} waits for postgres`);
    t.equal(deps.redis?.condition, 'service_healthy', `${name} waits for redis`);
  }

  const vectorDb = envOf(composeServices.vectors).VECTOR_DB_URL;
  t.match(vectorDb, /@postgres:5432\//, 'VECTOR_DB_URL points at the pgvector postgres');
  const declared = Object.keys(compose.volumes ?? {});
  for (const svc of Object.values(composeServices)) {
    for (const v of (svc as Obj).volumes ?? []) {
      const source = String(v).split(':')[0];
      if (!source.startsWith('.') && !source.startsWith('/')) t.ok(declared.includes(source), `volume ${source} is declared`);
    }
  }
});

t.test('compose: only the gateway publishes ports, the console and the ComfyUI origin, never the internal one', async (t) => {
  for (const [name, svc] of Object.entries(composeServices)) {
    if (name === 'gateway') {
      t.same((svc as Obj).ports?.map(String), [`${GATEWAY.http}:${GATEWAY.http}`, `${GATEWAY.comfy}:${GATEWAY.comfy}`],
        `gateway publishes ${GATEWAY.http} (console, /api) and ${GATEWAY.comfy} (ComfyUI origin)`);
    } else {
      t.notOk((svc as Obj).ports, `${name} publishes no port`);
    }
    for (const p of (svc as Obj).ports ?? []) {
      const target = typeof p === 'object' ? String(p.target) : String(p).split(':').pop()!.split('/')[0];
      t.not(target, String(GATEWAY.internal), `${name} does not publish the internal port`);
    }
    t.notOk((svc as Obj).network_mode === 'host', `${name} is not on the host network`);
  }
  const env = envOf(composeServices.gateway);
  t.equal(String(env.PORT), String(GATEWAY.http), 'gateway PORT');
  t.equal(String(env.COMFY_ORIGIN_PORT), String(GATEWAY.comfy), 'gateway COMFY_ORIGIN_PORT is the published one');
  t.equal(String(env.INTERNAL_PORT), String(GATEWAY.internal), 'gateway INTERNAL_PORT');
  t.equal(env.INTERNAL_HOST, '127.0.0.1', 'the internal listener is on the container\'s loopback (its healthcheck only)');
  t.notOk(composeServices.gateway.expose, 'the internal port is not exposed to the compose network either');
});

t.test('compose: images pinned, containers not root', async (t) => {
  for (const [name, svc] of Object.entries(composeServices) as [string, Obj][]) {
    t.ok(svc.image && imagePinned(svc.image), `${name} image ${svc.image} is pinned`);
    t.ok(svc.user, `${name} sets a user`);
    t.notMatch(String(svc.user ?? ''), /^(root|0)(:|$)/, `${name} does not run as root`);
    t.notOk(svc.privileged, `${name} is not privileged`);
  }
  const appServices = Object.entries(composeServices).filter(([, s]) => s.image === APP_IMAGE);
  for (const [name, svc] of appServices) t.equal(svc.user, 'node', `${name} runs as node`);
});

t.test('compose: no secret value is hardcoded', async (t) => {
  for (const [name, svc] of Object.entries(composeServices) as [string, Obj][]) {
    for (const [key, raw] of Object.entries(envOf(svc))) {
      if (raw === null) continue; // passed through from the host environment only when set
      const value = String(raw);
      t.notMatch(value, PEM, `${name}.${key} holds no PEM key`);
      if (value.includes('://')) {
        // A URL is secret through its password only (the compose network's redis has none).
        const password = URL_PASSWORD.exec(value)?.[1];
        if (password !== undefined) t.match(password, REQUIRED_INTERPOLATION, `${name}.${key}: URL password is a required variable`);
      } else if (isSecretName(key)) {
        t.match(value, REQUIRED_INTERPOLATION, `${name}.${key} is a required variable without default`);
      }
    }
  }
  // The composed URLs of the app must use the same password variable as postgres itself.
  const pgPassword = envOf(composeServices.postgres).POSTGRES_PASSWORD;
  t.match(pgPassword, /^\$\{POSTGRES_PASSWORD:\?/);
  t.match(envOf(composeServices.auth).DATABASE_URL, /\$\{POSTGRES_PASSWORD:\?/);
});

// ---------------------------------------------------------------------------------------------
// k8s/

const k8sFiles = readdirSync(K8S_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const kustomization: Obj = parse(readFileSync(join(K8S_DIR, 'kustomization.yaml'), 'utf8'));
const exampleFiles = k8sFiles.filter((f) => /\.example\.ya?ml$/.test(f));
const manifestFiles = k8sFiles.filter((f) => f !== 'kustomization.yaml' && !exampleFiles.includes(f));

function loadObjects(file: string): Obj[] {
  const docs = parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8'));
  const list = Array.isArray(docs) ? docs : [docs];
  return list.flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const obj = doc.toJS();
    return obj ? [{ ...obj, __file: file }] : [];
  });
}
const objects = manifestFiles.flatMap(loadObjects);
const find = (kind: string, name: string): Obj | undefined =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name);
/** Like find, for objects the rest of a test needs: a missing one fails that test with its name. */
function must(kind: string, name: string): Obj {
  const found = find(kind, name);
  if (!found) throw new Error(`k8s/ ships no ${kind}/${name}`);
  return found;
}
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
const podSpecs = (): [string, Obj][] => [
  ...ofKind('Deployment').map((d): [string, Obj] => [`Deployment/${d.metadata.name}`, d.spec.template.spec]),
  ...ofKind('Job').map((j): [string, Obj] => [`Job/${j.metadata.name}`, j.spec.template.spec]),
];
const containersOf = (spec: Obj): Obj[] => [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
const envValue = (container: Obj, name: string) => container.env?.find((e: Obj) => e.name === name);

/** The kubernetes-models class for an apiVersion/kind: `networking.k8s.io/v1` → networkingK8sIo.v1. */
function modelFor(apiVersion: string, kind: string) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const groupKey = group.replace(/\.([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const models = k8sModels as unknown as Obj;
  const ns = group ? models[groupKey]?.[version] : models[version];
  return ns?.[kind] as (new (data: Obj) => { validate(): void }) | undefined;
}

t.test('k8s: kustomization lists every manifest in k8s/', async (t) => {
  t.equal(kustomization.kind, 'Kustomization');
  t.equal(kustomization.namespace, NAMESPACE);
  t.same([...kustomization.resources].sort(), manifestFiles, 'resources = every k8s/*.yaml but kustomization and *.example');
  for (const image of kustomization.images ?? []) {
    t.ok(image.newTag && image.newTag !== 'latest', `kustomize image ${image.name} has a release tag`);
  }
  t.same(exampleFiles, ['secret.example.yaml'], 'the Secret is a template, kept out of the applied resources');
  const readme = readFileSync(join(K8S_DIR, 'README.md'), 'utf8');
  t.match(readme, /managed/i, 'README says Postgres/Redis are managed, not in-cluster');
});

t.test('k8s: every object validates against the Kubernetes schemas', async (t) => {
  t.ok(objects.length > 20, `${objects.length} objects loaded`);
  for (const obj of [...objects, ...exampleFiles.flatMap(loadObjects)]) {
    const { __file, ...data } = obj;
    const label = `${__file}: ${data.kind}/${data.metadata?.name}`;
    const Model = modelFor(data.apiVersion, data.kind);
    if (!Model) {
      t.fail(`${label}: unknown kind for ${data.apiVersion}`);
      continue;
    }
    t.doesNotThrow(() => new Model(data).validate(), `${label} is schema-valid`);
    if (data.kind !== 'Namespace') t.equal(data.metadata.namespace, NAMESPACE, `${label} is in ${NAMESPACE}`);
  }
  t.ok(find('Namespace', NAMESPACE), 'namespace object shipped');
  t.equal(find('Namespace', NAMESPACE)?.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
});

t.test('k8s: each service has a Deployment and a ClusterIP Service on its port, with probes', async (t) => {
  const config = find('ConfigMap', CONFIGMAP)?.data ?? {};
  for (const [name, port] of HTTP_SERVICES) {
    const deploy = must('Deployment', name);
    const svc = must('Service', name);
    const pod = deploy.spec.template;
    t.same(deploy.spec.selector.matchLabels, { 'app.kubernetes.io/name': name }, `${name} selector`);
    t.equal(pod.metadata.labels['app.kubernetes.io/name'], name, `${name} pod labels match the selector`);
    const [container] = pod.spec.containers;
    t.equal(pod.spec.containers.length, 1);
    const gateway = name === 'gateway';
    // The gateway's probes and /metrics are on its internal port; the public one no longer serves /readyz.
    const probe = gateway ? 'internal' : 'http';
    if (gateway) {
      t.same(container.ports, [
        { name: 'http', containerPort: GATEWAY.http },
        { name: 'comfy', containerPort: GATEWAY.comfy },
        { name: 'internal', containerPort: GATEWAY.internal },
      ], 'gateway container ports http, comfy and internal');
      t.equal(envValue(container, 'COMFY_ORIGIN_PORT')?.value, String(GATEWAY.comfy), `gateway COMFY_ORIGIN_PORT=${GATEWAY.comfy}`);
      t.equal(envValue(container, 'INTERNAL_PORT')?.value, String(GATEWAY.internal), `gateway INTERNAL_PORT=${GATEWAY.internal}`);
    } else {
      t.same(container.ports, [{ name: 'http', containerPort: port }], `${name} container port ${port}`);
    }
    t.equal(envValue(container, 'PORT')?.value, String(port), `${name} PORT=${port}`);
    t.equal(container.args?.join(' '), `node --import tsx ${serverScript(name)}`, `${name} runs its server`);
    t.same(container.startupProbe?.httpGet, { path: '/healthz', port: probe }, `${name} startup on /healthz (${probe})`);
    t.same(container.readinessProbe?.httpGet, { path: '/readyz', port: probe }, `${name} readiness on /readyz (${probe})`);
    t.same(container.livenessProbe?.httpGet, { path: '/healthz', port: probe }, `${name} liveness on /healthz (${probe})`);
    t.equal(pod.metadata.annotations?.['prometheus.io/port'], String(probePort(name, port)), `${name} scraped on ${probePort(name, port)}`);
    t.ok(container.envFrom?.some((e: Obj) => e.configMapRef?.name === CONFIGMAP), `${name} reads the ConfigMap`);
    t.equal(svc.spec.type ?? 'ClusterIP', 'ClusterIP', `${name} Service is ClusterIP`);
    t.same(svc.spec.selector, { 'app.kubernetes.io/name': name }, `${name} Service selects its pods`);
    if (gateway) {
      t.same(svc.spec.ports.map((p: Obj) => [p.name, p.port, p.targetPort]),
        [['http', GATEWAY.http, 'http'], ['comfy', GATEWAY.comfy, 'comfy']], 'gateway Service: http and comfy, not internal');
    } else {
      t.same(svc.spec.ports.map((p: Obj) => [p.port, p.targetPort]), [[port, 'http']], `${name} Service port ${port}`);
    }
    if (name !== 'gateway') {
      const urlVar = `${name.toUpperCase().replace(/-/g, '_')}_URL`;
      t.equal(config[urlVar], `http://${name}:${port}`, `ConfigMap ${urlVar} reaches the Service`);
    }
  }
  t.same(Object.keys(SERVICE_PORTS).filter((n) => n !== 'gateway').sort(), [...BACKEND_SERVICES].sort());

  const worker = must('Deployment', WORKER.name);
  const [wc] = worker.spec.template.spec.containers;
  t.equal(wc.args.join(' '), WORKER.command, 'stats-worker runs the BullMQ worker, heap capped');
  const claim = (d: Obj) => d.spec.template.spec.volumes.find((v: Obj) => v.persistentVolumeClaim)?.persistentVolumeClaim.claimName;
  t.equal(claim(worker), claim(must('Deployment', 'stats')), 'stats and stats-worker share the export volume');
  const exportsPvc = find('PersistentVolumeClaim', claim(worker));
  t.ok(exportsPvc?.spec.accessModes.includes('ReadWriteMany'), 'export volume is ReadWriteMany (pods on several nodes)');

  const orchestrator = must('Deployment', 'comfy-orchestrator');
  t.equal(orchestrator.spec.replicas, 1, 'the orchestrator owns local processes: one replica');
  t.equal(orchestrator.spec.strategy?.type, 'Recreate');
  t.ok(orchestrator.spec.template.spec.containers[0].volumeMounts.some((m: Obj) => m.mountPath === config.COMFY_DATA_DIR),
    'ComfyUI data dir is mounted');

  for (const s of ofKind('Service')) {
    t.equal(s.spec.type ?? 'ClusterIP', 'ClusterIP', `Service ${s.metadata.name} is internal`);
    for (const p of s.spec.ports) {
      t.ok(p.targetPort !== 'internal' && p.targetPort !== GATEWAY.internal && p.port !== GATEWAY.internal,
        `Service ${s.metadata.name} port ${p.name} is not the gateway's internal port`);
    }
  }
  for (const d of ofKind('Deployment')) {
    for (const c of d.spec.template.spec.containers) {
      t.notMatch(c.image, /postgres|redis/, `${d.metadata.name}: no in-cluster Postgres/Redis`);
    }
  }
});

t.test('k8s: pods run as non-root, read-only, with resources and pinned images', async (t) => {
  for (const [label, spec] of podSpecs()) {
    t.equal(spec.securityContext?.runAsNonRoot, true, `${label} runAsNonRoot`);
    t.ok(spec.securityContext?.runAsUser > 0, `${label} numeric non-root runAsUser (the image USER is a name)`);
    t.equal(spec.securityContext?.seccompProfile?.type, 'RuntimeDefault', `${label} seccomp RuntimeDefault`);
    t.equal(spec.automountServiceAccountToken, false, `${label} does not mount an API token`);
    const volumes = new Set((spec.volumes ?? []).map((v: Obj) => v.name));
    for (const c of containersOf(spec)) {
      const id = `${label}/${c.name}`;
      t.ok(imagePinned(c.image), `${id} image ${c.image} pinned`);
      t.not(c.securityContext?.runAsUser, 0, `${id} does not override the user to root`);
      t.not(c.securityContext?.runAsNonRoot, false, `${id} does not lift runAsNonRoot`);
      t.equal(c.securityContext?.allowPrivilegeEscalation, false, `${id} no privilege escalation`);
      t.equal(c.securityContext?.readOnlyRootFilesystem, true, `${id} read-only root filesystem`);
      t.same(c.securityContext?.capabilities?.drop, ['ALL'], `${id} drops all capabilities`);
      t.notOk(c.securityContext?.privileged, `${id} not privileged`);
      for (const kind of ['requests', 'limits']) {
        t.ok(c.resources?.[kind]?.cpu && c.resources?.[kind]?.memory, `${id} ${kind} cpu and memory`);
      }
      t.ok(c.volumeMounts?.some((m: Obj) => m.mountPath === '/tmp'), `${id} has a writable /tmp (tsx cache)`);
      for (const m of c.volumeMounts ?? []) t.ok(volumes.has(m.name), `${id} mount ${m.name} is defined`);
    }
    for (const v of spec.volumes ?? []) {
      if (v.persistentVolumeClaim) t.ok(find('PersistentVolumeClaim', v.persistentVolumeClaim.claimName), `${label} PVC ${v.persistentVolumeClaim.claimName} shipped`);
    }
  }
});

t.test('k8s: secrets only come from the Secret', async (t) => {
  const config: Obj = find('ConfigMap', CONFIGMAP)?.data ?? {};
  t.ok(Object.keys(config).length, 'ConfigMap has data');
  for (const [key, value] of Object.entries(config)) {
    t.notOk(isSecretName(key), `ConfigMap holds no secret key (${key})`);
    t.notMatch(String(value), PEM, `ConfigMap ${key} holds no PEM`);
    t.notMatch(String(value), URL_PASSWORD, `ConfigMap ${key} holds no URL with a password`);
  }
  t.notOk(ofKind('Secret').length, 'no Secret with values is applied by the kustomization');

  const template = exampleFiles.flatMap(loadObjects).find((o) => o.kind === 'Secret');
  t.equal(template?.metadata.name, SECRET);
  const templateData: Obj = { ...template?.stringData, ...template?.data };
  for (const [key, value] of Object.entries(templateData)) {
    t.match(String(value), /REPLACE_ME/, `secret.example.yaml ${key} is a REPLACE_ME placeholder`);
  }

  for (const [label, spec] of podSpecs()) {
    for (const c of containersOf(spec)) {
      for (const e of c.env ?? []) {
        if (isSecretName(e.name)) {
          t.equal(e.value, undefined, `${label} ${e.name} has no literal value`);
          t.equal(e.valueFrom?.secretKeyRef?.name, SECRET, `${label} ${e.name} comes from ${SECRET}`);
        }
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) t.ok(ref.key in templateData, `${label} ${e.name}: key ${ref.key} is documented in secret.example.yaml`);
      }
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef) t.ok(find('ConfigMap', from.configMapRef.name), `${label} ConfigMap ${from.configMapRef.name} shipped`);
        t.notOk(from.secretRef, `${label} gets named secret keys, not the whole Secret`);
      }
    }
  }
  const env = (d: string) => (find('Deployment', d)?.spec.template.spec.containers[0].env ?? []).map((e: Obj) => e.name);
  t.ok(env('auth').includes('JWT_PRIVATE_KEY'), 'auth signs tokens');
  for (const [name] of HTTP_SERVICES.filter(([n]) => n !== 'auth')) {
    t.notOk(env(name).includes('JWT_PRIVATE_KEY'), `${name} never sees the signing key`);
  }
});

t.test('k8s: only the gateway is exposed; it scales and survives drains', async (t) => {
  const ingresses = ofKind('Ingress');
  t.equal(ingresses.length, 1, 'one Ingress');
  const backends = ingresses.flatMap((i) => [
    i.spec.defaultBackend,
    ...(i.spec.rules ?? []).flatMap((r: Obj) => r.http?.paths.map((p: Obj) => p.backend) ?? []),
  ]).filter(Boolean);
  t.ok(backends.length > 0);
  const servicePort = (port: Obj) => port.name ?? must('Service', 'gateway').spec.ports.find((p: Obj) => p.port === port.number)?.name;
  for (const b of backends) {
    t.equal(b.service.name, 'gateway', 'Ingress only routes to the gateway');
    t.ok(['http', 'comfy'].includes(servicePort(b.service.port)), `on a public gateway port (${JSON.stringify(b.service.port)})`);
    t.ok(b.service.port.name !== 'internal' && b.service.port.number !== GATEWAY.internal, 'never on the internal port');
  }

  const hpas = ofKind('HorizontalPodAutoscaler');
  const targets = hpas.map((h) => h.spec.scaleTargetRef.name);
  for (const name of ['gateway', 'auth', 'projects', 'stats', 'vectors', WORKER.name]) {
    t.ok(targets.includes(name), `HPA for ${name}`);
  }
  for (const h of hpas) {
    const d = find('Deployment', h.spec.scaleTargetRef.name);
    t.ok(d, `HPA ${h.metadata.name} targets a shipped Deployment`);
    t.equal(d?.spec.replicas, undefined, `${h.metadata.name}: replicas left to the HPA`);
    t.ok(h.spec.minReplicas <= h.spec.maxReplicas);
  }
  t.notOk(targets.includes('comfy-orchestrator'), 'the orchestrator is not autoscaled');

  const pdb = find('PodDisruptionBudget', 'gateway');
  t.same(pdb?.spec.selector.matchLabels, { 'app.kubernetes.io/name': 'gateway' }, 'PDB protects the gateway');
  const gatewayHpa = hpas.find((h) => h.spec.scaleTargetRef.name === 'gateway');
  t.ok(gatewayHpa?.spec.minReplicas > (pdb?.spec.minAvailable ?? 0), 'gateway keeps more replicas than the PDB minimum');
});

/** nginx sizes: `210m` = 210 MiB. */
function nginxBytes(size: string): number {
  const m = /^(\d+)([kmg]?)$/i.exec(String(size));
  if (!m) return NaN;
  return Number(m[1]) * 1024 ** ({ '': 0, k: 1, m: 2, g: 3 } as Record<string, number>)[m[2].toLowerCase()];
}

t.test('k8s: the ComfyUI origin is a host of its own, routed to the gateway\'s comfy port', async (t) => {
  const ingress = must('Ingress', 'gateway');
  const rules: Obj[] = ingress.spec.rules ?? [];
  t.notOk(ingress.spec.defaultBackend, 'no default backend: every host is named');
  const routesTo = (port: string) => rules.filter((r) => r.http?.paths.some((p: Obj) => p.backend.service.port.name === port));
  const [consoleRule, ...moreConsole] = routesTo('http');
  const [comfyRule, ...moreComfy] = routesTo('comfy');
  t.ok(consoleRule?.host, 'a host for the console and /api (port http)');
  t.ok(comfyRule?.host, 'a host for the ComfyUI origin (port comfy)');
  t.same([moreConsole.length, moreComfy.length], [0, 0], 'one host each');
  for (const rule of rules) {
    t.ok(rule.host, 'every rule names its host');
    const ports = new Set(rule.http.paths.map((p: Obj) => p.backend.service.port.name));
    t.equal(ports.size, 1, `${rule.host} routes to one gateway port only`);
  }
  t.not(comfyRule?.host, consoleRule?.host, 'the ComfyUI origin is not the console\'s host');
  const tlsHosts = (ingress.spec.tls ?? []).flatMap((tls: Obj) => tls.hosts ?? []);
  for (const host of [consoleRule?.host, comfyRule?.host]) t.ok(tlsHosts.includes(host), `TLS covers ${host}`);

  // The orchestrator's links open on that host.
  const config: Obj = find('ConfigMap', CONFIGMAP)?.data ?? {};
  const container = must('Deployment', 'comfy-orchestrator').spec.template.spec.containers[0];
  const publicUrl = envValue(container, 'COMFY_PUBLIC_URL')?.value ?? config.COMFY_PUBLIC_URL;
  if (t.ok(publicUrl, 'the orchestrator gets COMFY_PUBLIC_URL (required)')) {
    const url = new URL(publicUrl);
    t.equal(url.protocol, 'https:', 'COMFY_PUBLIC_URL is https (the Ingress terminates TLS)');
    t.equal(url.host, comfyRule?.host, 'COMFY_PUBLIC_URL names the ComfyUI host of the Ingress');
    t.not(url.host, consoleRule?.host, 'COMFY_PUBLIC_URL is not the console\'s host');
    t.equal(url.pathname, '/', 'COMFY_PUBLIC_URL is an origin, no path');
  }
  if (!envValue(container, 'COMFY_PUBLIC_URL')) {
    t.ok(container.envFrom?.some((e: Obj) => e.configMapRef?.name === CONFIGMAP), 'the orchestrator reads it from the ConfigMap');
  }

  const annotations: Obj = ingress.metadata.annotations ?? {};
  t.ok(nginxBytes(annotations['nginx.ingress.kubernetes.io/proxy-body-size']) > COMFY_MAX_UPLOAD_BYTES,
    `proxy-body-size (${annotations['nginx.ingress.kubernetes.io/proxy-body-size']}) lets an upload of COMFY_MAX_UPLOAD_BYTES through`);
  for (const key of ['proxy-read-timeout', 'proxy-send-timeout']) {
    t.ok(Number(annotations[`nginx.ingress.kubernetes.io/${key}`]) >= 3600, `${key} keeps ComfyUI WebSockets open (an hour)`);
  }
});

t.test('k8s: the migrate Job', async (t) => {
  const jobs = ofKind('Job');
  t.equal(jobs.length, 1);
  const spec = jobs[0].spec.template.spec;
  t.match(spec.restartPolicy, /^(Never|OnFailure)$/);
  const [c] = spec.containers;
  t.same(c.args, ['sh', '-c', MIGRATE_COMMAND], 'runs db:migrate then db:seed');
  t.ok(envValue(c, 'DATABASE_URL')?.valueFrom?.secretKeyRef, 'DATABASE_URL from the Secret');
  t.ok(envValue(c, 'ADMIN_PASSWORD')?.valueFrom?.secretKeyRef, 'ADMIN_PASSWORD (seed) from the Secret');
  t.ok(jobs[0].spec.ttlSecondsAfterFinished > 0, 'finished Job is cleaned up so the next release reruns it');
});

t.test('compose and k8s agree on the configuration each service gets', async (t) => {
  const config: Obj = find('ConfigMap', CONFIGMAP)?.data ?? {};
  for (const name of [...HTTP_SERVICES.map(([n]) => n), WORKER.name]) {
    const container = must('Deployment', name).spec.template.spec.containers[0];
    const k8sEnv = new Set([...Object.keys(config), ...(container.env ?? []).map((e: Obj) => e.name)]);
    for (const [key, value] of Object.entries(envOf(composeServices[name]))) {
      if (value === null) continue; // optional pass-through in compose, documented in the ConfigMap
      t.ok(k8sEnv.has(key), `${name}: ${key} is set in k8s too`);
    }
  }
  const orchestrator = must('Deployment', 'comfy-orchestrator').spec.template.spec.containers[0];
  t.ok(envOf(composeServices['comfy-orchestrator']).COMFY_PUBLIC_URL, 'compose: the orchestrator gets COMFY_PUBLIC_URL');
  t.ok(config.COMFY_PUBLIC_URL || envValue(orchestrator, 'COMFY_PUBLIC_URL'), 'k8s: the orchestrator gets COMFY_PUBLIC_URL');
});

/** The variables a service's config schema reads (each also as `<NAME>_FILE`). */
async function settingsOf(service: string): Promise<Set<string>> {
  const dir = service === WORKER.name ? 'stats' : service;
  const { ConfigSchema } = (await import(`../../services/${dir}/src/config.js`)) as { ConfigSchema: { properties: Record<string, unknown> } };
  return new Set(Object.keys(ConfigSchema.properties).flatMap((name) => [name, `${name}_FILE`]));
}
// Read by the runtime or npm rather than by a service's config.
const RUNTIME_ENV = new Set(['NODE_OPTIONS', 'NPM_CONFIG_CACHE', 'TZ']);

t.test('every setting a service is handed is one it reads (no secret handed out for nothing)', async (t) => {
  const config: Obj = find('ConfigMap', CONFIGMAP)?.data ?? {};
  const readBySomeone = new Set<string>();
  for (const name of [...HTTP_SERVICES.map(([n]) => n), WORKER.name]) {
    const reads = await settingsOf(name);
    for (const key of reads) readBySomeone.add(key);
    // Peer URLs come from one shared block; a credential, though, goes only where it is used.
    const unread = (keys: string[]) => keys.filter((key) => isSecretName(key) && !reads.has(key) && !RUNTIME_ENV.has(key));
    t.same(unread(Object.keys(envOf(composeServices[name]))), [], `compose: ${name} reads every secret it is given`);
    const container = must('Deployment', name).spec.template.spec.containers[0];
    t.same(unread((container.env ?? []).map((e: Obj) => e.name)), [], `k8s: ${name} reads every secret it is given`);
  }
  t.same(Object.keys(config).filter((key) => !readBySomeone.has(key)), [], 'every ConfigMap key is read by some service');
});

t.test('PLATFORM_TIMEZONE: the services that read it, and only those, get one and the same zone', async (t) => {
  const ZONE = 'Asia/Shanghai';
  const config: Obj = find('ConfigMap', CONFIGMAP)?.data ?? {};
  t.notOk('PLATFORM_TIMEZONE' in config, 'not in the ConfigMap every service reads');
  const readers: string[] = [];
  for (const name of [...HTTP_SERVICES.map(([n]) => n), WORKER.name]) {
    const reads = (await settingsOf(name)).has('PLATFORM_TIMEZONE');
    if (reads) readers.push(name);
    const compose = envOf(composeServices[name]).PLATFORM_TIMEZONE;
    const k8s = envValue(must('Deployment', name).spec.template.spec.containers[0], 'PLATFORM_TIMEZONE')?.value;
    if (!reads) {
      t.same([compose, k8s], [undefined, undefined], `${name} does not read it and is not given it`);
      continue;
    }
    t.equal(compose, `\${PLATFORM_TIMEZONE:-${ZONE}}`, `compose: ${name} gets ${ZONE}, or .env's zone`);
    t.equal(k8s, ZONE, `k8s: ${name} gets ${ZONE}`);
  }
  t.same(readers.sort(), ['auth', 'monitor', 'stats', 'stats-worker', 'vectors'], 'the services that count by day or schedule by the clock');
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const kubectlMissing = Boolean(kubectl.error) || kubectl.status !== 0;

t.test('kustomize build (when kubectl is installed)', { skip: kubectlMissing && 'kubectl not installed' }, async (t) => {
  const built = spawnSync('kubectl', ['kustomize', K8S_DIR], { encoding: 'utf8' });
  t.equal(built.status, 0, `kubectl kustomize k8s/ succeeds ${built.stderr}`);
  const docs = parseAllDocuments(built.stdout);
  const list = (Array.isArray(docs) ? docs : [docs]).map((d) => d.toJS() as Obj).filter(Boolean);
  t.equal(list.length, objects.length, 'every object survives the build');
  for (const o of list) {
    if (o.kind !== 'Namespace') t.equal(o.metadata.namespace, NAMESPACE, `${o.kind}/${o.metadata.name} namespaced`);
    for (const c of containersOf(o.spec?.template?.spec ?? {})) t.ok(imagePinned(c.image), `${c.image} pinned after build`);
  }
});

t.test('only the services behind the gateway trust X-Forwarded-For; the gateway never trusts a client’s', async (t) => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
  t.equal(compose.services.gateway.environment.TRUST_PROXY, 'false', 'compose publishes the gateway directly');
  for (const name of BACKEND_SERVICES) t.equal(compose.services[name].environment.TRUST_PROXY, 'true', `compose ${name}`);
  const configMap = parse(readFileSync(join(K8S_DIR, 'configmap.yaml'), 'utf8'));
  t.equal(configMap.data.TRUST_PROXY, 'true', 'k8s services behind the gateway');
  const gateway = parseAllDocuments(readFileSync(join(K8S_DIR, 'gateway.yaml'), 'utf8'))
    .map((d) => d.toJSON())
    .find((d) => d?.kind === 'Deployment');
  const env = gateway.spec.template.spec.containers[0].env as { name: string; value?: string }[];
  t.equal(env.find((e) => e.name === 'TRUST_PROXY')?.value, '1', 'k8s gateway trusts exactly the ingress hop');
});
