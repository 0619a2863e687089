// GET /api/server/stats and GET /api/dashboard/resources on this machine: the monitor samples itself in the
// background (real /proc, systeminformation, df), through the real gateway, auth and Redis.
import t, { type Test } from 'tap';
import { ROUTES, type DashboardResources, type ServerSample, type ServerStats } from '@app/contracts';
import { until } from '@app/testing';
import { ADMIN_PASSWORD, startPlatform } from '../../gateway/test/platform.js';

const INTERVAL_MS = 200;
const HISTORY_MS = 2000; // the ring keeps ceil(2000 / 200) + 1 = 11 samples
const NODE = 'test-node-a';
const p = await startPlatform(t, {
  backends: ['monitor'],
  env: { MONITOR_INTERVAL_MS: String(INTERVAL_MS), MONITOR_HISTORY_MS: String(HISTORY_MS), MONITOR_NODE_NAME: NODE, MONITOR_DISK_INTERVAL_MS: '1000' },
});
const admin = await p.token('admin', ADMIN_PASSWORD);

async function stats(query = '', token = admin): Promise<ServerStats> {
  const res = await p.fetch(`/api/server/stats${query}`, { token });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`stats${query}: ${res.status} ${JSON.stringify(body)}`);
  return body.data;
}

function checkSample(t: Test, s: ServerSample) {
  t.ok(Number.isFinite(Date.parse(s.timestamp)), 'timestamp is a date');
  t.ok(s.cpu.usage >= 0 && s.cpu.usage <= 100, `cpu ${s.cpu.usage} within 0..100`);
  t.ok(s.cpu.count >= 1, 'at least one core');
  t.equal(s.cpu.cores.length, s.cpu.count, 'one figure per core');
  t.ok(
    s.cpu.cores.every((c) => c >= 0 && c <= 100),
    `every core within 0..100: ${s.cpu.cores}`,
  );
  t.equal(s.loadavg.length, 3);
  t.ok(s.loadavg.every((l) => l >= 0));
  t.ok(s.memory.total > 0, 'memory total');
  t.ok(s.memory.used <= s.memory.total && s.memory.used > 0, 'memory used within total');
  t.ok(s.memory.available <= s.memory.total);
  t.ok(s.memory.usage > 0 && s.memory.usage <= 100);
  t.ok(s.swap.used <= s.swap.total || s.swap.total === 0);
  t.ok(s.swap.usage >= 0 && s.swap.usage <= 100);
  t.ok(s.disk.mounts.length >= 1, 'at least one real disk');
  for (const m of s.disk.mounts) {
    t.notOk(['overlay', 'tmpfs', 'devtmpfs', 'squashfs', 'proc', 'sysfs'].includes(m.type), `${m.mount} is ${m.type}, a real filesystem`);
    t.ok(m.total > 0 && m.used <= m.total && m.usage >= 0 && m.usage <= 100, `${m.mount} figures`);
  }
  t.equal(new Set(s.disk.mounts.map((m) => m.fs)).size, s.disk.mounts.length, 'each device once');
  t.equal(s.disk.total, s.disk.mounts.reduce((sum, m) => sum + m.total, 0), 'disk total sums the mounts');
  t.ok(s.network.rxBytesPerSec >= 0 && s.network.txBytesPerSec >= 0, 'network rates >= 0');
  t.notOk(s.network.interfaces.some((i) => i.name === 'lo'), 'loopback not counted');
  t.ok(s.network.interfaces.every((i) => i.rxBytesPerSec >= 0 && i.txBytesPerSec >= 0 && i.rxBytes >= 0 && i.txBytes >= 0));
  t.equal(s.network.rxBytesPerSec, s.network.interfaces.reduce((sum, i) => sum + i.rxBytesPerSec, 0), 'rx total sums the interfaces');
  t.ok(s.uptime > 0, 'uptime');
}

t.test("the latest sample of the monitor's own node: every figure in range", async (t) => {
  const s = await stats();
  t.equal(s.node, NODE);
  t.equal(s.status, 'up');
  t.equal(s.intervalMs, INTERVAL_MS);
  t.same(s.nodes.map((n) => [n.name, n.status, n.self]), [[NODE, 'up', true]]);
  t.equal(s.history, undefined, 'no history unless asked');
  checkSample(t, s);
  // Samples keep coming without anyone asking.
  const later = await until(() => stats(), (x) => Date.parse(x.timestamp) > Date.parse(s.timestamp), 10_000, 'a newer sample', 50);
  checkSample(t, later);
  t.equal(later.nodes[0].lastSeen, later.timestamp);
});

t.test('network rates are computed from the counters: the difference between two samples over the time between them', async (t) => {
  const h = (await until(() => stats('?history=15m'), (x) => x.history!.length >= 3, 20_000, 'three samples', 50)).history!;
  let compared = 0;
  for (let k = 1; k < h.length; k++) {
    const seconds = (Date.parse(h[k].timestamp) - Date.parse(h[k - 1].timestamp)) / 1000;
    for (const i of h[k].network.interfaces) {
      const before = h[k - 1].network.interfaces.find((x) => x.name === i.name);
      if (!before) continue;
      t.ok(i.rxBytes >= before.rxBytes && i.txBytes >= before.txBytes, `${i.name}: counters only grow`);
      t.ok(Math.abs(i.rxBytesPerSec - (i.rxBytes - before.rxBytes) / seconds) <= 1, `${i.name} rx rate ${i.rxBytesPerSec}`);
      t.ok(Math.abs(i.txBytesPerSec - (i.txBytes - before.txBytes) / seconds) <= 1, `${i.name} tx rate ${i.txBytesPerSec}`);
      compared++;
    }
  }
  t.ok(compared > 0, 'some interface compared');
});

t.test('history grows and is bounded by the window the ring keeps', async (t) => {
  const first = await stats('?history=1m');
  t.ok(first.history!.length >= 1);
  t.same(first.history!.at(-1), (({ node, status, intervalMs, nodes, history, ...sample }) => sample)(first), 'the last of the history is the latest sample');
  const stamps = first.history!.map((h) => Date.parse(h.timestamp));
  t.same(stamps, [...stamps].sort((x, y) => x - y), 'oldest first');
  const full = await until(() => stats('?history=15m'), (x) => x.history!.length >= 11, 20_000, 'a full ring', 100);
  t.equal(full.history!.length, 11, 'ceil(MONITOR_HISTORY_MS / interval) + 1 samples, no more');
  const again = await until(() => stats('?history=15m'), (x) => Date.parse(x.timestamp) > Date.parse(full.timestamp), 10_000, 'a newer sample', 50);
  t.equal(again.history!.length, 11, 'still bounded after more samples');
  for (const h of again.history!) checkSample(t, h);
  // A shorter window holds fewer: 1 s of 200 ms samples.
  const short = await stats('?history=1s');
  t.ok(short.history!.length >= 1 && short.history!.length <= 6, `1s of history: ${short.history!.length} samples`);
});

t.test('bad history windows and unknown nodes are refused with their errorKey', async (t) => {
  for (const bad of ['15', '15x', '0m', 'abc', '-5m', '16m', '1h', '']) {
    const res = await p.fetch(`/api/server/stats?history=${bad}`, { token: admin });
    t.equal(res.status, 400, `history=${bad}`);
    t.match(await res.json(), { code: 400, errorKey: 'VALIDATION_FAILED', data: null });
  }
  const unknown = await p.fetch('/api/server/stats?node=no-such-node', { token: admin });
  t.equal(unknown.status, 404);
  t.match(await unknown.json(), { code: 404, errorKey: 'MON_NODE_NOT_FOUND' });
  const own = await stats(`?node=${NODE}`);
  t.equal(own.node, NODE);
});

t.test("dashboard resources: seed 004's { cpu, memory, disk } percentages and every node", async (t) => {
  const res = await p.fetch('/api/dashboard/resources', { token: admin });
  t.equal(res.status, 200);
  const r: DashboardResources = (await res.json()).data;
  for (const k of ['cpu', 'memory', 'disk'] as const) t.ok(r[k] >= 0 && r[k] <= 100, `${k} ${r[k]} is a percentage`);
  t.ok(r.memory > 0 && r.disk > 0);
  t.equal(r.nodes.length, 1);
  t.match(r.nodes[0], { name: NODE, status: 'up', cpu: r.cpu, memory: r.memory, disk: r.disk });
  t.same(r.nodes[0].gpu, [], 'no GPU on this machine');
});

t.test('permissions: monitor:view for the server stats, dashboard:view for the resources, in the gateway and in the service', async (t) => {
  const role = await p.fetch('/api/settings/roles', { method: 'POST', token: admin, body: JSON.stringify({ roleKey: 'ops-nodash', name: '只看监控', permissions: ['monitor:view'] }) });
  t.ok(role.ok, `role created: ${role.status}`);
  await p.createUser('ursula', 'user', 'Ursula-pass-123'); // dashboard:view, no monitor:view
  const opsId = await p.createUser('otto', 'ops-nodash', 'Otto-pass-123');
  const user = await p.token('ursula', 'Ursula-pass-123');
  const ops = await p.token('otto', 'Otto-pass-123');

  t.equal((await p.fetch('/api/server/stats')).status, 401, 'anonymous');
  t.equal((await p.fetch('/api/dashboard/resources')).status, 401, 'anonymous');
  const refused = await p.fetch('/api/server/stats', { token: user });
  t.equal(refused.status, 403, 'dashboard:view alone does not show the server stats');
  t.match(await refused.json(), { code: 403, data: null });
  t.equal((await p.fetch('/api/dashboard/resources', { token: user })).status, 200, 'dashboard:view shows the resources');
  t.equal((await p.fetch('/api/server/stats', { token: ops })).status, 200, 'monitor:view shows the server stats');
  t.equal((await p.fetch('/api/dashboard/resources', { token: ops })).status, 403, 'monitor:view alone does not show the dashboard');

  // The monitor itself checks too: straight to it, past the gateway.
  const direct = (path: string, token: string) => fetch(`${p.env.MONITOR_URL}${path}`, { headers: { authorization: `Bearer ${token}` } });
  t.equal((await direct('/api/server/stats', user)).status, 403);
  t.equal((await direct('/api/dashboard/resources', p.mint(opsId, 'ops-nodash'))).status, 403);
  t.equal((await direct('/api/server/stats', ops)).status, 200);
});

t.test('read-only: every monitor route is a GET, and nothing answers a method that could change the server', async (t) => {
  const monitor = ROUTES.filter((r) => r.service === 'monitor');
  t.ok(monitor.some((r) => r.path === '/api/server/stats') && monitor.some((r) => r.path === '/api/dashboard/resources'));
  t.same(
    monitor.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`),
    [],
    'the route table gives the monitor GETs only',
  );
  t.notOk(
    ROUTES.some((r) => /\/(reboot|restart|shutdown|power|start|stop)\b/.test(r.path) && (r.path.startsWith('/api/server') || r.path.startsWith('/api/dashboard'))),
    'no start, stop or reboot route anywhere in the table',
  );
  for (const method of ['POST', 'PUT', 'DELETE']) {
    for (const path of ['/api/server/stats', '/api/dashboard/resources', '/api/server/reboot']) {
      const res = await p.fetch(path, { method, token: admin, body: method === 'DELETE' ? undefined : '{}' });
      t.ok(res.status === 404 || res.status === 405, `${method} ${path}: ${res.status}`);
    }
  }
});
