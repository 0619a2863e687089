// The gateway's three listeners as a browser, an attacker and Kubernetes see them: the console's origin with
// its security headers, the internal port with the probes and metrics, and IP rules in force from the very
// first request (issue 9, items 2, 8 and 9). The ComfyUI origin itself is exercised in comfy-e2e.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '@app/service-kit';
import { createSeededDatabase, freePort, signTestToken, testServiceEnv, until } from '@app/testing';
import { listenAll } from '../src/plugins/app/listeners.js';
import { ADMIN_PASSWORD, buildService, startPlatform } from './platform.js';

const BANNED = '203.0.113.7';

/** Bans an address through the auth service's own API, as an admin would. */
async function ban(auth: FastifyInstance, ipOrCidr: string) {
  const res = await auth.inject({
    method: 'POST',
    url: '/api/settings/ips',
    headers: { authorization: `Bearer ${signTestToken({ sub: '1', role: 'admin' })}` },
    payload: { ipOrCidr, reason: 'test' },
  });
  if (res.statusCode !== 201) throw new Error(`ban ${ipOrCidr}: ${res.statusCode} ${res.body}`);
}

t.test('the console’s origin sends security headers: a CSP without inline script, no framing, nosniff, no referrer', async (t) => {
  const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/app.js"></script>');
  writeFileSync(join(dist, 'app.js'), 'console.log(1)');
  const p = await startPlatform(t, { backends: [], webDist: dist });
  const token = await p.token('admin', ADMIN_PASSWORD);
  for (const [what, res] of [
    ['the console page', await p.fetch('/')],
    ['a client-side route', await p.fetch('/settings/users')],
    ['an API answer', await p.fetch('/api/auth/me', { token })],
    ['an error', await p.fetch('/api/auth/me')],
    ['a 404', await p.fetch('/api/no-such-route')],
  ] as const) {
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    t.same(directives['script-src'], ["'self'"], `${what}: scripts from the console’s own files only`);
    t.same(directives['default-src'], ["'self'"], `${what}: default-src 'self'`);
    t.same(directives['frame-ancestors'], ["'none'"], `${what}: nobody may frame it`);
    t.same(directives['object-src'], ["'none'"], `${what}: no plugins`);
    t.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
    t.equal(res.headers.get('referrer-policy'), 'no-referrer', `${what}: no referrer leaves`);
    t.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN', `${what}: X-Frame-Options for old browsers`);
    await res.body?.cancel();
  }
});

t.test('probes, metrics and the OpenAPI document: on the internal port only', async (t) => {
  const p = await startPlatform(t, { backends: [] });
  const ready = await fetch(`${p.internalUrl}/readyz`);
  t.equal(ready.status, 200);
  const checks = (await ready.json()).data.checks;
  t.ok(checks.redis.ok && checks['ip-rules'].ok, 'with each dependency’s details');
  const metrics = await fetch(`${p.internalUrl}/metrics`);
  t.equal(metrics.status, 200);
  const body = await metrics.text();
  t.match(body, /http_request_duration_seconds_count\{[^}]*route="\/readyz"/, 'Prometheus text, counting requests');
  t.match(body, /process_cpu_seconds_total/);
  t.equal((await fetch(`${p.internalUrl}/documentation/json`)).status, 200, '/documentation/json');
  t.equal((await fetch(`${p.internalUrl}/healthz`)).status, 200, '/healthz for the liveness probe');

  // Requests to the public listeners are counted in the same registry.
  await (await p.fetch('/api/auth/captcha')).body?.cancel();
  t.match(await (await fetch(`${p.internalUrl}/metrics`)).text(), /route="\/api\/auth\/captcha"/, 'public requests are in the metrics');

  for (const path of ['/readyz', '/metrics', '/documentation/json']) {
    const pub = await p.fetch(path);
    t.equal(pub.status, 404, `console origin: ${path} → 404`);
    t.match(await pub.json(), { code: 404 });
    const comfy = await p.comfyFetch(path);
    t.equal(comfy.status, 404, `ComfyUI origin: ${path} → 404`);
    await comfy.body?.cancel();
  }
  t.equal((await p.fetch('/healthz')).status, 200, 'the public listener keeps /healthz');
  t.equal((await fetch(`${p.internalUrl}/api/auth/captcha`)).status, 404, 'and the internal port serves no API');
});

t.test('a ban made before the gateway starts applies to the first request it accepts', async (t) => {
  const p = await startPlatform(t, { backends: [], beforeGateway: (auth) => ban(auth, BANNED) });
  const first = await p.fetch('/api/auth/captcha', { ip: BANNED });
  t.equal(first.status, 403, 'the very first request from the banned address');
  t.match(await first.json(), { code: 403, msg: /封禁/ });
  t.equal((await p.comfyFetch('/comfy/x/', { ip: BANNED })).status, 403, 'on the ComfyUI origin too');
  t.equal((await p.fetch('/api/auth/captcha', { ip: '198.51.100.20' })).status, 200, 'others are served');
});

t.test('auth down at boot: not ready and serving nothing until the rules load, retried quickly', async (t) => {
  const databaseUrl = await createSeededDatabase(t, ADMIN_PASSWORD);
  const authPort = await freePort();
  const env: Record<string, string> = {
    ...testServiceEnv(databaseUrl, 'iprules-boot'),
    WEB_DIST: '/nonexistent-web-dist',
    TRUST_PROXY: '127.0.0.1',
    AUTH_URL: `http://127.0.0.1:${authPort}`,
  };
  const gateway = await buildService('gateway', env);
  t.teardown(() => gateway.close());
  const ports = await listenAll(gateway, { host: '127.0.0.1', port: 0, comfyPort: 0, internalHost: '127.0.0.1', internalPort: 0 });
  const url = `http://127.0.0.1:${ports.port}`;
  const internal = `http://127.0.0.1:${ports.internalPort}`;

  const notReady = await fetch(`${internal}/readyz`);
  t.equal(notReady.status, 503, '/readyz 503 while the IP rules are not loaded');
  t.match((await notReady.json()).data.checks['ip-rules'], { ok: false, error: /not loaded/ });
  const refused = await fetch(`${url}/api/auth/captcha`, { headers: { 'x-forwarded-for': BANNED } });
  t.equal(refused.status, 503, 'no request is served without the rules, not even to a banned address');
  t.match(await refused.json(), { code: 503 });
  t.equal((await fetch(`${url}/healthz`)).status, 200, 'liveness still answers: the process is fine');

  // Auth comes up with a ban already made; the gateway's next retry (1 s, 2 s, 4 s… at most 10 s) loads it.
  const { ConfigSchema } = await import('../../auth/src/config.js');
  const { buildApp } = await import('../../auth/src/app.js');
  const auth: FastifyInstance = await buildApp(loadConfig(ConfigSchema, env), { logger: false });
  t.teardown(() => auth.close());
  await ban(auth, BANNED);
  await auth.listen({ port: authPort, host: '127.0.0.1' });
  await until(async () => (await fetch(`${internal}/readyz`)).status, (s) => s === 200, 20_000, 'gateway ready after auth came up');
  t.pass('ready once auth answered, without waiting for the 30 s refresh');
  t.equal((await fetch(`${url}/api/auth/captcha`, { headers: { 'x-forwarded-for': BANNED } })).status, 403, 'and the ban applies');
  t.equal((await fetch(`${url}/api/auth/captcha`, { headers: { 'x-forwarded-for': '198.51.100.20' } })).status, 200, 'others are served');
});

t.test('the three listeners close together, and a taken port stops the start', async (t) => {
  const databaseUrl = await createSeededDatabase(t, ADMIN_PASSWORD);
  const env = { ...testServiceEnv(databaseUrl, 'listen'), WEB_DIST: '/nonexistent-web-dist' };
  const blocker = await buildService('gateway', env);
  t.teardown(() => blocker.close());
  const taken = await listenAll(blocker, { host: '127.0.0.1', port: 0, comfyPort: 0, internalHost: '127.0.0.1', internalPort: 0 });
  const gateway = await buildService('gateway', env);
  await t.rejects(
    listenAll(gateway, { host: '127.0.0.1', port: 0, comfyPort: taken.comfyPort, internalHost: '127.0.0.1', internalPort: 0 }),
    { code: 'EADDRINUSE' },
    'the ComfyUI origin’s port is taken: the start fails',
  );
  t.notOk(gateway.gatewayListeners.internal.server.listening, 'and nothing it opened stays listening');
  await blocker.close();
  for (const port of [taken.port, taken.comfyPort, taken.internalPort]) {
    await t.rejects(fetch(`http://127.0.0.1:${port}/healthz`), `port ${port} closed with the gateway`);
  }
});
