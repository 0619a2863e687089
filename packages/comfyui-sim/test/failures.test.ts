// Failure modes a ComfyUI orchestrator must handle, each in a real child process: slow startup, port conflict,
// crash, hang, interrupt, failing runs, signals.
import { createServer } from 'node:net';
import t from 'tap';
import { defaultWorkflow } from '../src/index.js';
import { freePort, http, leftoverChildren, sleep, startSim, tcpOpen, wsConnect } from './helpers.js';

t.test('--sim-startup-delay: the port is not bound until the delay has passed', async (t) => {
  const delay = 1500;
  const sim = await startSim(t, { args: ['--sim-startup-delay', String(delay)], ready: false });
  const importing = await sim.waitForStderr(/sim: importing nodes/);
  t.match(sim.stderr().split('\n')[0], /^ComfyUI simulator \(not real ComfyUI\): /, 'first line says what it is');
  await sleep(300);
  t.notOk(await tcpOpen(sim.port), 'refused during startup');
  t.ok(sim.alive(), 'alive while importing');
  await sleep(600);
  t.notOk(await tcpOpen(sim.port), 'still refused');
  const bound = await sim.waitForStderr(/To see the GUI go to: http:\/\/127\.0\.0\.1:\d+/);
  t.ok(bound - importing >= delay - 50, `bound after the delay (${bound - importing} ms)`);
  t.equal((await http(sim.port, 'GET', '/queue')).status, 200, 'answers once bound');
  t.match(sim.stderr(), new RegExp(`To see the GUI go to: http://127\\.0\\.0\\.1:${sim.port}`));
  t.equal(sim.stdout(), '', 'logs go to stderr, like ComfyUI');
});

t.test('COMFY_SIM_STARTUP_DELAY env works like the flag; SIGTERM during startup exits 0', async (t) => {
  const sim = await startSim(t, { env: { COMFY_SIM_STARTUP_DELAY: '5000' }, ready: false });
  await sim.waitForStderr(/sim: importing nodes for 5000 ms/);
  sim.kill('SIGTERM');
  const x = await sim.exited;
  t.equal(x.code, 0);
});

t.test('port conflict: found only at the end of startup, exit non-zero, OSError on stderr', async (t) => {
  const port = await freePort();
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => blocker.close(() => r())));
  const delay = 800;
  const sim = await startSim(t, { port, args: ['--sim-startup-delay', String(delay)], ready: false });
  const importing = await sim.waitForStderr(/sim: importing nodes/);
  const x = await sim.exited;
  t.not(x.code, 0, `exit code ${x.code}`);
  t.equal(x.code, 1);
  t.ok(x.at - importing >= delay - 50, `exited only after the startup delay (${x.at - importing} ms)`);
  t.match(sim.stderr(), /OSError: \[Errno 98\] .*address already in use/);
  t.notMatch(sim.stderr(), /To see the GUI go to/);
});

t.test('--sim-crash-after 2: exit 1 right after accepting the 2nd prompt', async (t) => {
  const sim = await startSim(t, { args: ['--sim-crash-after', '2', '--sim-run-ms', '50'] });
  const one = await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow() } });
  t.equal(one.status, 200);
  await sleep(300);
  t.ok(sim.alive(), 'alive after the first');
  const bad = await http(sim.port, 'POST', '/prompt', { body: {} });
  t.equal(bad.status, 400, 'a rejected prompt does not count');
  t.ok(sim.alive());
  const two = await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow() } });
  t.equal(two.status, 200, 'the 2nd prompt is accepted (answered) …');
  const x = await sim.exited;
  t.equal(x.code, 1, '… then the process exits 1');
  t.notOk(await tcpOpen(sim.port), 'port released');
});

t.test('--sim-hang-after 1: port open, nothing answers', async (t) => {
  const sim = await startSim(t, { args: ['--sim-hang-after', '1'] });
  const ws = await wsConnect(t, sim.port, '/ws?clientId=h');
  const r = await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow(), client_id: 'h' } });
  t.equal(r.status, 200, 'the prompt is accepted');
  await ws.waitFor((m) => m.type === 'executing' && m.data.node !== null, 5000);
  await sleep(200);
  t.ok(await tcpOpen(sim.port), 'TCP connect still succeeds');
  await t.rejects(http(sim.port, 'GET', '/queue', { timeoutMs: 500 }), /timeout/, 'no answer within 500 ms');
  await t.rejects(http(sim.port, 'GET', '/system_stats', { timeoutMs: 500 }), /timeout/, 'still no answer');
  t.ok(sim.alive(), 'the process lives on');
  sim.kill('SIGTERM');
  const x = await sim.exited;
  t.equal(x.signal, 'SIGTERM', 'SIGTERM still ends a hung process (default action, as Python)');
});

t.test('--sim-hang-after with --sim-hang-ignore-sigterm: only SIGKILL ends it', async (t) => {
  const sim = await startSim(t, { env: { COMFY_SIM_HANG_AFTER: '1', COMFY_SIM_HANG_IGNORE_SIGTERM: '1' } });
  t.equal((await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow() } })).status, 200);
  await sleep(300);
  await t.rejects(http(sim.port, 'GET', '/queue', { timeoutMs: 500 }), /timeout/);
  sim.kill('SIGTERM');
  await sleep(700);
  t.ok(sim.alive(), 'SIGTERM ignored while hung');
  sim.kill('SIGKILL');
  t.equal((await sim.exited).signal, 'SIGKILL');
});

t.test('--sim-hang-at-start: binds, then never answers', async (t) => {
  const sim = await startSim(t, { args: ['--sim-hang-at-start'] });
  await sleep(100);
  t.ok(await tcpOpen(sim.port), 'port bound');
  await t.rejects(http(sim.port, 'GET', '/queue', { timeoutMs: 500 }), /timeout/);
  sim.kill('SIGKILL');
  await sim.exited;
});

t.test('POST /interrupt stops the running prompt', async (t) => {
  const sim = await startSim(t, { args: ['--sim-run-ms', '5000'] });
  const ws = await wsConnect(t, sim.port, '/ws?clientId=i');
  const { prompt_id: id } = (await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow(), client_id: 'i' } })).json();
  await ws.waitFor((m) => m.type === 'progress', 5000);
  t.equal((await http(sim.port, 'POST', '/interrupt', { body: { prompt_id: 'not-running' } })).status, 200);
  await sleep(150);
  t.notOk(ws.messages.some((m) => m.type === 'execution_interrupted'), 'interrupt for another prompt_id is ignored');
  const started = Date.now();
  t.equal((await http(sim.port, 'POST', '/api/interrupt')).status, 200);
  const ev = await ws.waitFor((m) => m.type === 'execution_interrupted', 2000);
  t.ok(Date.now() - started < 1000, 'promptly');
  t.match(ev.data, { prompt_id: id, node_id: '3', node_type: 'KSampler', executed: ['4', '6', '7', '5'] });
  await ws.waitFor((m) => m.type === 'executing' && m.data.node === null);
  t.notOk(ws.messages.some((m) => m.type === 'execution_success'));
  const h = (await http(sim.port, 'GET', `/history/${id}`)).json()[id];
  t.equal(h.status.status_str, 'error');
  t.equal(h.status.completed, false);
  t.equal(h.status.messages.at(-1)[0], 'execution_interrupted');
  t.same(h.outputs, {});
  t.equal((await http(sim.port, 'GET', '/prompt')).json().exec_info.queue_remaining, 0);
});

t.test('--sim-fail-prompts: execution_error, history status error, process lives on', async (t) => {
  const sim = await startSim(t, { args: ['--sim-fail-prompts', '--sim-run-ms', '200'] });
  const ws = await wsConnect(t, sim.port, '/ws?clientId=f');
  const { prompt_id: id } = (await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow(), client_id: 'f' } })).json();
  const err = await ws.waitFor((m) => m.type === 'execution_error', 5000);
  t.match(err.data, { prompt_id: id, node_id: '3', node_type: 'KSampler', exception_type: String, exception_message: String });
  t.ok(Array.isArray(err.data.traceback));
  await ws.waitFor((m) => m.type === 'executing' && m.data.node === null);
  const h = (await http(sim.port, 'GET', `/history/${id}`)).json()[id];
  t.equal(h.status.status_str, 'error');
  t.equal(h.status.completed, false);
  t.same(h.status.messages.map((m: [string]) => m[0]), ['execution_start', 'execution_cached', 'execution_error']);
  t.ok(sim.alive());
  t.equal((await http(sim.port, 'GET', '/queue')).status, 200);
});

t.test('COMFY_SIM_FAIL_PROMPTS env', async (t) => {
  const sim = await startSim(t, { env: { COMFY_SIM_FAIL_PROMPTS: '1', COMFY_SIM_RUN_MS: '100' } });
  const { prompt_id: id } = (await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow() } })).json();
  let h: any = {};
  for (let i = 0; i < 50 && !h[id]; i++) {
    await sleep(100);
    h = (await http(sim.port, 'GET', `/history/${id}`)).json();
  }
  t.equal(h[id]?.status.status_str, 'error');
});

t.test('SIGTERM and SIGINT → exit 0 promptly', async (t) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const sim = await startSim(t, { args: ['--sim-run-ms', '5000'] });
    const ws = await wsConnect(t, sim.port, '/ws?clientId=s');
    await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow(), client_id: 's' } });
    await ws.waitFor((m) => m.type === 'execution_start');
    const sent = Date.now();
    sim.kill(signal);
    const x = await sim.exited;
    t.equal(x.code, 0, `${signal}: exit 0`);
    t.ok(x.at - sent < 1500, `${signal}: within ${x.at - sent} ms, even mid-run with a socket open`);
  }
});

t.test('no leftover child processes', async (t) => {
  t.same(await leftoverChildren(), []);
});
