// Body limits of the ComfyUI proxy, against a real simulator instance: a prompt over COMFY_MAX_PROMPT_BYTES
// and any other body over COMFY_MAX_UPLOAD_BYTES get a 413 envelope and nothing complete reaches the
// instance (no prompt queued, no file written), with Content-Length or chunked; bodies under the caps work;
// and the orchestrator's memory stays flat while hundreds of MB stream through or are refused.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { defaultWorkflow, simulatorCommand } from '@app/comfyui-sim';
import { multipartImage, paddedPrompt, peakRss, resetPeak, rss, send, type Piece } from './body.js';
import { orchestratorEnv, startOrchestrator } from './helpers.js';

const MiB = 1024 * 1024;

/** An orchestrator listening on 127.0.0.1 with one running instance and its owner's session cookie. */
async function proxied(t: Test, env: Record<string, string>) {
  const o = await startOrchestrator(t, await orchestratorEnv(t, env));
  const opened = (await o.open(1, 10)).body.data;
  const row = await o.until(opened.serviceId, (r) => r.status === 'running');
  const origin = await o.app.listen({ port: 0, host: '127.0.0.1' });
  const ticket = new URL(opened.url, 'http://x');
  const exchanged = await fetch(`${origin}${ticket.pathname}${ticket.search}`, { redirect: 'manual' });
  const cookie = /^xl_comfy=[^;]+/.exec(exchanged.headers.getSetCookie().find((c) => c.startsWith('xl_comfy=')) ?? '')?.[0];
  if (!cookie) throw new Error(`no session cookie (${exchanged.status})`);
  const base = `${origin}/comfy/${row.serviceId}`;
  const sim = async () =>
    (await (await fetch(`http://127.0.0.1:${row.port}/sim/state`)).json()) as { prompts_accepted: number; requests: string[] };
  const to = (path: string, method: string, pieces: Piece[], chunked: boolean, type = 'application/octet-stream') =>
    send(`${base}${path}`, { method, pieces, chunked, headers: { cookie, 'content-type': type } });
  return { o, row, base, cookie, sim, to };
}

const isTooLarge = (t: Test, res: { status: number; text: string; headers: Record<string, unknown> }, what: string) => {
  t.equal(res.status, 413, `${what}: 413`);
  t.match(JSON.parse(res.text), { code: 413, msg: /请求体过大/, message: /请求体过大/, data: null }, `${what}: the envelope`);
};

t.test('every proxied body over its cap is a 413 envelope, and nothing complete reaches the instance', async (t) => {
  const promptCap = 256 * 1024;
  const uploadCap = MiB;
  const p = await proxied(t, { COMFY_MAX_PROMPT_BYTES: String(promptCap), COMFY_MAX_UPLOAD_BYTES: String(uploadCap) });
  const inputDir = join(p.row.dataDir!, 'input');
  const userDir = join(p.row.dataDir!, 'user', 'default');

  for (const path of ['/prompt', '/api/prompt']) {
    for (const chunked of [false, true]) {
      const what = `${path} ${chunked ? 'chunked' : 'with Content-Length'}`;
      const before = await p.sim();
      isTooLarge(t, await p.to(path, 'POST', paddedPrompt(defaultWorkflow(), 4 * promptCap), chunked, 'application/json'), what);
      const after = await p.sim();
      t.equal(after.prompts_accepted, before.prompts_accepted, `${what}: no prompt queued`);
      t.same(after.requests.slice(before.requests.length).filter((r) => r.includes('prompt')), [], `${what}: the instance saw no request`);
      // Just under the cap: accepted, by the same route.
      const body = paddedPrompt(defaultWorkflow(), promptCap - 4096);
      const ok = await p.to(path, 'POST', body, chunked, 'application/json');
      t.equal(ok.status, 200, `${what}: just under the cap is accepted`);
      t.match(JSON.parse(ok.text), { prompt_id: String });
      t.equal((await p.sim()).prompts_accepted, before.prompts_accepted + 1, `${what}: queued once`);
    }
  }

  for (const path of ['/upload/image', '/api/upload/image']) {
    for (const chunked of [false, true]) {
      const what = `${path} ${chunked ? 'chunked' : 'with Content-Length'}`;
      const name = `${path.replace(/\W/g, '')}-${chunked}.png`;
      const before = await p.sim();
      const big = multipartImage(name, 3 * uploadCap);
      isTooLarge(t, await p.to(path, 'POST', big.pieces, chunked, big.contentType), what);
      const seen = (await p.sim()).requests.slice(before.requests.length);
      if (!chunked) t.same(seen, [], `${what}: refused before the instance was contacted`);
      const small = multipartImage(name, uploadCap - 4096);
      const ok = await p.to(path, 'POST', small.pieces, chunked, small.contentType);
      t.equal(ok.status, 200, `${what}: just under the cap is uploaded`);
      t.match(JSON.parse(ok.text), { name, type: 'input' });
      t.same(readdirSync(inputDir).filter((f) => f === name || f.startsWith(name.replace('.png', ' ('))), [name], `${what}: one file, the one under the cap`);
      t.equal(readFileSync(join(inputDir, name)).length, uploadCap - 4096, `${what}: complete`);
    }
  }

  for (const chunked of [false, true]) {
    const what = `POST /userdata ${chunked ? 'chunked' : 'with Content-Length'}`;
    const file = `big-${chunked}.json`;
    const before = await p.sim();
    isTooLarge(t, await p.to(`/userdata/${file}`, 'POST', [2 * uploadCap], chunked), what);
    if (!chunked) t.same((await p.sim()).requests.slice(before.requests.length), [], `${what}: the instance saw no request`);
    t.notOk(existsSync(join(userDir, file)), `${what}: nothing written`);
    const ok = await p.to(`/api/userdata/${file}`, 'POST', [uploadCap - 1], chunked);
    t.equal(ok.status, 200, `${what}: just under the cap is written`);
    t.equal(readFileSync(join(userDir, file)).length, uploadCap - 1);
  }

  const before = await p.sim();
  isTooLarge(t, await p.to('/userdata/x', 'PUT', [2 * uploadCap], false), 'PUT with Content-Length');
  isTooLarge(t, await p.to('/api/settings/x', 'PATCH', [2 * uploadCap], false), 'PATCH with Content-Length');
  t.same((await p.sim()).requests.slice(before.requests.length), [], 'PUT/PATCH: the instance saw no request');
  const put = await p.to('/userdata/x', 'PUT', [1000], false);
  t.equal(put.status, 405, 'a PUT under the cap reaches the instance (which has no PUT there)');
});

t.test('the orchestrator’s memory stays flat: hundreds of MB refused or streamed through at the default caps', async (t) => {
  // The defaults (8 MiB prompts, 200 MiB uploads); the simulator accepts uploads up to 300 MB itself.
  const p = await proxied(t, { COMFYUI_COMMAND: `${simulatorCommand()} --max-upload-size 300` });
  let sent = 0;
  const overPrompt = async (what: string, chunked: boolean) => {
    isTooLarge(t, await p.to('/prompt', 'POST', paddedPrompt(defaultWorkflow(), 64 * MiB), chunked, 'application/json'), what);
    sent += chunked ? 8 * MiB : 0;
  };
  const upload = async (what: string, name: string, size: number, chunked: boolean) => {
    const body = multipartImage(name, size);
    const res = await p.to('/upload/image', 'POST', body.pieces, chunked, body.contentType);
    sent += Math.min(size, 200 * MiB);
    return res;
  };
  // A small round first, so pools and the heap reach their working size; then a proxy that held a body
  // would need at least one whole 150 MiB body on top.
  await overPrompt('warm-up prompt', true);
  t.equal((await upload('warm-up', 'warm.png', 20 * MiB, true)).status, 200, 'warm-up upload');

  const start = rss();
  resetPeak();
  sent = 0;
  for (let i = 0; i < 3; i++) await overPrompt(`64 MiB prompt #${i + 1}`, i > 0);
  for (const chunked of [false, true]) {
    const res = await upload('through', `through-${chunked}.png`, 150 * MiB, chunked);
    t.equal(res.status, 200, `150 MiB upload streamed through (${chunked ? 'chunked' : 'Content-Length'})`);
  }
  isTooLarge(t, await upload('over', 'over.png', 260 * MiB, true), '260 MiB chunked upload');
  isTooLarge(t, await upload('over', 'over-declared.png', 300 * MiB, false), '300 MiB declared upload');
  t.notOk(existsSync(join(p.row.dataDir!, 'input', 'over.png')), 'the oversized upload was not written');
  const growth = peakRss() - start;
  t.equal(statSync(join(p.row.dataDir!, 'input', 'through-true.png')).size, 150 * MiB, 'the streamed one is complete');
  t.comment(`${Math.round(sent / MiB)} MiB went through the proxy; peak RSS grew by ${(growth / MiB).toFixed(1)} MiB`);
  t.ok(growth < 64 * MiB, `peak RSS grew by less than 64 MiB (${(growth / MiB).toFixed(1)} MiB)`);
});
