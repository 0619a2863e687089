// GET /api/dashboard/nodes against real components: the platform's auth, PostgreSQL and Redis, the monitor
// itself, and small real HTTP servers standing for services (one that stops and comes back, one that never
// answers). Services nobody started sit on a closed port.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import t, { type Test } from 'tap';
import type { DashboardNodes, NodeHealth } from '@app/contracts';
import { until } from '@app/testing';
import { ADMIN_PASSWORD, buildService, startPlatform } from '../../gateway/test/platform.js';

/** A stand-in service whose /readyz says ready, on a port it keeps across stop and start. */
async function readyService(t: Test) {
  let server: Server | null = null;
  let port = 0;
  const start = async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ code: 200, msg: 'success', message: 'success', data: { status: 'ready', service: 'projects', checks: {} } }));
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  };
  const stop = async () => {
    const s = server!;
    server = null;
    s.closeAllConnections();
    s.close();
    await once(s, 'close');
  };
  await start();
  t.teardown(async () => {
    if (server) await stop();
  });
  return { url: () => `http://127.0.0.1:${port}`, start, stop };
}

/** A service that accepts connections and never answers. */
async function hangingService(t: Test) {
  const server = createServer(() => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const projects = await readyService(t);
const stats = await hangingService(t);
const TIMEOUT_MS = 800;
const p = await startPlatform(t, {
  backends: ['monitor'],
  env: { PROJECTS_URL: projects.url(), STATS_URL: stats, MONITOR_INTERVAL_MS: '100', HEALTH_PROBE_TIMEOUT_MS: String(TIMEOUT_MS) },
});
const admin = await p.token('admin', ADMIN_PASSWORD);

async function nodes(token = admin): Promise<DashboardNodes> {
  const res = await p.fetch('/api/dashboard/nodes', { token });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`nodes: ${res.status} ${JSON.stringify(body)}`);
  return body.data;
}
const find = (answer: DashboardNodes, name: string): NodeHealth => {
  const found = answer.items.find((i) => i.name === name);
  if (!found) throw new Error(`${name} not in ${JSON.stringify(answer.items.map((i) => i.name))}`);
  return found;
};
/** The first answer whose round started at or after `since`: what the view says once it has looked again. */
const roundSince = (since: Date) => until(() => nodes(), (a) => Date.parse(a.checkedAt) >= since.getTime(), 20_000, `a round after ${since.toISOString()}`, 50);

t.test('every part of the platform, each with its state, one slow service not holding up the answer', async (t) => {
  const answer = await roundSince(new Date());
  t.equal(answer.intervalMs, 100);
  t.same(
    answer.items.map((i) => i.name),
    ['auth', 'projects', 'comfy-orchestrator', 'stats', 'monitor', 'vectors', 'postgres', 'redis', 'vector-store', 'comfyui'],
    'services in platform order, then the stores, then ComfyUI',
  );
  t.match(find(answer, 'auth'), { kind: 'service', status: 'up', detail: null, node: new URL(p.env.AUTH_URL).host });
  t.match(find(answer, 'projects'), { kind: 'service', status: 'up', node: new URL(projects.url()).host });
  t.match(find(answer, 'monitor'), { kind: 'service', status: 'up', node: hostname() }, 'the monitor reports itself, on its node');

  const slow = find(answer, 'stats');
  t.match(slow, { status: 'down', detail: `no answer within ${TIMEOUT_MS} ms` }, 'a service that never answers is down at the timeout');

  t.match(find(answer, 'comfy-orchestrator'), { status: 'down', detail: /ECONNREFUSED/ }, 'a closed port is down, saying why');
  t.match(find(answer, 'vectors'), { status: 'down' });
  t.match(find(answer, 'vector-store'), { kind: 'vector-store', status: 'down', detail: /vectors is down/ }, 'the vector store lives behind the vectors service');
  t.match(find(answer, 'comfyui'), { kind: 'comfyui', status: 'down', latencyMs: null, detail: /^instances unknown/ }, 'no orchestrator, no reachable instance');

  const pg = find(answer, 'postgres');
  t.match(pg, { kind: 'postgres', status: 'up', detail: /^PostgreSQL \d+/, node: new URL(p.env.DATABASE_URL).host });
  t.ok(Number.isInteger(pg.latencyMs) && pg.latencyMs! >= 0, 'PostgreSQL reports its latency');
  const redis = find(answer, 'redis');
  t.match(redis, { kind: 'redis', status: 'up', detail: /^Redis \d+/, node: new URL(p.env.REDIS_URL).host });
  t.ok(Number.isInteger(redis.latencyMs), 'Redis reports its latency');
});

t.test('a service that stops is down at the next round, and up again once it is back', async (t) => {
  t.equal(find(await roundSince(new Date()), 'projects').status, 'up');
  await projects.stop();
  const afterStop = await roundSince(new Date());
  t.match(find(afterStop, 'projects'), { status: 'down', detail: /ECONNREFUSED/ }, 'the first round after the stop says down');
  t.equal(find(afterStop, 'auth').status, 'up', 'the others are unaffected');
  await projects.start();
  t.equal(find(await roundSince(new Date()), 'projects').status, 'up', 'the first round after the restart says up');
});

t.test('a service answering not ready is degraded, naming the failing check', async (t) => {
  const server = createServer((req, res) => {
    res.statusCode = 503;
    res.setHeader('content-type', 'application/json');
    const checks = { postgres: { ok: true, latencyMs: 2 }, 'vector-store': { ok: false, latencyMs: 2000, error: 'timed out after 2000 ms' } };
    res.end(JSON.stringify({ code: 503, msg: 'Service Unavailable', message: 'Service Unavailable', data: { status: 'not_ready', service: 'vectors', checks } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => server.close());
  const monitor = await buildService('monitor', { ...p.env, VECTORS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  t.teardown(() => monitor.close());
  const res = await monitor.inject({ url: '/api/dashboard/nodes', headers: { authorization: `Bearer ${admin}` } });
  const items: NodeHealth[] = res.json().data.items;
  t.match(items.find((i) => i.name === 'vectors'), { status: 'degraded', detail: 'not ready: vector-store: timed out after 2000 ms' });
  t.match(items.find((i) => i.name === 'vector-store'), { status: 'down', latencyMs: 2000, detail: /timed out after 2000 ms \(reported by vectors\)/ });
});

t.test('an answer is reused for one interval: polling faster probes nothing more', async (t) => {
  const monitor = await buildService('monitor', { ...p.env, MONITOR_INTERVAL_MS: '600000' });
  t.teardown(() => monitor.close());
  const ask = async () => (await monitor.inject({ url: '/api/dashboard/nodes', headers: { authorization: `Bearer ${admin}` } })).json().data as DashboardNodes;
  const first = await ask();
  t.equal(find(first, 'projects').status, 'up');
  await projects.stop();
  t.teardown(() => projects.start());
  const second = await ask();
  t.equal(second.checkedAt, first.checkedAt, 'the same round');
  t.equal(find(second, 'projects').status, 'up', 'not probed again within the interval');
});

t.test('the monitor enforces dashboard:view itself', async (t) => {
  const monitor = await buildService('monitor', p.env);
  t.teardown(() => monitor.close());
  const res = await monitor.inject({ url: '/api/dashboard/nodes' });
  t.equal(res.statusCode, 401);
  t.equal(res.json().errorKey, 'KIT_UNAUTHORIZED');
});
