// POST /prompt validation as ComfyUI 0.3.64 answers it, and its output cache: an identical prompt is not
// executed again. Each against a real child process.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { defaultWorkflow, type ApiPrompt } from '../src/index.js';
import { CHECKPOINTS, NODE_DEFS, SCHEDULERS } from '../src/nodes.js';
import { http, leftoverChildren, startSim, wsConnect, type WsMessage } from './helpers.js';

t.test('validation errors: value_not_in_list, bad output slot, dangling link', async (t) => {
  const sim = await startSim(t);
  const post = async (prompt: ApiPrompt) => {
    const res = await http(sim.port, 'POST', '/prompt', { body: { prompt } });
    return { status: res.status, body: res.json() };
  };
  const failed = { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} };

  await t.test('an unknown checkpoint', async (t) => {
    const w = defaultWorkflow();
    w['4']!.inputs.ckpt_name = 'x.safetensors';
    const { status, body } = await post(w);
    t.equal(status, 400);
    t.same(body, {
      error: failed,
      node_errors: {
        4: {
          errors: [{
            type: 'value_not_in_list',
            message: 'Value not in list',
            details: "ckpt_name: 'x.safetensors' not in ['sim-model.safetensors', 'sd_xl_base_1.0.safetensors', 'v1-5-pruned-emaonly.safetensors', 'v1-5-pruned-emaonly-fp16.safetensors']",
            extra_info: { input_name: 'ckpt_name', input_config: [CHECKPOINTS, NODE_DEFS.CheckpointLoaderSimple!.input.required.ckpt_name![1]], received_value: 'x.safetensors' },
          }],
          dependent_outputs: ['9'],
          class_type: 'CheckpointLoaderSimple',
        },
      },
    });
    t.equal((await http(sim.port, 'GET', '/queue')).json().queue_pending.length, 0, 'nothing queued');
  });

  await t.test('sampler (a long list: only its length) and scheduler on one node', async (t) => {
    const w = defaultWorkflow();
    w['3']!.inputs.sampler_name = 'euler_z';
    w['3']!.inputs.scheduler = 7;
    const { status, body } = await post(w);
    t.equal(status, 400);
    t.same(Object.keys(body.node_errors), ['3'], 'reported on the KSampler only');
    const errors = body.node_errors['3'].errors as Array<Record<string, any>>;
    const byInput = Object.fromEntries(errors.map((e) => [e.extra_info.input_name, e]));
    t.same(byInput.sampler_name, {
      type: 'value_not_in_list',
      message: 'Value not in list',
      details: "sampler_name: 'euler_z' not in (list of length 42)",
      extra_info: { input_name: 'sampler_name', input_config: null, received_value: 'euler_z' },
    }, 'more than 20 options: the list is left out');
    t.same(byInput.scheduler, {
      type: 'value_not_in_list',
      message: 'Value not in list',
      details: `scheduler: '7' not in ['${SCHEDULERS.join("', '")}']`,
      extra_info: { input_name: 'scheduler', input_config: [SCHEDULERS, {}], received_value: 7 },
    });
    t.equal(errors.length, 2);
  });

  await t.test('a link to an output slot the source node does not have, inside the graph', async (t) => {
    const w = defaultWorkflow();
    w['8']!.inputs.samples = ['3', 5]; // KSampler has one output
    const { status, body } = await post(w);
    t.equal(status, 400);
    t.same(body.error, failed);
    t.same(Object.keys(body.node_errors), ['8'], 'reported on the node that holds the link');
    t.match(body.node_errors['8'], {
      errors: [{
        type: 'exception_during_inner_validation',
        message: 'Exception when validating inner node',
        details: 'tuple index out of range',
        extra_info: { input_name: 'images', exception_message: 'tuple index out of range', exception_type: 'IndexError', linked_node: ['8', 0], traceback: Array },
      }],
      dependent_outputs: ['9'],
      class_type: 'VAEDecode',
    });
  });

  await t.test('a bad output slot on the output node itself', async (t) => {
    const w = defaultWorkflow();
    w['9']!.inputs.images = ['8', 1]; // VAEDecode has one output
    const { status, body } = await post(w);
    t.equal(status, 400);
    t.match(body.node_errors['9'], {
      errors: [{ type: 'exception_during_validation', message: 'Exception when validating node', details: 'tuple index out of range', extra_info: { exception_type: 'IndexError' } }],
      class_type: 'SaveImage',
    });
    t.match(body.error, { type: 'prompt_outputs_failed_validation', details: 'Exception when validating node: tuple index out of range' });
  });

  await t.test('a dangling link (to a node id not in the prompt)', async (t) => {
    const w = defaultWorkflow();
    w['6']!.inputs.clip = ['42', 1];
    const { status, body } = await post(w);
    t.equal(status, 400);
    t.same(Object.keys(body.node_errors), ['6'], 'reported on node 6, which holds the link');
    t.match(body.node_errors['6'], {
      errors: [{
        type: 'exception_during_inner_validation',
        message: 'Exception when validating inner node',
        details: "'42'",
        extra_info: { input_name: 'positive', exception_type: 'KeyError', exception_message: "'42'", linked_node: ['6', 0] },
      }],
      dependent_outputs: ['9'],
      class_type: 'CLIPTextEncode',
    });
  });

  await t.test('one good output is enough: 200 with the other output’s node_errors', async (t) => {
    const w = defaultWorkflow();
    w['10'] = { class_type: 'PreviewImage', inputs: { images: ['11', 0] } };
    w['11'] = { class_type: 'VAEDecode', inputs: { samples: ['3', 0], vae: ['12', 0] } };
    w['12'] = { class_type: 'VAELoader', inputs: { vae_name: 'missing.safetensors' } };
    const res = await http(sim.port, 'POST', '/prompt', { body: { prompt: w } });
    t.equal(res.status, 200);
    t.match(res.json().node_errors, { 12: { errors: [{ type: 'value_not_in_list' }], dependent_outputs: ['10'], class_type: 'VAELoader' } });
  });
});

t.test('an identical prompt runs from the cache: execution_cached lists the nodes, no new image', async (t) => {
  const sim = await startSim(t, { args: ['--sim-run-ms', '200'] });
  const outputDir = path.join(sim.dataDir, 'output');
  const ws = await wsConnect(t, sim.port, '/ws?clientId=cache');
  await ws.waitFor((m) => m.type === 'status');
  const run = async (prompt: ApiPrompt) => {
    const id = (await http(sim.port, 'POST', '/prompt', { body: { prompt, client_id: 'cache' } })).json().prompt_id as string;
    await ws.waitFor((m) => m.type === 'executing' && m.data.node === null && m.data.prompt_id === id, 10000);
    const events = ws.messages.filter((m) => m.data?.prompt_id === id);
    const history = (await http(sim.port, 'GET', `/history/${id}`)).json()[id];
    return { id, events, history, of: (type: string) => events.filter((m: WsMessage) => m.type === type) };
  };

  const first = await run(defaultWorkflow());
  t.same(first.of('execution_cached')[0]!.data.nodes, [], 'nothing cached at first');
  const files = readdirSync(outputDir).sort();
  t.equal(files.length, 1, 'one image saved');
  const image = first.history.outputs['9'].images[0];

  const again = await run(defaultWorkflow());
  t.same(again.of('execution_cached')[0]!.data.nodes, ['3', '4', '5', '6', '7', '8', '9'], 'every node of the identical prompt is cached');
  t.same(again.of('executing').filter((m) => m.data.node !== null), [], 'no node executes');
  t.same(again.of('progress'), [], 'no sampling');
  t.same(again.of('executed').map((m) => m.data), [{ node: '9', display_node: '9', output: { images: [image] }, prompt_id: again.id }], 'the output node reports its cached images');
  t.equal(again.of('execution_success').length, 1, 'and the run succeeds (so the platform logs it)');
  t.same(again.of('progress_state').map((m) => m.data.nodes), [{ 9: { value: 1, max: 1, state: 'finished', node_id: '9', prompt_id: again.id, display_node_id: '9', parent_node_id: null, real_node_id: '9' } }], 'only the output node is visited, and finishes');
  t.same(readdirSync(outputDir).sort(), files, 'no new file in the output folder');
  t.same(again.history.outputs, { 9: { images: [image] } }, 'the history entry reuses the earlier outputs');
  t.match(again.history.status, { status_str: 'success', completed: true });
  t.same(again.history.status.messages.map((m: [string]) => m[0]), ['execution_start', 'execution_cached', 'execution_success']);

  const changed = await run(defaultWorkflow('another positive prompt'));
  t.same(changed.of('execution_cached')[0]!.data.nodes, ['4', '5', '7'], 'what does not depend on the changed text stays cached');
  t.same(changed.of('executing').filter((m) => m.data.node !== null).map((m) => m.data.node), ['6', '3', '8', '9'], 'the rest runs again, dependencies first');
  t.equal(readdirSync(outputDir).length, 2, 'and saves a new image');

  t.equal((await http(sim.port, 'POST', '/free', { body: { free_memory: true } })).status, 200);
  const afterFree = await run(defaultWorkflow('another positive prompt'));
  t.same(afterFree.of('execution_cached')[0]!.data.nodes, [], 'POST /free {free_memory} empties the cache');
  t.equal(readdirSync(outputDir).length, 3);
});

t.test('no leftover child processes', async (t) => {
  t.same(await leftoverChildren(), [], 'ps shows none of our simulators');
});
