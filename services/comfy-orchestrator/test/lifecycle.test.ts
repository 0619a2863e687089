import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { join } from 'node:path';
import t from 'tap';
import { defaultWorkflow, simulatorCommand } from '@app/comfyui-sim';
import { alive, orchestratorEnv, processesUnder, sendPrompt, startOrchestrator } from './helpers.js';

t.test('open starts an instance, a second open reuses it, another user gets 403 权限不足', async (t) => {
  const env = await orchestratorEnv(t);
  const o = await startOrchestrator(t, env);
  const first = await o.open(1, 10);
  t.equal(first.status, 200);
  t.match(first.body.data, { status: 'starting', url: new RegExp(`^${env.COMFY_PUBLIC_URL}/comfy/[0-9a-f-]{36}/\\?ticket=[\\w-]{20,}$`) });
  const id = first.body.data.serviceId;
  const running = await o.until(id, (r) => r.status === 'running');
  t.ok(running.port && running.pid && alive(running.pid), 'a real process on its own port');
  t.ok(running.lastHeartbeat, 'heartbeats recorded');
  t.ok((await fetch(`http://127.0.0.1:${running.port}/system_stats`)).ok, 'it answers ComfyUI’s API');

  const again = await o.open(1, 10);
  t.equal(again.body.data.serviceId, id, 'reused');
  t.equal(again.body.data.status, 'running');
  t.not(again.body.data.url, first.body.data.url, 'with a fresh one-time ticket');
  const other = await o.open(1, 11);
  t.equal(other.status, 403);
  t.equal(other.body.msg, '权限不足');
  const second = await o.open(2, 11);
  t.equal(second.status, 200, 'another project gets its own instance');
  const other2 = await o.until(second.body.data.serviceId, (r) => r.status === 'running');
  t.not(other2.port, running.port, 'on its own port');
  t.not(other2.dataDir, running.dataDir, 'with its own folders');
  // ComfyUI opens on the default workflow, ready to run, not on its first-visit tutorial.
  const settingsFile = join(running.dataDir!, 'user', 'default', 'comfy.settings.json');
  t.same(JSON.parse(readFileSync(settingsFile, 'utf8')), { 'Comfy.TutorialCompleted': true }, 'a new instance’s ComfyUI settings are seeded');
  const live = await fetch(`http://127.0.0.1:${running.port}/api/settings`);
  t.same(await live.json(), { 'Comfy.TutorialCompleted': true }, 'and ComfyUI reads them');

  const stop = await o.app.inject({ method: 'POST', url: '/internal/instances/stop-project', headers: { 'x-internal-token': env.INTERNAL_TOKEN }, payload: { projectId: 1 } });
  t.equal(stop.statusCode, 200);
  t.equal((await o.row(id)).status, 'stopped');
  t.notOk(alive(running.pid), 'the process group is gone');
  await o.app.close();
  t.same(processesUnder(env.COMFY_DATA_DIR), [], 'closing the orchestrator stops every instance');
});

t.test('a crash is detected, shown, and restarted', async (t) => {
  const env = await orchestratorEnv(t, { COMFYUI_COMMAND: `${simulatorCommand()} --sim-crash-after 1` });
  const o = await startOrchestrator(t, env);
  const id = (await o.open(1, 10)).body.data.serviceId;
  const before = await o.until(id, (r) => r.status === 'running');
  // The user's own ComfyUI settings, changed since the seed, must survive the restart.
  const settingsFile = join(before.dataDir!, 'user', 'default', 'comfy.settings.json');
  writeFileSync(settingsFile, JSON.stringify({ 'Comfy.TutorialCompleted': true, 'Comfy.Locale': 'zh' }));
  t.equal(await sendPrompt(before.port!, defaultWorkflow()), 200);
  const crashed = await o.until(id, (r) => r.status === 'crashed' || r.restarts > 0, 5000);
  t.match(crashed.lastError ?? '', /exited|gone/, 'the reason is recorded');
  const after = await o.until(id, (r) => r.status === 'running' && r.restarts >= 1);
  t.equal(after.restarts, 1, 'restarted once');
  t.match(after.lastError ?? '', /exited|gone/, 'the reason stays visible after the restart');
  t.not(after.pid, before.pid, 'a new process');
  t.notOk(alive(before.pid), 'the old one is gone');
  t.same(JSON.parse(readFileSync(settingsFile, 'utf8')), { 'Comfy.TutorialCompleted': true, 'Comfy.Locale': 'zh' }, 'the user’s ComfyUI settings are kept');
});

t.test('a hung instance (port open, no answers) is detected by heartbeats, killed and restarted', async (t) => {
  const env = await orchestratorEnv(t, { COMFYUI_COMMAND: `${simulatorCommand()} --sim-hang-after 1` });
  const o = await startOrchestrator(t, env);
  const id = (await o.open(1, 10)).body.data.serviceId;
  const before = await o.until(id, (r) => r.status === 'running');
  t.equal(await sendPrompt(before.port!, defaultWorkflow()), 200);
  const after = await o.until(id, (r) => r.status === 'running' && r.restarts >= 1, 20_000);
  t.equal(after.restarts, 1, 'restarted once');
  t.match(after.lastError ?? '', /not answering|heartbeats missed/);
  t.notOk(alive(before.pid), 'the hung process was killed');
});

t.test('a port already taken by something else: the next port is used', async (t) => {
  const env = await orchestratorEnv(t);
  const first = Number(env.COMFY_PORT_RANGE.split('-')[0]);
  const squatter = net.createServer().listen(first, '127.0.0.1');
  t.teardown(() => squatter.close());
  const o = await startOrchestrator(t, env);
  const id = (await o.open(1, 10)).body.data.serviceId;
  const running = await o.until(id, (r) => r.status === 'running');
  t.equal(running.port, first + 1);
});

t.test('a port taken between the check and the bind: the launch moves on to the next port', async (t) => {
  // The simulator exits with "address already in use" like ComfyUI does when its port is stolen late.
  const env = await orchestratorEnv(t, { COMFYUI_COMMAND: `${simulatorCommand()} --sim-startup-delay 600` });
  const first = Number(env.COMFY_PORT_RANGE.split('-')[0]);
  const o = await startOrchestrator(t, env);
  const id = (await o.open(1, 10)).body.data.serviceId;
  await o.until(id, (r) => r.port === first, 5000);
  const thief = net.createServer().listen(first, '127.0.0.1');
  t.teardown(() => thief.close());
  const running = await o.until(id, (r) => r.status === 'running');
  t.equal(running.port, first + 1);
  t.equal(running.restarts, 0, 'not counted as a crash');
});

t.test('a launch that never comes up fails without a restart loop', async (t) => {
  const env = await orchestratorEnv(t, { COMFYUI_COMMAND: 'node -e "console.error(\'CUDA error: no kernel image\'); process.exit(3)" -- {port} {dataDir}' });
  const o = await startOrchestrator(t, env);
  const id = (await o.open(1, 10)).body.data.serviceId;
  const failed = await o.until(id, (r) => r.status === 'failed');
  t.match(failed.lastError ?? '', /exited during startup[\s\S]*CUDA error/);
  await new Promise((r) => setTimeout(r, 1500));
  const later = await o.row(id);
  t.equal(later.status, 'failed', 'stays failed');
  t.equal(later.restarts, 0, 'no restart loop');
  const retry = await o.open(1, 10);
  t.not(retry.body.data.serviceId, id, 'opening again is a fresh attempt');
});

t.test('an idle instance gives its memory back half way (POST /free), then is stopped after COMFY_IDLE_MINUTES', async (t) => {
  const env = await orchestratorEnv(t, { COMFY_IDLE_MINUTES: '0.05' }); // 3 s
  const o = await startOrchestrator(t, env);
  const id = (await o.open(1, 10)).body.data.serviceId;
  const running = await o.until(id, (r) => r.status === 'running');
  let frees: { unload_models: boolean; free_memory: boolean }[] = [];
  for (let i = 0; i < 40 && !frees.length; i++) {
    await new Promise((r) => setTimeout(r, 100));
    frees = (await (await fetch(`http://127.0.0.1:${running.port}/sim/state`)).json()).frees;
  }
  t.match(frees, [{ unload_models: true, free_memory: true }], 'models unloaded while it idles');
  t.equal((await o.row(id)).status, 'running', 'and still running');
  const stopped = await o.until(id, (r) => r.status === 'stopped', 10_000);
  t.match(stopped.lastError ?? '', /idle/);
  t.notOk(alive(running.pid));
});

t.test('many projects opened at the same moment each get their own port and all run', async (t) => {
  const env = await orchestratorEnv(t);
  const o = await startOrchestrator(t, env);
  const ids = (await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((p) => o.open(p, 10)))).map((r) => r.body.data.serviceId as string);
  const rows = await Promise.all(ids.map((id) => o.until(id, (r) => r.status === 'running' || r.status === 'failed', 30_000)));
  t.same(rows.map((r) => r.status), Array(8).fill('running'));
  t.equal(new Set(rows.map((r) => r.port)).size, 8, 'no two instances share a port');
  for (const r of rows) t.ok(alive(r.pid), `pid ${r.pid} alive`);
});

t.test('two clicks at once on one project start one instance', async (t) => {
  const env = await orchestratorEnv(t);
  const o = await startOrchestrator(t, env);
  const [a, b] = await Promise.all([o.open(1, 10), o.open(1, 10)]);
  t.equal(a.body.data.serviceId, b.body.data.serviceId);
  t.equal(await o.app.db.comfyuiService.count({ where: { projectId: 1 } }), 1);
});

t.test('GPUs from COMFY_GPUS are handed out through CUDA_VISIBLE_DEVICES', async (t) => {
  const env = await orchestratorEnv(t, { COMFY_GPUS: '0,1' });
  const o = await startOrchestrator(t, env);
  const ids = [];
  for (const p of [1, 2]) ids.push((await o.open(p, 10)).body.data.serviceId as string);
  const rows = await Promise.all(ids.map((id) => o.until(id, (r) => r.status === 'running')));
  t.same(rows.map((r) => r.gpu).sort(), ['0', '1']);
  for (const r of rows) {
    const stats = await (await fetch(`http://127.0.0.1:${r.port}/system_stats`)).json();
    t.match(stats.devices[0].name, `CUDA_VISIBLE_DEVICES=${r.gpu}`, 'the instance sees only its device');
  }
});

t.test('a COMFYUI_COMMAND without {port} or {dataDir} is refused at boot, naming the variable', async (t) => {
  const { loadConfig, ConfigError } = await import('@app/service-kit');
  const { ConfigSchema } = await import('../src/config.js');
  const env = await orchestratorEnv(t, { COMFYUI_COMMAND: 'python main.py --port {port}' });
  const err = t.throws(() => loadConfig(ConfigSchema, env)) as unknown as InstanceType<typeof ConfigError>;
  t.match(err.message, /COMFYUI_COMMAND is malformed \(must use \{port\} and \{dataDir\}/);
});

t.test('shutdown with the database already gone (PostgreSQL stopped first) still stops every instance', async (t) => {
  const env = await orchestratorEnv(t);
  const o = await startOrchestrator(t, env);
  const [a, b] = [(await o.open(1, 10)).body.data.serviceId, (await o.open(2, 11)).body.data.serviceId];
  const running = [await o.until(a, (r) => r.status === 'running'), await o.until(b, (r) => r.status === 'running')];
  t.ok(running.every((r) => alive(r.pid)), 'two instances run');
  // As `npm start`'s Ctrl-C can do: the database goes away before the orchestrator has stopped its instances.
  const url = new URL(env.DATABASE_URL);
  const database = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE "${database}" WITH (FORCE)`);
  await admin.end();
  await o.app.close();
  t.ok(running.every((r) => !alive(r.pid)), 'both process groups were stopped without the database');
  t.same(processesUnder(env.COMFY_DATA_DIR), [], 'nothing left running');
});
