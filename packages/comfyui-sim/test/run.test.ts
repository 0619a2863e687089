// The happy path through a real child process: POST /prompt → WS events (to the submitting clientId only)
// → /history/:id → /view PNG, plus the /api/... forms, takeover of a clientId, queue order and the page.
import t from 'tap';
import { defaultWorkflow } from '../src/index.js';
import { PNG_SIG, http, leftoverChildren, sleep, startSim, wsConnect, type WsMessage } from './helpers.js';

// status and progress_state go to every socket, as in ComfyUI; everything else only to the prompt's client_id
const isExecEvent = (m: WsMessage) => m.type !== 'status' && m.type !== 'progress_state';

t.test('prompt → ws events → history → view', async (t) => {
  const sim = await startSim(t, { args: ['--sim-run-ms', '300'], env: { CUDA_VISIBLE_DEVICES: '3' } });
  const alice = await wsConnect(t, sim.port, '/ws?clientId=alice');
  const bob = await wsConnect(t, sim.port, '/ws?clientId=bob');
  const anon = await wsConnect(t, sim.port, '/ws');

  const hello = await alice.waitFor((m) => m.type === 'status');
  t.same(hello.data, { status: { exec_info: { queue_remaining: 0 } }, sid: 'alice' }, 'status with sid on connect');
  const anonHello = await anon.waitFor((m) => m.type === 'status');
  t.match(anonHello.data.sid, /^[0-9a-f]{32}$/, 'generated sid when no clientId');

  const res = await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow(), client_id: 'alice' } });
  t.equal(res.status, 200);
  const { prompt_id: promptId, number, node_errors } = res.json();
  t.match(promptId, /^[0-9a-f-]{36}$/, 'uuid prompt_id');
  t.type(number, 'number');
  t.same(node_errors, {});

  t.same((await http(sim.port, 'GET', `/history/${promptId}`)).json(), {}, 'history is {} while queued/running');

  await alice.waitFor((m) => m.type === 'executing' && m.data.node === null, 10000);
  const events = alice.messages.filter(isExecEvent);
  const types = events.map((m) => m.type);
  t.equal(types[0], 'execution_start');
  t.equal(types[1], 'execution_cached');
  t.same(events[1]!.data.nodes, []);
  t.equal(types.at(-1), 'executing');
  t.equal(types.at(-2), 'execution_success');
  t.equal(types.at(-3), 'executed');
  const executing = events.filter((m) => m.type === 'executing' && m.data.node !== null).map((m) => m.data.node);
  t.same([...executing].sort(), ['3', '4', '5', '6', '7', '8', '9'], 'executing for every node');
  t.ok(executing.indexOf('4') < executing.indexOf('3') && executing.indexOf('3') < executing.indexOf('8') && executing.indexOf('8') < executing.indexOf('9'), 'dependencies first');
  const progress = events.filter((m) => m.type === 'progress');
  t.equal(progress.length, 20, 'one progress per KSampler step');
  t.same(progress.at(-1)!.data, { value: 20, max: 20, prompt_id: promptId, node: '3' });
  const at = (node: string) => events.findIndex((m) => m.type === 'executing' && m.data.node === node);
  t.ok(types.indexOf('progress') > at('3') && types.lastIndexOf('progress') < at('8'), 'progress while the sampler (3) executes');
  for (const m of events) t.equal(m.data.prompt_id, promptId, `${m.type} carries prompt_id`);
  const executed = events.find((m) => m.type === 'executed')!;
  t.equal(executed.data.node, '9');
  t.match(executed.data.output.images[0], { filename: /^ComfyUI_\d{5}_\.png$/, subfolder: '', type: 'output' });

  await sleep(100);
  t.same(bob.messages.filter(isExecEvent), [], 'another clientId gets no execution events');
  t.same(anon.messages.filter(isExecEvent), [], 'an anonymous socket gets no execution events');
  t.ok(bob.messages.some((m) => m.type === 'status' && m.data.status.exec_info.queue_remaining === 1), 'status broadcast to all when the queue changes');
  t.ok(bob.messages.some((m) => m.type === 'status' && m.data.status.exec_info.queue_remaining === 0 && !('sid' in m.data)), 'status broadcast when done');

  const hist = (await http(sim.port, 'GET', `/history/${promptId}`)).json();
  const entry = hist[promptId];
  t.ok(entry, 'history entry');
  t.equal(entry.status.status_str, 'success');
  t.equal(entry.status.completed, true);
  t.same(entry.status.messages.map((m: [string, unknown]) => m[0]), ['execution_start', 'execution_cached', 'execution_success']);
  t.equal(entry.prompt[1], promptId);
  t.equal(entry.prompt[3].client_id, 'alice');
  t.same(entry.prompt[4], ['9']);
  const image = entry.outputs['9'].images[0];
  t.same(image, executed.data.output.images[0]);

  const view = await http(sim.port, 'GET', `/view?filename=${encodeURIComponent(image.filename)}&type=output&subfolder=`);
  t.equal(view.status, 200);
  t.equal(view.headers['content-type'], 'image/png');
  t.same(view.body.subarray(0, 8), PNG_SIG, 'PNG signature');
  t.equal(view.body.subarray(12, 16).toString('latin1'), 'IHDR');
  t.equal(view.body.readUInt32BE(16), 64, 'width 64');

  const all = (await http(sim.port, 'GET', '/history?max_items=1')).json();
  t.same(Object.keys(all), [promptId]);

  const stats = (await http(sim.port, 'GET', '/system_stats')).json();
  t.match(stats.system.comfyui_version, /^0\.3\.\d+-sim$/);
  t.equal(stats.devices.length, 1);
  t.equal(stats.devices[0].type, 'cpu');
  t.equal(stats.devices[0].index, 0, 'index 0 under CUDA_VISIBLE_DEVICES');
  t.match(stats.devices[0].name, /CUDA_VISIBLE_DEVICES=3/);
  t.ok(stats.system.argv.includes('--output-directory'), 'argv reported');
});

t.test('/api/... forms, prompt_id given, two prompts in queue order, takeover', async (t) => {
  const sim = await startSim(t, { args: ['--sim-run-ms', '250'] });
  const first = await wsConnect(t, sim.port, '/api/ws?clientId=carol');
  await first.waitFor((m) => m.type === 'status');
  const second = await wsConnect(t, sim.port, '/ws?clientId=carol'); // takes the stream over
  await second.waitFor((m) => m.type === 'status');

  const a = await http(sim.port, 'POST', '/api/prompt', { body: { prompt: defaultWorkflow('one'), client_id: 'carol', prompt_id: 'my-id-1' } });
  t.equal(a.status, 200);
  t.equal(a.json().prompt_id, 'my-id-1', 'the given prompt_id is used');
  const b = await http(sim.port, 'POST', '/api/prompt', { body: { prompt: defaultWorkflow('two'), client_id: 'carol' } });
  const idB = b.json().prompt_id;
  t.ok(b.json().number > a.json().number);

  const q = (await http(sim.port, 'GET', '/api/queue')).json();
  t.equal(q.queue_running.length + q.queue_pending.length, 2);
  t.equal((await http(sim.port, 'GET', '/api/prompt')).json().exec_info.queue_remaining, 2);

  await second.waitFor((m) => m.type === 'executing' && m.data.node === null && m.data.prompt_id === idB, 10000);
  const starts = second.messages.filter((m) => m.type === 'execution_start').map((m) => m.data.prompt_id);
  t.same(starts, ['my-id-1', idB], 'one at a time, in queue order');
  const firstDone = second.messages.findIndex((m) => m.type === 'executing' && m.data.node === null && m.data.prompt_id === 'my-id-1');
  const secondStart = second.messages.findIndex((m) => m.type === 'execution_start' && m.data.prompt_id === idB);
  t.ok(firstDone < secondStart, 'second starts after the first finished');
  t.same(first.messages.filter(isExecEvent), [], 'the taken-over socket gets nothing');

  const h = (await http(sim.port, 'GET', '/api/history/my-id-1')).json();
  const img = h['my-id-1'].outputs['9'].images[0];
  const v = await http(sim.port, 'GET', `/api/view?filename=${img.filename}&type=output`);
  t.same(v.body.subarray(0, 8), PNG_SIG);
  const hb = (await http(sim.port, 'GET', `/api/history/${idB}`)).json();
  t.not(hb[idB].outputs['9'].images[0].filename, img.filename, 'a new file per run');

  t.equal((await http(sim.port, 'GET', '/api/object_info/KSampler')).json().KSampler.name, 'KSampler');
  const info = (await http(sim.port, 'GET', '/api/object_info')).json();
  for (const k of ['KSampler', 'SaveImage', 'CheckpointLoaderSimple', 'EmptyLatentImage', 'CLIPTextEncode']) t.ok(info[k], `object_info has ${k}`);
  t.same((await http(sim.port, 'GET', '/object_info/Nope')).json(), {});
  t.ok(Array.isArray((await http(sim.port, 'GET', '/api/extensions')).json()));
  t.ok(Array.isArray((await http(sim.port, 'GET', '/api/embeddings')).json()));
  t.ok((await http(sim.port, 'GET', '/api/models')).json().includes('checkpoints'));
  t.equal((await http(sim.port, 'GET', '/api/system_stats')).status, 200);
  t.equal((await http(sim.port, 'POST', '/api/free', { body: { unload_models: true, free_memory: true } })).status, 200);
  t.match((await http(sim.port, 'GET', '/sim/state')).json().frees, [{ unload_models: true, free_memory: true }], '/free recorded');

  // POST /history delete + clear
  t.equal((await http(sim.port, 'POST', '/api/history', { body: { delete: ['my-id-1'] } })).status, 200);
  t.same(Object.keys((await http(sim.port, 'GET', '/api/history')).json()), [idB]);
  await http(sim.port, 'POST', '/api/history', { body: { clear: true } });
  t.same((await http(sim.port, 'GET', '/api/history')).json(), {});
});

t.test('POST /queue delete and clear pending', async (t) => {
  const sim = await startSim(t, { args: ['--sim-run-ms', '2000'] });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow(`p${i}`) } })).json().prompt_id);
  let q = (await http(sim.port, 'GET', '/queue')).json();
  t.equal(q.queue_running[0][1], ids[0]);
  t.same(q.queue_pending.map((i: unknown[]) => i[1]), [ids[1], ids[2]]);
  await http(sim.port, 'POST', '/queue', { body: { delete: [ids[1]] } });
  q = (await http(sim.port, 'GET', '/queue')).json();
  t.same(q.queue_pending.map((i: unknown[]) => i[1]), [ids[2]]);
  await http(sim.port, 'POST', '/queue', { body: { clear: true } });
  q = (await http(sim.port, 'GET', '/queue')).json();
  t.same(q.queue_pending, []);
  t.equal(q.queue_running.length, 1, 'clear leaves the running prompt');
  // front: true jumps the queue
  const back = (await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow('back') } })).json();
  const front = (await http(sim.port, 'POST', '/prompt', { body: { prompt: defaultWorkflow('front'), front: true } })).json();
  q = (await http(sim.port, 'GET', '/queue')).json();
  t.same(q.queue_pending.map((i: unknown[]) => i[1]), [front.prompt_id, back.prompt_id], 'front first');
});

t.test('upload/image and view of input files', async (t) => {
  const sim = await startSim(t);
  const boundary = '----simtest';
  const file = Buffer.from([...PNG_SIG, 1, 2, 3]);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="cat.png"\r\nContent-Type: image/png\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="subfolder"\r\n\r\npets\r\n--${boundary}--\r\n`),
  ]);
  const up = await http(sim.port, 'POST', '/api/upload/image', { raw: body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(body.length) } });
  t.equal(up.status, 200);
  t.same(up.json(), { name: 'cat.png', subfolder: 'pets', type: 'input' });
  const v = await http(sim.port, 'GET', '/view?filename=cat.png&type=input&subfolder=pets');
  t.same(v.body, file, 'served back');
  const bad = await http(sim.port, 'POST', '/upload/image', { raw: Buffer.from('x'), headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': '1' } });
  t.equal(bad.status, 400, 'no image part → 400');
});

t.test('the page: title, relative URLs only', async (t) => {
  const sim = await startSim(t);
  const page = await http(sim.port, 'GET', '/');
  t.equal(page.status, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.text, /<title>ComfyUI \(simulator\)<\/title>/);
  t.match(page.text, /<textarea/);
  t.match(page.text, /<button id="queue-prompt"/);
  t.match(page.text, /'api\/' \+ route/, 'fetches api/<route> relative to the page');
  t.match(page.text, /new URL\('ws'/, 'socket URL built relative to location');
  t.notMatch(page.text, /fetch\(['"`]\//, 'no absolute fetch URLs');
  t.notMatch(page.text, /(src|href)=["']\//, 'no absolute src/href');
  t.notMatch(page.text, /https?:\/\//, 'no absolute origins');
});

t.test('no leftover child processes', async (t) => {
  t.same(await leftoverChildren(), [], 'ps shows none of our simulators');
});
