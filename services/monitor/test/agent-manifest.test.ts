// The monitor agent as Kubernetes runs it (k8s/monitor-agent.yaml) agrees with the code: it runs the agent, on
// every node, under the node's name the monitor also uses for its own node, with the settings the agent reads,
// the node's root where MONITOR_HOST_ROOT says, and nothing that could change the node.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parse, parseAllDocuments } from 'yaml';
import { AgentConfigSchema } from '../src/samples-config.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
type Obj = Record<string, any>;
const load = (file: string): Obj[] => parseAllDocuments(readFileSync(join(ROOT, 'k8s', file), 'utf8')).map((d) => d.toJS() as Obj);
const [agent] = load('monitor-agent.yaml');
const monitor = load('monitor.yaml').find((o) => o.kind === 'Deployment')!;
const pod = agent.spec.template.spec;
const [c] = pod.containers;
const env = (container: Obj, name: string) => container.env?.find((e: Obj) => e.name === name);

t.test('a DaemonSet on every node running the agent, listed in the kustomization', async (t) => {
  t.equal(agent.kind, 'DaemonSet');
  t.ok(parse(readFileSync(join(ROOT, 'k8s/kustomization.yaml'), 'utf8')).resources.includes('monitor-agent.yaml'));
  t.same(pod.tolerations, [{ operator: 'Exists' }], 'tainted nodes (GPU, control plane) too');
  const script = c.args.at(-1);
  t.equal(script, 'services/monitor/src/agent.ts');
  t.ok(existsSync(join(ROOT, script)), 'the agent it runs exists');
  t.equal(c.image, monitor.spec.template.spec.containers[0].image, "the monitor's image");
  t.notOk(c.ports, 'no port: nothing to ask it');
});

t.test('named after its node, as the monitor names its own; the same interval', async (t) => {
  const nodeName = { fieldRef: { fieldPath: 'spec.nodeName' } };
  t.same(env(c, 'MONITOR_NODE_NAME')?.valueFrom, nodeName);
  t.same(env(monitor.spec.template.spec.containers[0], 'MONITOR_NODE_NAME')?.valueFrom, nodeName, 'the monitor: the same name for its node');
  const interval = (container: Obj) => env(container, 'MONITOR_INTERVAL_MS')?.value ?? '2000';
  t.equal(interval(c), interval(monitor.spec.template.spec.containers[0]));
});

t.test('every setting it is given is one the agent reads; the node root where MONITOR_HOST_ROOT says, read-only', async (t) => {
  const reads = new Set(Object.keys(AgentConfigSchema.properties));
  const runtime = new Set(['NVIDIA_VISIBLE_DEVICES', 'NVIDIA_DRIVER_CAPABILITIES']); // read by the NVIDIA container runtime
  for (const e of c.env) t.ok(reads.has(e.name) || runtime.has(e.name), `${e.name} is read`);
  t.same(env(c, 'REDIS_URL')?.valueFrom?.secretKeyRef, { name: 'xl-platform-secrets', key: 'REDIS_URL' });
  const root = env(c, 'MONITOR_HOST_ROOT')?.value;
  const mount = c.volumeMounts.find((m: Obj) => m.mountPath === root);
  t.ok(mount, `a volume mounted at ${root}`);
  t.equal(mount?.readOnly, true);
  t.same(pod.volumes.find((v: Obj) => v.name === mount?.name)?.hostPath, { path: '/' }, "the node's /");
  t.equal(pod.hostNetwork, true, "the node's interfaces");
});

t.test('it can change nothing on the node: non-root, no privilege, read-only root filesystem', async (t) => {
  t.equal(pod.securityContext.runAsNonRoot, true);
  t.ok(pod.securityContext.runAsUser > 0);
  t.equal(pod.automountServiceAccountToken, false);
  t.notOk(pod.hostPID, 'no view of the node processes');
  t.equal(c.securityContext.allowPrivilegeEscalation, false);
  t.equal(c.securityContext.readOnlyRootFilesystem, true);
  t.same(c.securityContext.capabilities.drop, ['ALL']);
  t.notOk(c.securityContext.privileged);
  t.ok(c.resources.limits.cpu && c.resources.limits.memory);
});
