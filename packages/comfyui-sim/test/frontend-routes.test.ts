// The routes ComfyUI's own frontend uses, against a real simulator process: `--front-end-root` static serving
// (cache headers, 403/404, no traversal), users/settings (kept on disk across a restart), userdata
// (list/get/post/delete/move, traversal refused), models, logs, view_metadata and upload/mask.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { decodePng } from '../src/mask.js';
import { encodePng } from '../src/png.js';
import { http, leftoverChildren, startSim, wsConnect } from './helpers.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../../../shared/fixtures/comfyui-frontend-1.27.10.tgz');

/** The official frontend unpacked into a temp dir (never into the repo). */
function unpackFrontend(tt: { teardown(fn: () => unknown): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'comfy-frontend-'));
  tt.teardown(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('tar', ['-xzf', FIXTURE, '-C', dir]);
  return path.join(dir, 'dist');
}

function multipart(fields: Array<{ name: string; value: string | Buffer; filename?: string; type?: string }>) {
  const boundary = `----sim${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of fields) {
    const disp = `form-data; name="${f.name}"${f.filename !== undefined ? `; filename="${f.filename}"` : ''}`;
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n${f.type ? `Content-Type: ${f.type}\r\n` : ''}\r\n`));
    parts.push(typeof f.value === 'string' ? Buffer.from(f.value) : f.value);
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { raw: Buffer.concat(parts), headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
}

t.test('--front-end-root serves the built frontend as ComfyUI does', async (t) => {
  const root = unpackFrontend(t);
  const sim = await startSim(t, { args: ['--front-end-root', root] });
  const { port } = sim;

  const index = await http(port, 'GET', '/');
  t.equal(index.status, 200);
  t.ok(index.body.equals(readFileSync(path.join(root, 'index.html'))), '/ is the root index.html, byte for byte');
  t.match(index.headers['content-type'], /^text\/html/);
  t.equal(index.headers['cache-control'], 'no-cache', 'index.html is never cached');
  t.equal(index.headers.pragma, 'no-cache');
  t.equal(index.headers.expires, '0');

  const script = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(index.text)![1]!;
  const js = await http(port, 'GET', `/${script}`);
  t.equal(js.status, 200);
  t.ok(js.body.equals(readFileSync(path.join(root, script))), 'the entry script as on disk');
  t.equal(js.headers['content-type'], 'application/javascript; charset=utf-8', 'a module script needs a JavaScript type');
  t.equal(js.headers['cache-control'], 'no-cache', '.js revalidates (ComfyUI cache_control)');
  const again = await http(port, 'GET', `/${script}`, { headers: { 'If-None-Match': String(js.headers.etag) } });
  t.equal(again.status, 304, 'a matching ETag gets 304');

  const mjs = await http(port, 'GET', '/assets/lib/primevue/button/index.mjs');
  t.equal(mjs.status, 200);
  t.match(mjs.headers['content-type'], /javascript/, '.mjs from the import map is JavaScript too');

  const png = await http(port, 'GET', '/assets/images/favicon_progress_16x16/frame_0.png');
  t.equal(png.status, 200);
  t.equal(png.headers['content-type'], 'image/png');
  t.equal(png.headers['cache-control'], 'public, max-age=86400', 'images are cached a day');
  const missingPng = await http(port, 'GET', '/assets/images/nope.png');
  t.equal(missingPng.status, 404);
  t.equal(missingPng.headers['cache-control'], 'public, max-age=3600', 'a missing image is cached an hour');
  t.equal((await http(port, 'GET', '/assets/nope.js')).status, 404);
  t.equal((await http(port, 'GET', '/assets')).status, 403, 'no directory listing (aiohttp: 403)');
  t.equal((await http(port, 'GET', '/assets/')).status, 403);

  // traversal: encoded dots/slashes, and a symlink pointing out of the root
  writeFileSync(path.join(root, '..', 'secret.txt'), 'secret');
  symlinkSync(path.join(root, '..', 'secret.txt'), path.join(root, 'link.txt'));
  for (const p of ['/%2e%2e/secret.txt', '/..%2Fsecret.txt', '/assets/..%2F..%2Fsecret.txt', '/link.txt', '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd']) {
    const r = await http(port, 'GET', p);
    t.equal(r.status, 404, `${p} → 404`);
    t.notMatch(r.text, /secret|root:/);
  }

  const ext = (await http(port, 'GET', '/api/extensions')).json<string[]>();
  t.ok(ext.length > 0 && ext.every((u) => /^\/extensions\/.+\.js$/.test(u)), 'extensions: the root’s extensions/**/*.js as URLs');
  t.ok(ext.includes('/extensions/core/groupNode.js'));
  t.equal((await http(port, 'GET', ext[0]!)).status, 200, 'every listed extension is served');

  const templates = await http(port, 'GET', '/templates/index.json');
  t.equal(templates.status, 200);
  t.match(templates.headers['content-type'], /^application\/json/, 'the frontend only reads a JSON content type');
  t.same(templates.json(), [], 'the fixture has no core templates: an empty index');
  t.equal(templates.headers['cache-control'], 'no-cache');
  t.equal((await http(port, 'GET', '/api/templates/index.json')).status, 404, 'templates are not under /api');

  const css = await http(port, 'GET', '/api/userdata/user.css');
  t.equal(css.status, 404, 'no user.css yet');
  t.equal(css.headers['cache-control'], 'no-cache', 'the middleware applies to API paths too');
  t.equal((await http(port, 'POST', '/nope.js', { body: {} })).status, 404);
});

t.test('without the flag the simulator keeps its own page', async (t) => {
  const sim = await startSim(t);
  const index = await http(sim.port, 'GET', '/');
  t.match(index.text, /<title>ComfyUI \(simulator\)<\/title>/);
  t.equal((await http(sim.port, 'GET', '/index.html')).status, 404, 'no static root');
  t.same((await http(sim.port, 'GET', '/api/extensions')).json(), []);
  t.same((await http(sim.port, 'GET', '/templates/index.json')).json(), []);
});

t.test('a missing --front-end-root ends the process before binding, as ComfyUI', async (t) => {
  const sim = await startSim(t, { args: ['--front-end-root', '/nonexistent/frontend'], ready: false });
  const exit = await sim.exited;
  t.equal(exit.code, 1);
  t.match(sim.stderr(), /No directory exists at '\/nonexistent\/frontend'/);
});

t.test('users and settings, kept on disk across a restart', async (t) => {
  const userDir = mkdtempSync(path.join(tmpdir(), 'comfy-user-'));
  t.teardown(() => rmSync(userDir, { recursive: true, force: true }));
  const first = await startSim(t, { args: ['--user-directory', userDir] });
  let port = first.port;

  t.same((await http(port, 'GET', '/api/users')).json(), { storage: 'server', migrated: false }, 'single-user; nothing stored yet');
  t.same((await http(port, 'GET', '/api/settings')).json(), {});
  t.equal((await http(port, 'GET', '/api/settings/Comfy.Locale')).text, 'null', 'an unknown setting is null');
  let r = await http(port, 'POST', '/api/settings/Comfy.InstalledVersion', { body: '"1.27.10"' });
  t.equal(r.status, 200);
  r = await http(port, 'POST', '/settings', { body: { 'Comfy.Locale': 'zh', 'Comfy.Sidebar.Size': 'small' } });
  t.equal(r.status, 200);
  r = await http(port, 'POST', '/api/settings', { body: { 'Comfy.Sidebar.Size': 'normal' } });
  t.equal(r.status, 200, 'a second whole-object POST merges');
  t.same((await http(port, 'GET', '/api/users')).json(), { storage: 'server', migrated: true });
  const expected = { 'Comfy.InstalledVersion': '1.27.10', 'Comfy.Locale': 'zh', 'Comfy.Sidebar.Size': 'normal' };
  t.same((await http(port, 'GET', '/api/settings')).json(), expected);
  t.same(JSON.parse(readFileSync(path.join(userDir, 'default', 'comfy.settings.json'), 'utf8')), expected, 'stored as default/comfy.settings.json');

  first.kill('SIGTERM');
  await first.exited;
  const second = await startSim(t, { args: ['--user-directory', userDir] });
  port = second.port;
  t.same((await http(port, 'GET', '/api/settings')).json(), expected, 'settings survive a restart on the same user directory');
  t.equal((await http(port, 'GET', '/api/settings/Comfy.Locale')).json(), 'zh');
  t.equal((await http(port, 'POST', '/api/settings/x', { body: '{broken' })).status, 500, 'a body that is not JSON fails as in ComfyUI');
  t.same((await http(port, 'GET', '/api/settings')).json(), expected, '…and changes nothing');
});

t.test('userdata: list, get, post, move, delete; traversal refused', async (t) => {
  const sim = await startSim(t);
  const { port } = sim;
  const userRoot = path.join(sim.dataDir, 'user', 'default');

  t.equal((await http(port, 'GET', '/api/userdata?dir=workflows&recurse=true&split=false&full_info=true')).status, 404, 'missing dir → 404');
  t.equal((await http(port, 'GET', '/api/userdata')).status, 400, 'no dir → 400');

  const a = await http(port, 'POST', '/api/userdata/workflows%2Fa.json?overwrite=false&full_info=true', { body: '{"nodes":[]}' });
  t.equal(a.status, 200);
  t.match(a.json(), { path: 'workflows/a.json', size: 12, modified: Number });
  t.same(Object.keys(a.json()).sort(), ['modified', 'path', 'size']);
  t.equal(readFileSync(path.join(userRoot, 'workflows', 'a.json'), 'utf8'), '{"nodes":[]}');
  const dup = await http(port, 'POST', '/api/userdata/workflows%2Fa.json?overwrite=false', { body: 'x' });
  t.equal(dup.status, 409, 'overwrite=false on an existing file → 409');
  t.equal(readFileSync(path.join(userRoot, 'workflows', 'a.json'), 'utf8'), '{"nodes":[]}', 'and it is untouched');
  const plain = await http(port, 'POST', '/userdata/workflows%2Fsub%2Fb.json', { body: '{}' });
  t.equal(plain.json(), 'workflows/sub/b.json', 'without full_info: the relative path');
  await http(port, 'POST', '/api/userdata/workflows%2F.index.json', { body: '{"favorites":[]}' });

  const list = (qs: string) => http(port, 'GET', `/api/userdata?${qs}`).then((r) => r.json());
  t.same(await list('dir=workflows&recurse=true'), ['a.json', 'sub/b.json'], 'recursive listing, hidden files skipped (glob)');
  t.same(await list('dir=workflows'), ['a.json'], 'not recursive');
  t.same(await list('dir=workflows&recurse=true&split=true'), [['a.json', 'a.json'], ['sub/b.json', 'sub', 'b.json']], 'split');
  const full = await list('dir=workflows&recurse=true&split=false&full_info=true');
  t.match(full, [{ path: 'a.json', size: 12, modified: Number }, { path: 'sub/b.json', size: 2, modified: Number }]);

  const got = await http(port, 'GET', '/api/userdata/workflows%2Fa.json');
  t.equal(got.status, 200);
  t.equal(got.text, '{"nodes":[]}');
  t.equal(got.headers['x-content-type-options'], 'nosniff');
  t.equal((await http(port, 'GET', '/api/userdata/workflows%2Fhidden.json')).status, 404);

  const moved = await http(port, 'POST', '/api/userdata/workflows%2Fa.json/move/workflows%2Fc.json?full_info=true');
  t.equal(moved.status, 200);
  t.match(moved.json(), { path: 'workflows/c.json', size: 12 });
  t.notOk(existsSync(path.join(userRoot, 'workflows', 'a.json')), 'source gone');
  t.equal((await http(port, 'GET', '/api/userdata/workflows%2Fc.json')).text, '{"nodes":[]}');
  t.equal((await http(port, 'POST', '/api/userdata/workflows%2Fc.json/move/workflows%2Fsub%2Fb.json?overwrite=false')).status, 409);
  t.equal((await http(port, 'POST', '/api/userdata/workflows%2Fnope.json/move/workflows%2Fx.json')).status, 404);

  const del = await http(port, 'DELETE', '/api/userdata/workflows%2Fc.json');
  t.equal(del.status, 204);
  t.equal((await http(port, 'GET', '/api/userdata/workflows%2Fc.json')).status, 404, 'deleted');
  t.equal((await http(port, 'DELETE', '/api/userdata/workflows%2Fc.json')).status, 404);

  writeFileSync(path.join(sim.dataDir, 'user', 'outside.txt'), 'outside');
  for (const [method, p] of [
    ['GET', '/api/userdata/..%2Foutside.txt'],
    ['GET', '/api/userdata/..%2F..%2F..%2Fetc%2Fpasswd'],
    ['GET', '/api/userdata/%2Fetc%2Fpasswd'],
    ['POST', '/api/userdata/..%2Fevil.json'],
    ['DELETE', '/api/userdata/..%2Foutside.txt'],
    ['POST', '/api/userdata/workflows%2Fsub%2Fb.json/move/..%2F..%2Fevil.json'],
    ['GET', '/api/userdata?dir=..%2F..'],
  ] as const) {
    const r = await http(port, method, p, method === 'POST' ? { body: 'x' } : {});
    t.equal(r.status, 403, `${method} ${p} → 403`);
  }
  t.ok(existsSync(path.join(sim.dataDir, 'user', 'outside.txt')), 'nothing outside default/ deleted');
  t.notOk(existsSync(path.join(sim.dataDir, 'user', 'evil.json')) || existsSync(path.join(sim.dataDir, 'evil.json')), 'nothing written outside');
  t.ok(existsSync(path.join(userRoot, 'workflows', 'sub', 'b.json')), 'refused move left the source');
});

t.test('models, templates, i18n, logs, internal routes', async (t) => {
  const sim = await startSim(t);
  const { port } = sim;
  const modelsDir = path.join(sim.dataDir, 'models');

  t.same((await http(port, 'GET', '/api/i18n')).json(), {});
  t.same((await http(port, 'GET', '/api/workflow_templates')).json(), {});
  t.same((await http(port, 'GET', '/api/embeddings')).json(), ['sim-embedding']);

  const folders = (await http(port, 'GET', '/api/experiment/models')).json<Array<{ name: string; folders: string[] }>>();
  t.ok(folders.some((f) => f.name === 'checkpoints'));
  t.ok(folders.every((f) => !['configs', 'custom_nodes'].includes(f.name)), 'configs/custom_nodes left out');
  t.same(folders.find((f) => f.name === 'checkpoints')!.folders, [path.join(modelsDir, 'checkpoints')]);
  const ckpts = (await http(port, 'GET', '/api/experiment/models/checkpoints')).json<Array<Record<string, unknown>>>();
  t.ok(ckpts.length > 0);
  t.match(ckpts[0], { name: String, pathIndex: 0, modified: Number, created: Number, size: Number });
  const objectInfo = (await http(port, 'GET', '/api/object_info/CheckpointLoaderSimple')).json();
  t.same(ckpts.map((c) => c.name), objectInfo.CheckpointLoaderSimple.input.required.ckpt_name[0], 'the same checkpoints the node offers');
  t.equal((await http(port, 'GET', '/api/experiment/models/nope')).status, 404);
  const fp = (await http(port, 'GET', '/internal/folder_paths')).json();
  t.same(fp.checkpoints, [path.join(modelsDir, 'checkpoints')]);

  // view_metadata: none for the simulator's own files; a real safetensors file's __metadata__
  const name = String(ckpts[0]!.name);
  t.equal((await http(port, 'GET', `/api/view_metadata/checkpoints?filename=${encodeURIComponent(name)}`)).status, 404, 'no metadata → 404');
  mkdirSync(path.join(modelsDir, 'loras'), { recursive: true });
  const header = Buffer.from(JSON.stringify({ __metadata__: { ss_network_dim: '16' } }));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  const lora = (await http(port, 'GET', '/api/experiment/models/loras')).json<Array<{ name: string }>>()[0]!.name;
  writeFileSync(path.join(modelsDir, 'loras', lora), Buffer.concat([len, header]));
  const meta = await http(port, 'GET', `/api/view_metadata/loras?filename=${encodeURIComponent(lora)}`);
  t.equal(meta.status, 200);
  t.same(meta.json(), { ss_network_dim: '16' });
  t.equal((await http(port, 'GET', `/api/view_metadata/loras?filename=..%2F..%2Fx.safetensors`)).status, 404);

  const logs = await http(port, 'GET', '/internal/logs');
  t.equal(typeof logs.json(), 'string');
  t.match(logs.json(), /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6} - .*To see the GUI go to/s, 'the process log as "t - m" lines');
  const raw = (await http(port, 'GET', '/api/internal/logs/raw')).json();
  t.match(raw, { entries: Array, size: { cols: Number, rows: Number } });
  t.ok(raw.entries.some((e: { t: string; m: string }) => /To see the GUI go to/.test(e.m) && typeof e.t === 'string'));

  const ws = await wsConnect(t, port, '/ws?clientId=logwatcher');
  const sub = await http(port, 'PATCH', '/internal/logs/subscribe', { body: { clientId: 'logwatcher', enabled: true } });
  t.equal(sub.status, 200);
  await http(port, 'POST', '/api/free', { body: { unload_models: true } });
  const ev = await ws.waitFor((m) => m.type === 'logs' && m.data.entries.some((e: { m: string }) => /\/free/.test(e.m)));
  t.match(ev.data, { entries: [{ t: String, m: String }], size: { cols: Number, rows: Number } }, 'a subscribed client gets new log lines');
  await http(port, 'PATCH', '/api/internal/logs/subscribe', { body: { clientId: 'logwatcher', enabled: false } });
  const before = ws.messages.filter((m) => m.type === 'logs').length;
  await http(port, 'POST', '/api/free', { body: { unload_models: true } });
  await http(port, 'GET', '/api/queue');
  t.equal(ws.messages.filter((m) => m.type === 'logs').length, before, 'unsubscribed: no more log events');

  t.same((await http(port, 'GET', '/internal/files/output')).json(), []);
  t.equal((await http(port, 'GET', '/internal/files/secret')).status, 400);
});

t.test('upload/mask writes the original with the mask as alpha', async (t) => {
  const sim = await startSim(t);
  const { port } = sim;
  const inputDir = path.join(sim.dataDir, 'input');
  const original = encodePng(8, 4, (x) => [x * 30, 100, 200], { prompt: '{"1":{}}' });
  const up = multipart([{ name: 'image', value: original, filename: 'photo.png', type: 'image/png' }]);
  t.same((await http(port, 'POST', '/api/upload/image', { raw: up.raw, headers: up.headers })).json(), { name: 'photo.png', subfolder: '', type: 'input' });

  // the mask editor's upload: an RGBA PNG whose alpha is the mask
  const alpha = (x: number, y: number) => (x + y) % 2 ? 0 : 255;
  const maskRgba = Buffer.alloc(8 * 4 * 4);
  for (let y = 0; y < 4; y++) for (let x = 0; x < 8; x++) maskRgba[(y * 8 + x) * 4 + 3] = alpha(x, y);
  const { encodeRgbaPng } = await import('../src/mask.js');
  const mask = encodeRgbaPng(8, 4, maskRgba);
  const form = multipart([
    { name: 'image', value: mask, filename: 'clipspace-mask-1.png', type: 'image/png' },
    { name: 'original_ref', value: JSON.stringify({ filename: 'photo.png', subfolder: '', type: 'input' }) },
    { name: 'type', value: 'input' },
    { name: 'subfolder', value: 'clipspace' },
  ]);
  const r = await http(port, 'POST', '/api/upload/mask', { raw: form.raw, headers: form.headers });
  t.equal(r.status, 200);
  t.same(r.json(), { name: 'clipspace-mask-1.png', subfolder: 'clipspace', type: 'input' }, 'the upload answer');
  const written = decodePng(readFileSync(path.join(inputDir, 'clipspace', 'clipspace-mask-1.png')));
  t.equal(written.width, 8);
  t.equal(written.height, 4);
  t.equal(written.text.prompt, '{"1":{}}', 'the original’s metadata is kept');
  const decodedOriginal = decodePng(original);
  let rgbOk = true;
  let alphaOk = true;
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 8; x++) {
      const o = (y * 8 + x) * 4;
      if (!written.rgba.subarray(o, o + 3).equals(decodedOriginal.rgba.subarray(o, o + 3))) rgbOk = false;
      if (written.rgba[o + 3] !== alpha(x, y)) alphaOk = false;
    }
  }
  t.ok(rgbOk, 'colours are the original’s');
  t.ok(alphaOk, 'alpha is the mask’s');

  const orphan = multipart([
    { name: 'image', value: mask, filename: 'orphan.png', type: 'image/png' },
    { name: 'original_ref', value: JSON.stringify({ filename: '../../etc/passwd', type: 'input' }) },
  ]);
  const o = await http(port, 'POST', '/upload/mask', { raw: orphan.raw, headers: orphan.headers });
  t.same(o.json(), { name: 'orphan.png', subfolder: '', type: 'input' }, 'answered like ComfyUI even for a refused original');
  t.notOk(existsSync(path.join(inputDir, 'orphan.png')), 'but nothing is written');
  t.equal((await http(port, 'GET', '/api/upload/mask')).status, 405);
});

t.test('no leftover child processes', async (t) => {
  t.same(await leftoverChildren(), []);
});
