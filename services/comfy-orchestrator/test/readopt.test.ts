// The orchestrator killed with SIGKILL (no chance to clean up), then started again: the instance still
// alive and answering is re-adopted; the dead one and the hung one are cleaned up. Nothing is orphaned.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import t from 'tap';
import { defaultWorkflow, simulatorCommand } from '@app/comfyui-sim';
import { freePort, until } from '@app/testing';
import { INTERNAL, alive, orchestratorEnv, processesUnder, sendPrompt } from './helpers.js';

const env = await orchestratorEnv(t, { COMFYUI_COMMAND: `${simulatorCommand()} --sim-hang-after 1`, COMFY_HEARTBEAT_MS: '300' });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let orchestrator: ChildProcess | undefined;

async function start() {
  orchestrator = spawn(process.execPath, ['--import', 'tsx', 'services/comfy-orchestrator/src/server.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('orchestrator did not start');
}
t.teardown(async () => {
  if (orchestrator && orchestrator.exitCode === null) {
    orchestrator.kill('SIGTERM');
    await once(orchestrator, 'exit');
  }
  for (const line of processesUnder(env.COMFY_DATA_DIR)) process.kill(Number(line.trim().split(' ')[0]), 'SIGKILL');
});

async function open(projectId: number) {
  const res = await fetch(`${base}/internal/instances/open`, { method: 'POST', headers: { ...INTERNAL, 'content-type': 'application/json' }, body: JSON.stringify({ projectId, userId: 7 }) });
  return (await res.json()).data.serviceId as string;
}
async function instances(): Promise<Record<string, { serviceId: string; status: string; pid: number; port: number; lastError: string | null }>> {
  return (await (await fetch(`${base}/internal/instances?projectIds=1,2,3`, { headers: INTERNAL })).json()).data;
}
const settled = (check: (i: Awaited<ReturnType<typeof instances>>) => boolean) => until(instances, check, 20_000, 'instance states');

await start();
for (const p of [1, 2, 3]) await open(p);
const before = await settled((i) => ['1', '2', '3'].every((p) => i[p]?.status === 'running'));

t.test('SIGKILL of the orchestrator leaves the instances running (no cleanup could run)', async (t) => {
  orchestrator!.kill('SIGKILL');
  await once(orchestrator!, 'exit');
  for (const p of ['1', '2', '3']) t.ok(alive(before[p].pid), `instance of project ${p} still runs`);
  process.kill(-before['2'].pid, 'SIGKILL'); // dies while nobody watches
  t.equal(await sendPrompt(before['3'].port, defaultWorkflow()), 200); // and this one hangs
  await new Promise((r) => setTimeout(r, 500));
});

t.test('after a restart: live → re-adopted, dead → cleaned, hung → killed and cleaned', async (t) => {
  await start();
  const after = await settled((i) => i['1'].status === 'running' && i['2'].status === 'stopped' && i['3'].status === 'stopped');
  t.equal(after['1'].pid, before['1'].pid, 'the same process, adopted');
  t.equal(after['1'].serviceId, before['1'].serviceId);
  t.match(after['2'].lastError ?? '', /cleaned up/);
  t.match(after['3'].lastError ?? '', /cleaned up/);
  t.notOk(alive(before['3'].pid), 'the hung one was killed');
  const left = processesUnder(env.COMFY_DATA_DIR);
  t.equal(left.length, 1, 'exactly one instance process remains');
  t.match(left[0], String(before['1'].pid));
  // the adopted instance is supervised again: heartbeats resume
  const first = (await settled((i) => i['1'].status === 'running'))['1'];
  await new Promise((r) => setTimeout(r, 1000));
  const res = await fetch(`${base}/internal/instances?projectIds=1`, { headers: INTERNAL });
  t.ok((await res.json()).data['1'], 'still listed');
  t.ok(first);
});

t.test('a graceful stop of the orchestrator stops every instance: no process left', async (t) => {
  orchestrator!.kill('SIGTERM');
  const [code] = await once(orchestrator!, 'exit');
  t.equal(code, 0);
  t.same(processesUnder(env.COMFY_DATA_DIR), []);
});
