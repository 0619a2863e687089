// ComfyUI instances on the health view: the real comfy-orchestrator running real simulator processes lists
// its live instances (its internal route, which asks each one) and the monitor shows them to their owner.
import t from 'tap';
import type { DashboardNodes, NodeHealth } from '@app/contracts';
import { TEST_INTERNAL_TOKEN } from '@app/testing';
import { ADMIN_PASSWORD, buildService } from '../../gateway/test/platform.js';
import { createProject, openRunning, startComfyPlatform, until } from '../../projects/test/comfy-platform.js';

const p = await startComfyPlatform(t);
await p.createUser('alice', 'user');
await p.createUser('bob', 'user');
const tokens = { alice: await p.token('alice', 'alice-Pass-123'), bob: await p.token('bob', 'bob-Pass-123'), admin: await p.token('admin', ADMIN_PASSWORD) };
const monitor = await buildService('monitor', { ...p.env, MONITOR_INTERVAL_MS: '100' });
t.teardown(() => monitor.close());

async function nodes(token: string): Promise<DashboardNodes> {
  const res = await monitor.inject({ url: '/api/dashboard/nodes', headers: { authorization: `Bearer ${token}` } });
  if (res.statusCode !== 200) throw new Error(`nodes: ${res.statusCode} ${res.body}`);
  return res.json().data;
}
const fresh = (token: string, since = new Date()) => until(() => nodes(token), (a) => Date.parse(a.checkedAt) >= since.getTime(), 20_000, 'a fresh round', 50);
const comfy = (a: DashboardNodes) => a.items.filter((i) => i.kind === 'comfyui');

const projectId = await createProject(p, tokens.alice, 'MON_1');
const { service } = await openRunning(p, tokens.alice, projectId);
const name = `comfyui:${service.serviceId}`;

t.test('a running instance is up, shown to its owner and to admins only', async (t) => {
  const mine = comfy(await fresh(tokens.alice));
  t.equal(mine.length, 1);
  t.match(mine[0], { name, status: 'up', detail: `project ${projectId}` });
  t.ok(mine[0].node?.endsWith(`:${service.port}`), 'where it listens');
  t.ok(Number.isInteger(mine[0].latencyMs), 'how long it took to answer');
  t.same(comfy(await fresh(tokens.admin)).map((i) => i.name), [name], 'admins see every instance');
  t.same(comfy(await fresh(tokens.bob)), [], "another user does not see alice's instance");
  t.match((await fresh(tokens.bob)).items.find((i) => i.name === 'comfy-orchestrator'), { status: 'up' }, 'but does see the orchestrator');
});

t.test('a hung instance is down at the next round; once it answers again, up', async (t) => {
  process.kill(service.pid!, 'SIGSTOP');
  let resumed = false;
  const resume = () => {
    if (!resumed) process.kill(service.pid!, 'SIGCONT');
    resumed = true;
  };
  t.teardown(() => {
    try {
      resume();
    } catch {
      /* restarted by the orchestrator meanwhile */
    }
  });
  const hung = comfy(await fresh(tokens.admin)).find((i) => i.name === name) as NodeHealth;
  t.equal(hung.status, 'down', 'a stopped process answers nothing');
  try {
    resume();
  } catch {
    /* the orchestrator's heartbeats found it hung and replaced it */
  }
  const back = await until(() => fresh(tokens.admin), (a) => comfy(a).some((i) => i.name === name && i.status === 'up'), 60_000, 'the instance up again');
  t.match(comfy(back), [{ name, status: 'up', detail: `project ${projectId}` }], 'up again');
});

t.test('a stopped instance leaves the view', async (t) => {
  const res = await p.fetch(`/api/comfy/services/${service.serviceId}/stop`, { method: 'POST', token: tokens.alice });
  t.equal(res.status, 200);
  const after = await until(() => fresh(tokens.admin), (a) => comfy(a).length === 0, 30_000, 'no instance listed');
  t.ok(after.items.some((i) => i.name === 'comfy-orchestrator' && i.status === 'up'), 'the orchestrator still up, with nothing to list');
});

t.test("the orchestrator's instance listing is internal: the shared secret is required", async (t) => {
  const url = `${p.env.COMFY_ORCHESTRATOR_URL}/internal/instances/health`;
  t.equal((await fetch(url)).status, 403, 'without the internal token');
  const res = await fetch(url, { headers: { 'x-internal-token': TEST_INTERNAL_TOKEN } });
  t.equal(res.status, 200, 'with it');
  t.type((await res.json()).data.host, 'string');
  t.equal((await p.fetch('/internal/instances/health', { token: tokens.admin })).status, 404, 'the gateway does not expose it');
});
