// Every node: per-node agents (real child processes, `src/agent.ts`) publish their samples to a real Redis of
// this test's own; the monitor lists every node and serves any of them. An agent that stops turns its node
// `down`; Redis going away leaves the monitor answering for its own node, and coming back brings the others back.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import type { DashboardResources, ServerStats } from '@app/contracts';
import { startPrivateRedis, until } from '@app/testing';
import { ADMIN_PASSWORD, startPlatform } from '../../gateway/test/platform.js';
import { fakeNvidiaSmi } from './fixtures/nvidia-smi.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const INTERVAL_MS = 300;
const SELF = 'monitor-node';

const redis = await startPrivateRedis(t);
const smi = fakeNvidiaSmi(t);
const p = await startPlatform(t, {
  backends: ['monitor'],
  env: { MONITOR_INTERVAL_MS: String(INTERVAL_MS), MONITOR_NODE_NAME: SELF, MONITOR_REDIS_URL: redis.url },
});
const admin = await p.token('admin', ADMIN_PASSWORD);

/** `monitor agent` on a node called `name`, as the DaemonSet runs it. */
function startAgent(t: Test, name: string, env: Record<string, string> = {}) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'services/monitor/src/agent.ts'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redis.url, REDIS_KEY_PREFIX: p.env.REDIS_KEY_PREFIX, MONITOR_INTERVAL_MS: String(INTERVAL_MS), MONITOR_NODE_NAME: name, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await once(child, 'exit');
  };
  t.teardown(() => stop('SIGKILL'));
  return { child, stop, stderr: () => stderr };
}

async function get<T>(path: string): Promise<{ status: number; body: { data: T; errorKey?: string } }> {
  const res = await p.fetch(path, { token: admin });
  return { status: res.status, body: await res.json() };
}
async function stats(query = ''): Promise<ServerStats> {
  const res = await get<ServerStats>(`/api/server/stats${query}`);
  if (res.status !== 200) throw new Error(`stats${query}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}
const statusOf = (s: ServerStats, name: string) => s.nodes.find((n) => n.name === name)?.status;

const agentA = startAgent(t, 'agent-a', { PATH: smi.path });
const agentB = startAgent(t, 'agent-b');

t.test('the monitor lists every node and serves any of them by ?node=', async (t) => {
  const all = await until(() => stats(), (s) => statusOf(s, 'agent-a') === 'up' && statusOf(s, 'agent-b') === 'up', 60_000, 'both agents up', 100).catch((err) => {
    throw new Error(`${err.message}\nagent-a: ${agentA.stderr()}\nagent-b: ${agentB.stderr()}`);
  });
  t.equal(all.node, SELF, 'without ?node= the monitor answers for itself');
  t.same(
    all.nodes.map((n) => [n.name, n.status, n.self]),
    [
      [SELF, 'up', true],
      ['agent-a', 'up', false],
      ['agent-b', 'up', false],
    ],
    'its own node first, then the agents by name',
  );

  const a = await stats('?node=agent-a');
  t.equal(a.node, 'agent-a');
  t.equal(a.status, 'up');
  t.equal(a.intervalMs, INTERVAL_MS);
  t.ok(a.cpu.usage >= 0 && a.cpu.usage <= 100 && a.memory.used <= a.memory.total && a.disk.mounts.length >= 1, 'a real sample');
  t.same(
    a.gpu?.map((g) => g.name),
    ['NVIDIA GeForce RTX 4090', 'NVIDIA GeForce RTX 4090', 'Tesla T4'],
    "agent-a's cards, from the nvidia-smi on its PATH",
  );
  const b = await stats('?node=agent-b');
  t.equal(b.node, 'agent-b');
  t.equal(b.gpu, undefined, 'agent-b has no GPU');

  const h = await until(() => stats('?node=agent-a&history=1m'), (s) => s.history!.length >= 3, 20_000, "agent-a's history", 100);
  const stamps = h.history!.map((x) => Date.parse(x.timestamp));
  t.same(stamps, [...stamps].sort((x, y) => x - y), 'oldest first');
  t.ok(h.history!.every((x) => x.gpu?.length === 3), 'every sample of agent-a');

  const r = await get<DashboardResources>('/api/dashboard/resources');
  t.equal(r.status, 200);
  t.same(
    r.body.data.nodes.map((n) => [n.name, n.gpu.length]),
    [
      [SELF, 0],
      ['agent-a', 3],
      ['agent-b', 0],
    ],
  );
});

t.test("an agent on the monitor's own node is preferred while it is up; once it stops, the monitor's own sampler answers", async (t) => {
  const before = await stats();
  t.equal(before.gpu, undefined, "the monitor's own sampler sees no GPU here");
  // Kubernetes: the DaemonSet's agent on the monitor's node publishes under the same (node) name.
  const local = startAgent(t, SELF, { PATH: smi.path });
  const fromAgent = await until(() => stats(), (s) => s.gpu?.length === 3, 60_000, "the agent's samples for the monitor's node", 100).catch((err) => {
    throw new Error(`${err.message}\nagent: ${local.stderr()}`);
  });
  t.equal(fromAgent.node, SELF);
  t.equal(fromAgent.status, 'up');
  t.same(
    fromAgent.nodes.filter((n) => n.name === SELF).map((n) => n.self),
    [true],
    'listed once, as the monitor\'s own node',
  );
  t.ok((await stats('?history=1m')).history!.some((h) => h.gpu?.length === 3), "its history is the agent's");
  await local.stop();
  const own = await until(() => stats(), (s) => s.gpu === undefined, 20_000, "the monitor's own samples again", 50);
  t.equal(own.status, 'up', 'the node is not down: the monitor still samples it');
});

t.test('an agent that stops publishing turns its node down; its last sample is still served', async (t) => {
  const before = await until(() => stats('?node=agent-b'), (s) => s.status === 'up', 20_000, 'agent-b up', 100);
  await agentB.stop();
  const down = await until(() => stats(), (s) => statusOf(s, 'agent-b') === 'down', 20_000, 'agent-b down', 50);
  t.equal(statusOf(down, 'agent-a'), 'up', 'the other agent is still up');
  const lastSeen = down.nodes.find((n) => n.name === 'agent-b')!.lastSeen;
  t.ok(Date.parse(lastSeen) >= Date.parse(before.timestamp));
  const last = await stats('?node=agent-b');
  t.equal(last.status, 'down');
  t.equal(last.timestamp, lastSeen, 'its last sample is the one it was last seen with');
  // Several more rounds of reading Redis: still that sample, still down, still listed.
  const later = await until(() => stats(), (s) => s.nodes.find((n) => n.name === 'agent-a')!.lastSeen > down.nodes.find((n) => n.name === 'agent-a')!.lastSeen, 20_000, 'agent-a published again', 50);
  t.same(later.nodes.find((n) => n.name === 'agent-b'), { name: 'agent-b', status: 'down', lastSeen, self: false });
  const r = await get<DashboardResources>('/api/dashboard/resources');
  t.equal(r.body.data.nodes.find((n) => n.name === 'agent-b')?.status, 'down');
});

t.test('Redis unreachable: the monitor keeps answering for its own node; Redis back, the agents are back', async (t) => {
  await until(() => stats(), (s) => statusOf(s, 'agent-a') === 'up', 20_000, 'agent-a up', 100);
  await redis.kill();
  const killedAt = Date.now();
  // Fresh samples of its own node, from memory, while the agents' samples cannot be read.
  const own = await until(() => stats('?history=1m'), (s) => Date.parse(s.timestamp) > killedAt, 20_000, 'a sample taken after Redis died', 50);
  t.equal(own.node, SELF);
  t.equal(own.status, 'up');
  t.ok(own.history!.length >= 2, 'its own history too');
  const stale = await until(() => stats(), (s) => statusOf(s, 'agent-a') === 'down', 20_000, 'agent-a down while its samples cannot be read', 100);
  t.equal(stale.node, SELF);
  const cached = await get<ServerStats>('/api/server/stats?node=agent-a');
  t.equal(cached.status, 200, 'the last known sample of another node');
  t.equal(cached.body.data.status, 'down');
  const history = await get<ServerStats>('/api/server/stats?node=agent-a&history=1m');
  t.equal(history.status, 503, "another node's history is in Redis");
  t.equal(history.body.errorKey, 'MON_SAMPLES_UNAVAILABLE');
  const resources = await get<DashboardResources>('/api/dashboard/resources');
  t.equal(resources.status, 200);
  t.equal(resources.body.data.nodes[0].name, SELF);
  t.equal(agentA.child.exitCode, null, 'the agent did not crash either');

  await redis.start();
  const back = await until(() => stats(), (s) => statusOf(s, 'agent-a') === 'up', 30_000, 'agent-a up again', 100);
  t.equal(statusOf(back, SELF), 'up');
  t.equal((await get<ServerStats>('/api/server/stats?node=agent-a&history=1m')).status, 200);
});
