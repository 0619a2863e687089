// Validation 400s, ComfyUI's Host/Origin check, /view traversal, unknown routes — against a real child process.
import t from 'tap';
import { defaultWorkflow } from '../src/index.js';
import { http, leftoverChildren, startSim, wsConnect } from './helpers.js';

t.test('validation, origin check, traversal', async (t) => {
  const sim = await startSim(t);
  const { port } = sim;

  t.test('POST /prompt validation', async (t) => {
    const noPrompt = await http(port, 'POST', '/prompt', { body: {} });
    t.equal(noPrompt.status, 400);
    t.same(noPrompt.json(), {
      error: { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} },
      node_errors: {},
    });
    t.equal((await http(port, 'POST', '/api/prompt', { body: { prompt: null } })).json().error.type, 'no_prompt');

    const empty = await http(port, 'POST', '/prompt', { body: { prompt: {} } });
    t.equal(empty.status, 400);
    t.equal(empty.json().error.type, 'prompt_no_outputs', 'an empty graph has no outputs (as ComfyUI)');

    const noClass = await http(port, 'POST', '/prompt', { body: { prompt: { '1': { inputs: {} } } } });
    t.equal(noClass.status, 400);
    t.same(noClass.json(), {
      error: { type: 'invalid_prompt', message: 'Cannot execute because a node is missing the class_type property.', details: "Node ID '#1'", extra_info: {} },
      node_errors: {},
    }, 'missing class_type → invalid_prompt (ComfyUI validate_prompt)');

    const unknown = await http(port, 'POST', '/prompt', { body: { prompt: { '1': { class_type: 'NoSuchNode', inputs: {} } } } });
    t.equal(unknown.status, 400);
    t.match(unknown.json().error, { type: 'invalid_prompt', message: 'Cannot execute because node NoSuchNode does not exist.' });

    const wf = defaultWorkflow();
    delete (wf['3']!.inputs as Record<string, unknown>).model;
    const missing = await http(port, 'POST', '/prompt', { body: { prompt: wf } });
    t.equal(missing.status, 400);
    const body = missing.json();
    t.equal(body.error.type, 'prompt_outputs_failed_validation');
    t.same(body.node_errors, {
      '3': {
        errors: [{ type: 'required_input_missing', message: 'Required input is missing', details: 'model', extra_info: { input_name: 'model' } }],
        dependent_outputs: ['9'],
        class_type: 'KSampler',
      },
    }, 'node_errors name the node, its errors and the outputs it blocks');

    const mismatch = defaultWorkflow();
    mismatch['8']!.inputs.vae = ['4', 0]; // MODEL into a VAE input
    const mm = await http(port, 'POST', '/prompt', { body: { prompt: mismatch } });
    t.equal(mm.status, 400);
    t.equal(mm.json().node_errors['8'].errors[0].type, 'return_type_mismatch');

    const bad = await http(port, 'POST', '/prompt', { body: '{not json', headers: { 'Content-Type': 'application/json' } });
    t.equal(bad.status, 400);

    // one good output and one bad output: 200 with node_errors (as ComfyUI)
    const partial = defaultWorkflow();
    partial['10'] = { class_type: 'SaveImage', inputs: { filename_prefix: 'x' } };
    const p = await http(port, 'POST', '/prompt', { body: { prompt: partial } });
    t.equal(p.status, 200);
    t.same(Object.keys(p.json().node_errors), ['10']);
  });

  t.test('Host/Origin check', async (t) => {
    const evil = await http(port, 'GET', '/queue', { headers: { Origin: 'http://evil.example' } });
    t.equal(evil.status, 403);
    t.equal(evil.text, 'request with non matching host and origin');
    const evilPost = await http(port, 'POST', '/api/prompt', { body: { prompt: defaultWorkflow() }, headers: { Origin: 'http://evil.example' } });
    t.equal(evilPost.status, 403, 'a cross-site POST /api/prompt is refused');
    const otherPort = await http(port, 'GET', '/queue', { headers: { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port + 1}` } });
    t.equal(otherPort.status, 403, 'same host, other port');
    const proxied = await http(port, 'GET', '/queue', { headers: { Host: `127.0.0.1:${port}`, Origin: 'https://platform.example.com' } });
    t.equal(proxied.status, 403, 'a proxy that rewrites Host but forwards the browser Origin is refused');

    t.equal((await http(port, 'GET', '/queue', { headers: { Origin: `http://127.0.0.1:${port}` } })).status, 200, 'matching origin');
    t.equal((await http(port, 'GET', '/queue', { headers: { Host: 'localhost', Origin: 'http://localhost' } })).status, 200, 'matching, no ports');
    t.equal((await http(port, 'GET', '/queue')).status, 200, 'no Origin header');
    t.equal((await http(port, 'GET', '/queue', { headers: { Host: 'platform.example.com', Origin: 'https://platform.example.com' } })).status, 200, 'proxy keeping Host and Origin in agreement');

    const refused = await wsConnect(t, port, '/ws?clientId=x', { Origin: 'http://evil.example' }).then(() => null, (e: { statusCode?: number }) => e);
    t.equal(refused?.statusCode, 403, 'websocket upgrade checked too');
    const ok = await wsConnect(t, port, '/ws?clientId=y', { Origin: `http://127.0.0.1:${port}` });
    await ok.waitFor((m) => m.type === 'status');
  });

  t.test('/view traversal and missing files', async (t) => {
    t.equal((await http(port, 'GET', '/view?filename=..%2F..%2Fetc%2Fpasswd')).status, 400, '".." in filename → 400 (as ComfyUI)');
    t.equal((await http(port, 'GET', '/view?filename=%2Fetc%2Fpasswd')).status, 400, 'absolute filename → 400');
    t.equal((await http(port, 'GET', '/view?filename=passwd&subfolder=..%2F..%2F..%2Fetc')).status, 403, 'subfolder escaping → 403');
    t.equal((await http(port, 'GET', '/api/view?filename=passwd&subfolder=%2Fetc')).status, 403, 'absolute subfolder → 403');
    t.equal((await http(port, 'GET', '/view?filename=x.png&type=bogus')).status, 400, 'unknown type');
    t.equal((await http(port, 'GET', '/view?filename=nope.png&type=output')).status, 404, 'missing → 404');
  });

  t.test('routing', async (t) => {
    t.equal((await http(port, 'GET', '/nope')).status, 404);
    t.equal((await http(port, 'DELETE', '/prompt')).status, 405);
    t.equal((await http(port, 'GET', '/history/unknown-id')).text, '{}');
    t.equal((await http(port, 'OPTIONS', '/prompt')).status, 200);
  });
});

t.test('--enable-cors-header replaces the origin check', async (t) => {
  const sim = await startSim(t, { args: ['--enable-cors-header'] });
  const r = await http(sim.port, 'GET', '/queue', { headers: { Origin: 'http://evil.example' } });
  t.equal(r.status, 200);
  t.equal(r.headers['access-control-allow-origin'], '*');
});

t.test('no leftover child processes', async (t) => {
  t.same(await leftoverChildren(), []);
});
