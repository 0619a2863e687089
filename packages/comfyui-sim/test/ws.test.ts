// The WebSocket as ComfyUI 0.3.64 speaks it, with real clients on a real child process: which socket gets
// which event, the progress_state sequence, preview frames by announced feature flag, and the
// feature_flags handshake.
import t from 'tap';
import { defaultWorkflow, type ApiPrompt } from '../src/index.js';
import { PNG_SIG, http, leftoverChildren, sleep, startSim, wsConnect, type WsClient, type WsMessage } from './helpers.js';

const EXECUTION_EVENTS = ['execution_start', 'execution_cached', 'executing', 'progress', 'executed', 'execution_success', 'execution_error'];

function workflow(text: string, steps: number): ApiPrompt {
  const w = defaultWorkflow(text);
  w['3']!.inputs.steps = steps;
  return w;
}

async function submit(port: number, prompt: ApiPrompt, clientId: string): Promise<string> {
  const res = await http(port, 'POST', '/prompt', { body: { prompt, client_id: clientId } });
  if (res.status !== 200) throw new Error(`prompt refused: ${res.status} ${res.text}`);
  return res.json().prompt_id;
}

const finished = (id: string) => (m: WsMessage) => m.type === 'executing' && m.data.node === null && m.data.prompt_id === id;

/** A binary frame: its 4-byte event type and the rest. */
function frame(b: Buffer): { type: number; body: Buffer } {
  return { type: b.readUInt32BE(0), body: b.subarray(4) };
}

t.test('execution events go to the submitting client only; progress_state follows ComfyUI’s registry', async (t) => {
  const sim = await startSim(t, { args: ['--sim-run-ms', '300'] });
  const alice = await wsConnect(t, sim.port, '/ws?clientId=alice');
  const bob = await wsConnect(t, sim.port, '/ws?clientId=bob');
  await alice.waitFor((m) => m.type === 'status');
  await bob.waitFor((m) => m.type === 'status');

  const id = await submit(sim.port, workflow('only for alice', 4), 'alice');
  await alice.waitFor(finished(id), 10000);
  const last = await alice.waitFor((m) => m.type === 'progress_state' && Object.values(m.data.nodes).length === 7 && Object.values(m.data.nodes).every((n: any) => n.state === 'finished'));
  t.ok(last, 'the last progress_state shows all 7 nodes finished');

  // alice: everything; bob: neither executing nor executed nor progress of alice's prompt
  for (const type of ['executing', 'executed', 'progress', 'execution_start', 'execution_success']) {
    t.ok(alice.messages.some((m) => m.type === type), `alice gets ${type}`);
  }
  await bob.waitFor((m) => m.type === 'progress_state' && m.data.prompt_id === id && Object.keys(m.data.nodes).length === 7 && m.data.nodes['9'].state === 'finished');
  t.same(bob.messages.filter((m) => EXECUTION_EVENTS.includes(m.type)), [], 'bob gets no executing / executed / progress / execution_* of alice’s prompt');
  const statesOf = (c: WsClient) => c.messages.filter((m) => m.type === 'progress_state').map((m) => m.data);
  t.same(statesOf(bob), statesOf(alice), 'progress_state is sent to every socket, as ComfyUI’s WebUIProgressHandler does');

  // the sequence: per node, running 0/1 before its `executing`, running value/steps per sampler step
  // right before the matching `progress`, finished with value = max once the node is done
  const seq = alice.messages.filter((m) => ['progress_state', 'executing', 'progress', 'executed'].includes(m.type));
  const order = seq.filter((m) => m.type === 'executing' && m.data.node !== null).map((m) => m.data.node as string);
  t.same([...order].sort(), ['3', '4', '5', '6', '7', '8', '9']);
  for (const node of order) {
    const at = seq.findIndex((m) => m.type === 'executing' && m.data.node === node);
    const before = seq[at - 1]!;
    t.equal(before.type, 'progress_state', `progress_state right before executing ${node}`);
    t.match(before.data.nodes[node], { value: 0, max: 1, state: 'running', node_id: node, prompt_id: id, display_node_id: node, parent_node_id: null, real_node_id: node }, `node ${node} running 0/1`);
    const done = seq.findIndex((m, i) => i > at && m.type === 'progress_state' && m.data.nodes[node]?.state === 'finished');
    t.ok(done > at, `node ${node} finished after it started`);
    const next = order[order.indexOf(node) + 1];
    if (next) t.ok(done < seq.findIndex((m) => m.type === 'executing' && m.data.node === next), `node ${node} finished before ${next} starts`);
    const previous = order.slice(0, order.indexOf(node));
    t.same(Object.keys(before.data.nodes).sort(), [...previous, node].sort(), `only started nodes are listed when ${node} starts (pending ones are left out)`);
  }
  const progress = seq.filter((m) => m.type === 'progress');
  t.same(progress.map((m) => m.data.value), [1, 2, 3, 4], 'one progress per step');
  for (const p of progress) {
    const state = seq[seq.indexOf(p) - 1]!;
    t.equal(state.type, 'progress_state', `progress_state before progress ${p.data.value}`);
    t.match(state.data.nodes['3'], { value: p.data.value, max: 4, state: 'running' });
  }
  t.match(last.data.nodes['3'], { value: 4, max: 4, state: 'finished' }, 'the sampler ends at steps/steps');
  t.match(last.data.nodes['9'], { value: 1, max: 1, state: 'finished' });
  const executed = seq.findIndex((m) => m.type === 'executed');
  t.equal(seq[executed + 1]?.type, 'progress_state', 'the output node finishes after its executed');
  t.equal(seq[executed + 1]?.data.nodes['9'].state, 'finished');
});

t.test('a prompt without client_id: no executing/executed to anyone, progress to everyone (ComfyUI sends it with sid None)', async (t) => {
  const sim = await startSim(t, { args: ['--sim-run-ms', '200'] });
  const carol = await wsConnect(t, sim.port, '/ws?clientId=carol');
  await carol.waitFor((m) => m.type === 'status');
  const res = await http(sim.port, 'POST', '/prompt', { body: { prompt: workflow('nobody', 3) } });
  const id = res.json().prompt_id;
  await carol.waitFor((m) => m.type === 'progress_state' && m.data.prompt_id === id && m.data.nodes['9']?.state === 'finished', 10000);
  await carol.waitFor((m) => m.type === 'status' && m.data.status.exec_info.queue_remaining === 0 && carol.messages.indexOf(m) > 1);
  const types = new Set(carol.messages.map((m) => m.type));
  t.notOk(types.has('executing'), 'no executing');
  t.notOk(types.has('executed'), 'no executed');
  t.notOk(types.has('execution_start') || types.has('execution_success'), 'no execution_* messages');
  t.equal(carol.messages.filter((m) => m.type === 'progress').length, 3, 'progress is broadcast');
});

t.test('previews: type 4 with metadata for clients that announced supports_preview_metadata, type 1 for the others', async (t) => {
  const sim = await startSim(t, { args: ['--sim-run-ms', '200', '--preview-method', 'auto'] });
  const modern = await wsConnect(t, sim.port, '/ws?clientId=modern');
  await modern.waitFor((m) => m.type === 'status');
  modern.ws.send(JSON.stringify({ type: 'feature_flags', data: { supports_preview_metadata: true } }));
  await modern.waitFor((m) => m.type === 'feature_flags');
  const legacy = await wsConnect(t, sim.port, '/ws?clientId=legacy');
  await legacy.waitFor((m) => m.type === 'status');
  legacy.ws.send(JSON.stringify({ type: 'feature_flags', data: {} }));
  await legacy.waitFor((m) => m.type === 'feature_flags');
  // announcing the flag in a later message counts for nothing: only the first message negotiates
  const late = await wsConnect(t, sim.port, '/ws?clientId=late');
  await late.waitFor((m) => m.type === 'status');
  late.ws.send(JSON.stringify({ type: 'hello' }));
  late.ws.send(JSON.stringify({ type: 'feature_flags', data: { supports_preview_metadata: true } }));

  const a = await submit(sim.port, workflow('modern', 3), 'modern');
  await modern.waitFor(finished(a), 10000);
  t.equal(modern.binary.length, 3, 'one preview per step');
  for (const b of modern.binary) {
    const f = frame(b);
    t.equal(f.type, 4, 'PREVIEW_IMAGE_WITH_METADATA');
    const len = f.body.readUInt32BE(0);
    const meta = JSON.parse(f.body.subarray(4, 4 + len).toString('utf8'));
    t.same(meta, { node_id: '3', prompt_id: a, display_node_id: '3', parent_node_id: null, real_node_id: '3', image_type: 'image/png' });
    t.same(f.body.subarray(4 + len, 12 + len), PNG_SIG, 'then the PNG');
  }
  t.equal(legacy.binary.length, 0, 'previews go to the submitter only');

  const b = await submit(sim.port, workflow('legacy', 3), 'legacy');
  await legacy.waitFor(finished(b), 10000);
  t.equal(legacy.binary.length, 3);
  for (const raw of legacy.binary) {
    const f = frame(raw);
    t.equal(f.type, 1, 'PREVIEW_IMAGE');
    t.equal(f.body.readUInt32BE(0), 2, 'format 2 = PNG');
    t.same(f.body.subarray(4, 12), PNG_SIG);
  }
  t.equal(modern.binary.length, 3, 'the other client got none of them');

  const c = await submit(sim.port, workflow('late', 2), 'late');
  await late.waitFor(finished(c), 10000);
  t.same(late.binary.map((x) => frame(x).type), [1, 1], 'flags sent after another first message are ignored: type 1');
  t.notOk(late.messages.some((m) => m.type === 'feature_flags'), 'and get no reply');
});

t.test('feature_flags: status with sid on connect, the server’s flags in reply to the first feature_flags only', async (t) => {
  const sim = await startSim(t, { args: ['--max-upload-size', '50'] });
  const c = await wsConnect(t, sim.port, '/ws?clientId=flags');
  const hello = await c.waitFor((m) => m.type === 'status');
  t.same(hello.data, { status: { exec_info: { queue_remaining: 0 } }, sid: 'flags' }, 'status with sid as the first frame');
  c.ws.send(JSON.stringify({ type: 'feature_flags', data: { supports_preview_metadata: true } }));
  const reply = await c.waitFor((m) => m.type === 'feature_flags');
  t.same(reply.data, { supports_preview_metadata: true, max_upload_size: 50 * 1024 * 1024 }, 'the server’s feature flags');
  c.ws.send(JSON.stringify({ type: 'feature_flags', data: { supports_preview_metadata: true } }));
  c.ws.send('not json');
  await sleep(50);
  await http(sim.port, 'POST', '/queue', { body: { clear: true } }); // a status broadcast after the messages above
  await c.waitFor((m) => m.type === 'status' && !('sid' in m.data));
  t.equal(c.messages.filter((m) => m.type === 'feature_flags').length, 1, 'a second feature_flags gets no reply');
  t.equal(c.messages.filter((m) => m.type === 'status' && 'sid' in m.data).length, 1, 'nor another status with sid');
  t.equal(c.ws.readyState, c.ws.OPEN, 'invalid JSON is ignored, the socket stays open');
});

t.test('no leftover child processes', async (t) => {
  t.same(await leftoverChildren(), [], 'ps shows none of our simulators');
});
