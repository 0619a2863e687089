// Body limits end to end, through the gateway's ComfyUI origin and the orchestrator to a real simulator: a
// prompt or any other body over its cap is a 413 envelope at the browser, with Content-Length or chunked,
// and the instance queues or writes nothing; bodies under the caps go through; and the platform's memory
// (gateway, projects and orchestrator all run in this process) stays flat while hundreds of MB pass.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { defaultWorkflow } from '@app/comfyui-sim';
import { multipartImage, paddedPrompt, peakRss, resetPeak, rss, send, type Piece } from '../../comfy-orchestrator/test/body.js';
import { createProject, instanceCookie, openRunning, startComfyPlatform } from '../../projects/test/comfy-platform.js';

const MiB = 1024 * 1024;
const PROMPT_CAP = 256 * 1024;
const UPLOAD_CAP = 64 * MiB;

const isTooLarge = (t: Test, res: { status: number; text: string }, what: string) => {
  t.equal(res.status, 413, `${what}: 413`);
  t.match(JSON.parse(res.text || 'null'), { code: 413, msg: /请求体过大/, message: /请求体过大/, data: null }, `${what}: the envelope`);
};
t.test('ComfyUI bodies through the gateway: over the cap → 413, nothing reaches the instance, memory flat', async (t) => {
  const p = await startComfyPlatform(t, { env: { COMFY_MAX_PROMPT_BYTES: String(PROMPT_CAP), COMFY_MAX_UPLOAD_BYTES: String(UPLOAD_CAP) } });
  await p.createUser('carol', 'user');
  const carol = await p.token('carol', 'carol-Pass-123');
  const { open, service } = await openRunning(p, carol, await createProject(p, carol, 'LIMITS'));
  const cookie = await instanceCookie(p, open.url);
  const base = `${p.comfyUrl}/comfy/${service.serviceId}`;
  const dataDir = join(p.dataDir, `project-${service.projectId}`, service.serviceId);
  const sim = async () => (await (await fetch(`http://127.0.0.1:${service.port}/sim/state`)).json()) as { prompts_accepted: number; requests: string[] };
  const to = (path: string, pieces: Piece[], chunked: boolean, type: string) =>
    send(`${base}${path}`, { method: 'POST', pieces, chunked, headers: { cookie, 'content-type': type } });

  await t.test('prompts', async (t) => {
    for (const path of ['/prompt', '/api/prompt']) {
      for (const chunked of [false, true]) {
        const what = `${path} ${chunked ? 'chunked' : 'with Content-Length'}`;
        const before = await sim();
        isTooLarge(t, await to(path, paddedPrompt(defaultWorkflow(), 4 * PROMPT_CAP), chunked, 'application/json'), what);
        const after = await sim();
        t.equal(after.prompts_accepted, before.prompts_accepted, `${what}: no prompt queued`);
        t.same(after.requests.slice(before.requests.length), [], `${what}: the instance saw no request`);
        const ok = await to(path, paddedPrompt(defaultWorkflow(), PROMPT_CAP - 4096), chunked, 'application/json');
        t.equal(ok.status, 200, `${what}: just under the cap is accepted`);
        t.equal((await sim()).prompts_accepted, before.prompts_accepted + 1);
      }
    }
  });

  await t.test('uploads and userdata', async (t) => {
    for (const path of ['/upload/image', '/api/upload/image']) {
      for (const chunked of [false, true]) {
        const what = `${path} ${chunked ? 'chunked' : 'with Content-Length'}`;
        const name = `${path.replace(/\W/g, '')}-${chunked}.png`;
        const big = multipartImage(name, 2 * UPLOAD_CAP);
        isTooLarge(t, await to(path, big.pieces, chunked, big.contentType), what);
        t.notOk(existsSync(join(dataDir, 'input', name)), `${what}: nothing written`);
        const small = multipartImage(name, 1024);
        t.equal((await to(path, small.pieces, chunked, small.contentType)).status, 200, `${what}: a small one is uploaded`);
        t.same(readdirSync(join(dataDir, 'input')).filter((f) => f.startsWith(name.replace('.png', ''))), [name], `${what}: only the small one`);
      }
    }
    for (const chunked of [false, true]) {
      const what = `POST /userdata ${chunked ? 'chunked' : 'with Content-Length'}`;
      isTooLarge(t, await to(`/userdata/big-${chunked}.json`, [UPLOAD_CAP + 1], chunked, 'application/octet-stream'), what);
      t.notOk(existsSync(join(dataDir, 'user', 'default', `big-${chunked}.json`)), `${what}: nothing written`);
    }
  });

  await t.test('memory stays flat while hundreds of MB are refused or streamed through', async (t) => {
    const warm = multipartImage('warm.png', 8 * MiB);
    t.equal((await to('/upload/image', warm.pieces, true, warm.contentType)).status, 200, 'warm-up');
    const start = rss();
    resetPeak();
    let sent = 0;
    for (const chunked of [false, true, true]) {
      const body = multipartImage(`through-${sent}.png`, UPLOAD_CAP - MiB);
      t.equal((await to('/upload/image', body.pieces, chunked, body.contentType)).status, 200, `${UPLOAD_CAP / MiB - 1} MiB upload streamed through`);
      sent += UPLOAD_CAP - MiB;
    }
    for (let i = 0; i < 2; i++) {
      const over = multipartImage(`over-${i}.png`, 150 * MiB);
      isTooLarge(t, await to('/upload/image', over.pieces, true, over.contentType), `150 MiB chunked upload #${i + 1}`);
      isTooLarge(t, await to('/prompt', paddedPrompt(defaultWorkflow(), 64 * MiB), true, 'application/json'), `64 MiB prompt #${i + 1}`);
      sent += UPLOAD_CAP + PROMPT_CAP;
    }
    const growth = peakRss() - start;
    t.equal(statSync(join(dataDir, 'input', 'through-0.png')).size, UPLOAD_CAP - MiB, 'the streamed upload is complete');
    t.comment(`${Math.round(sent / MiB)} MiB went through gateway and orchestrator; peak RSS grew by ${(growth / MiB).toFixed(1)} MiB`);
    t.ok(growth < 64 * MiB, `peak RSS grew by less than 64 MiB (${(growth / MiB).toFixed(1)} MiB)`);
  });
});
