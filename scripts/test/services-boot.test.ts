// Every service builds against real PostgreSQL, Redis and the vector store, and answers its probes.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { BUILTIN_ROLES } from '@app/contracts';
import { authServiceRoleLoader, loadConfig } from '@app/service-kit';
import { CLOSED_URL, TEST_INTERNAL_TOKEN, createSeededDatabase, testServiceEnv } from '@app/testing';

const SERVICES = ['auth', 'projects', 'comfy-orchestrator', 'stats', 'monitor', 'vectors', 'gateway'] as const;
const INTERNAL_TOKEN = TEST_INTERNAL_TOKEN;

const databaseUrl = await createSeededDatabase(t, 'Admin-pass-123');

const base = {
  ...testServiceEnv(databaseUrl, 'boot'),
  SECRETS_KEY: 'k'.repeat(40),
  VECTOR_DATA_DIR: 'memory://',
  WEB_DIST: '/nonexistent-web-dist',
  HOST: '127.0.0.1',
  PORT: '0',
};
const upstream = CLOSED_URL;
const env = (authUrl: string) => ({ ...base, AUTH_URL: authUrl });

async function build(service: (typeof SERVICES)[number], authUrl: string): Promise<FastifyInstance> {
  const { buildApp } = await import(`../../services/${service}/src/app.js`);
  const { ConfigSchema } = await import(`../../services/${service}/src/config.js`);
  const app = await buildApp(loadConfig(ConfigSchema, env(authUrl)), { logger: false });
  t.teardown(() => app.close());
  return app;
}

const auth = await build('auth', upstream);
await auth.listen({ port: 0, host: '127.0.0.1' });
const authUrl = `http://127.0.0.1:${(auth.server.address() as { port: number }).port}`;

for (const service of SERVICES) {
  t.test(`${service}: /healthz, /readyz, /metrics, /documentation/json`, async (t) => {
    const built = service === 'auth' ? auth : await build(service, authUrl);
    // The gateway answers these on its internal port only; its public listener keeps /healthz alone.
    const app = service === 'gateway' ? built.gatewayListeners.internal : built;
    if (service === 'gateway') {
      t.equal((await built.inject('/healthz')).statusCode, 200, 'public /healthz');
      for (const path of ['/readyz', '/metrics', '/documentation/json']) t.equal((await built.inject(path)).statusCode, 404, `no public ${path}`);
    }
    const health = await app.inject('/healthz');
    t.equal(health.statusCode, 200);
    t.equal(health.json().data.service, service);
    const ready = await app.inject('/readyz');
    t.equal(ready.statusCode, 200, JSON.stringify(ready.json().data));
    const checks = Object.keys(ready.json().data.checks);
    t.ok(checks.includes('redis'), 'checks Redis');
    if (!['monitor', 'gateway'].includes(service)) t.ok(checks.includes('postgres'), 'checks PostgreSQL');
    if (service === 'vectors') t.ok(checks.includes('vector-store'), 'checks the pgvector store');
    if (service === 'gateway') t.ok(checks.includes('ip-rules'), 'checks the IP rules are loaded');
    const metrics = await app.inject('/metrics');
    t.match(metrics.body, /http_request_duration_seconds/);
    t.match(metrics.body, new RegExp(`service="${service}"`));
    const doc = await app.inject('/documentation/json');
    t.equal(doc.statusCode, 200);
    t.match(doc.json().info.title, service);
  });
}

t.test('auth answers role permissions to services holding the internal token only', async (t) => {
  const anon = await auth.inject('/internal/roles/editor');
  t.equal(anon.statusCode, 403);
  const wrong = await auth.inject({ url: '/internal/roles/editor', headers: { 'x-internal-token': 'x'.repeat(INTERNAL_TOKEN.length) } });
  t.equal(wrong.statusCode, 403);
  const load = authServiceRoleLoader(authUrl, INTERNAL_TOKEN);
  t.same(await load('editor'), BUILTIN_ROLES.find((r) => r.key === 'editor')!.permissions);
  t.same(await load('admin'), ['*']);
  t.same(await load('no-such-role'), []);
});

t.test('readiness turns 503 when a dependency is unreachable', async (t) => {
  const { buildApp } = await import('../../services/monitor/src/app.js');
  const { ConfigSchema } = await import('../../services/monitor/src/config.js');
  const app = await buildApp(loadConfig(ConfigSchema, { ...env(authUrl), REDIS_URL: 'redis://127.0.0.1:1' }), { logger: false });
  t.teardown(() => app.close());
  const ready = await app.inject('/readyz');
  t.equal(ready.statusCode, 503);
  t.equal(ready.json().data.checks.redis.ok, false);
  t.equal((await app.inject('/healthz')).statusCode, 200, 'liveness stays up: the process itself is fine');
});

for (const service of SERVICES) {
  t.test(`${service} started without its required variables exits 1 naming them`, async (t) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `services/${service}/src/server.ts`], {
      env: { PATH: process.env.PATH, REDIS_URL: 'localhost:6379' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const [code] = await once(child, 'exit');
    t.equal(code, 1);
    t.match(err, new RegExp(`^${service}: invalid configuration`));
    t.match(err, /REDIS_URL is malformed/);
    t.match(err, /JWT_PUBLIC_KEY is required/);
    t.match(err, /INTERNAL_TOKEN is required/);
    if (!['monitor', 'gateway'].includes(service)) t.match(err, /DATABASE_URL is required/);
  });
}
