// `npm start` keeps the platform up: a service killed outright is started again while the others keep
// serving (a user's ComfyUI instance included); a killed redis-server is started again, requests meanwhile
// get 503 envelopes, and no generation log is lost; Ctrl-C with instances running stops everything in
// order, with no error in any log and no process or port left behind.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { defaultWorkflow } from '@app/comfyui-sim';
import { alive, until } from '@app/testing';
import { SERVICES, ctrlC, listening, processesUsing, startPlatform, startSetup, supervisorStatus } from './npm-start.js';

// Captcha off so the test can log in over HTTP; a prompt takes 3 s, so one can finish during an outage.
const setup = await startSetup(t, { AUTH_CAPTCHA: 'off', COMFY_SIM_RUN_MS: '3000', COMFY_ENV_PASSTHROUGH: 'COMFY_SIM_RUN_MS' });
const { ports, dataDir } = setup;
const api = `http://127.0.0.1:${ports.gateway}`;
const readyUrl = (s: string) => `http://127.0.0.1:${ports[s === 'gateway' ? 'gateway-internal' : s]}/readyz`;
const ready = async (s: string) => {
  try {
    return (await fetch(readyUrl(s), { signal: AbortSignal.timeout(2000) })).status === 200;
  } catch {
    return false;
  }
};
const pidsOf = () => Object.fromEntries(Object.entries(supervisorStatus(setup)).map(([name, s]) => [name, s.pid]));

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('content-type', 'application/json');
  const res = await fetch(`${api}${path}`, { ...init, headers });
  return { status: res.status, body: await res.json() };
}

t.test('supervised', async (t) => {
  const { child, output } = await startPlatform(t, setup);
  const password = readFileSync(join(dataDir, 'secrets/admin-password'), 'utf8').trim();
  const login = () => call('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password }) });
  const token = (await login()).body.data.token as string;
  t.ok(token, 'admin logs in');

  // A project with a running ComfyUI instance, entered as a browser does (ticket → cookie).
  const project = await call('/api/projects', { method: 'POST', token, body: JSON.stringify({ name: 'Supervised', code: 'SUP-1' }) });
  t.equal(project.status, 201);
  const projectId = project.body.data.id as number;
  const open = await call(`/api/projects/${projectId}/open_comfy`, { method: 'POST', token });
  t.equal(open.status, 200);
  const serviceId = open.body.data.serviceId as string;
  const instance = await until(async () => (await call(`/api/comfy/services/${serviceId}`, { token })).body.data, (s) => s.status === 'running', 60_000, 'instance running');
  const ticket = await fetch(open.body.data.url, { redirect: 'manual' });
  const cookie = ticket.headers.getSetCookie().find((c) => c.startsWith('xl_comfy='))!.split(';')[0];
  const comfy = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${ports['gateway-comfy']}/comfy/${serviceId}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json' } });
  const prompt = async () => {
    const res = await comfy('/api/prompt', { method: 'POST', body: JSON.stringify({ prompt: defaultWorkflow(), client_id: 'supervised-test' }) });
    t.equal(res.status, 200, 'ComfyUI accepts a prompt');
    return (await res.json()).prompt_id as string;
  };
  const logsOf = async (promptId: string) =>
    ((await call(`/api/logs?projectId=${projectId}&size=100`, { token })).body.data?.records ?? []).filter((r: { promptId: string }) => r.promptId === promptId);

  await t.test('a killed service is back, and nothing else restarted', async (t) => {
    for (const name of SERVICES) {
      const before = pidsOf();
      process.kill(before[name]!, 'SIGKILL');
      await until(async () => (await ready(name)) && pidsOf()[name] !== before[name], Boolean, 60_000, `${name} back`);
      t.match(output(), new RegExp(`\\[start\\] ${name} exited \\(killed by SIGKILL\\); restarting in \\d+ s`), `${name}: restarted after a backoff`);
      const after = pidsOf();
      for (const other of Object.keys(before).filter((n) => n !== name)) t.equal(after[other], before[other], `${name} killed: ${other} kept running`);
      t.ok(alive(instance.pid), `${name} killed: the ComfyUI instance kept running`);
    }
    t.equal((await login()).status, 200, 'the platform serves as before');
    const s = (await call(`/api/comfy/services/${serviceId}`, { token })).body.data;
    t.match(s, { status: 'running', pid: instance.pid }, 'the restarted orchestrator re-adopted the instance');
  });

  await t.test('a killed redis-server: 503 meanwhile, back, no generation log lost', async (t) => {
    const promptId = await prompt(); // its `running` log is on the queue; it ends 3 s later
    process.kill(pidsOf().redis!, 'SIGKILL');
    const during = await login();
    t.equal(during.status, 503, 'login during the outage → 503');
    t.match(during.body, { code: 503, msg: '服务暂不可用', errorKey: 'KIT_SERVICE_UNAVAILABLE' }, 'an envelope the client can show');
    await until(async () => (await login()).status, (s) => s === 200, 60_000, 'login works again');
    t.match(output(), /\[start\] redis exited \(killed by SIGKILL\); restarting in 1 s/);
    const logs = await until(() => logsOf(promptId), (r) => r.length === 1 && r[0].status === 'success', 60_000, 'the prompt logged as success');
    t.equal(logs.length, 1, 'the prompt that finished during the outage is logged, once');
    for (const name of SERVICES) {
      const terminal = output().split('\n').filter((l) => l.startsWith(`[${name}] `) && /"dependency":"redis"/.test(l));
      t.ok(terminal.length <= 3, `${name}: the outage took ${terminal.length} line(s) in the terminal`);
    }
  });

  await t.test('Ctrl-C with an instance running: clean logs, no process or port left', async (t) => {
    const promptId = await prompt();
    await until(() => logsOf(promptId), (r) => r.some((l: { status: string }) => l.status === 'success'), 60_000, 'a last prompt done');
    const marker = output().length;
    t.equal(await ctrlC(child), 0, 'exit code 0');
    const tail = output().slice(marker);
    t.match(tail, /stopped; nothing left running/);
    t.notMatch(tail, /"level":(50|60)/, 'no error in the terminal while stopping');
    t.notMatch(tail, /did not stop|killing it/, 'nothing had to be killed');
    for (const file of readdirSync(join(dataDir, 'logs')).filter((f) => f.endsWith('.log') && f !== 'postgres.log')) {
      const errors = readFileSync(join(dataDir, 'logs', file), 'utf8').split('\n').filter((l) => /"level":(50|60)/.test(l));
      t.same(errors, [], `${file}: no error line`);
    }
    const pgLog = readFileSync(join(dataDir, 'logs/postgres.log'), 'utf8');
    t.match(pgLog, /database system is shut down\s*$/, 'PostgreSQL stopped last, cleanly');
    t.notMatch(pgLog.slice(pgLog.lastIndexOf('received fast shutdown request')), /FATAL|ERROR/, 'and no session was cut off by it');
    t.notOk(alive(instance.pid), 'the ComfyUI instance is gone');
    for (const [name, port] of Object.entries(ports)) t.notOk(await listening(port), `${name} port ${port} is free`);
    t.notOk(await listening(instance.port), `the instance's port ${instance.port} is free`);
    t.same(processesUsing(dataDir), [], 'no process started by it is left running');
  });
});
