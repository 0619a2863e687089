// A user's ComfyUI through the REAL gateway's /comfy/... pass-through, end to end: the one-time ticket
// becomes an HttpOnly cookie scoped to the instance, only its owner gets in, the simulator's page, API,
// images and WebSocket work through two proxies, and every prompt becomes generation-log jobs on BullMQ.
import t from 'tap';
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { QUEUES, type GenerationLogJob } from '@app/contracts';
import { bullPrefix } from '@app/service-kit';
import { defaultWorkflow, PNG_SIGNATURE } from '@app/comfyui-sim';
import {
  alive, createProject, openRunning, processesUnder, startComfyPlatform, until, type ComfyPlatform,
} from '../../projects/test/comfy-platform.js';

let dataDir = '';
const pids: number[] = [];

t.test('ComfyUI through the gateway', async (t) => {
  const p: ComfyPlatform = await startComfyPlatform(t);
  dataDir = p.dataDir;
  const origin = new URL(p.comfyUrl).origin;
  const aliceId = await p.createUser('alice', 'user');
  await p.createUser('bob', 'user');
  const alice = await p.token('alice', 'alice-Pass-123');
  const bob = await p.token('bob', 'bob-Pass-123');

  const projectId = await createProject(p, alice, 'E2E-ALICE');
  const { service } = await openRunning(p, alice, projectId);
  const serviceId = service.serviceId;
  const base = `/comfy/${serviceId}`;
  pids.push(service.pid!);

  const redis = new Redis(p.env.REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue<GenerationLogJob>(QUEUES.generationLogs, { connection: redis, prefix: bullPrefix(p.env.REDIS_KEY_PREFIX) });
  t.teardown(async () => {
    await queue.close();
    redis.disconnect();
  });
  /** Every generation-log job of a prompt, whatever state it is in (nothing consumes them here). */
  const jobsOf = async (promptId: string) =>
    (await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children'])).filter(
      (j): j is Job<GenerationLogJob> => !!j && j.data.promptId === promptId,
    );

  /** A fresh ticket url from open_comfy. */
  const ticketUrl = async (token: string, id: number) => {
    const res = await p.fetch(`/api/projects/${id}/open_comfy`, { method: 'POST', token });
    t.equal(res.status, 200, 'open_comfy');
    return (await res.json()).data.url as string;
  };
  /** Follows a ticket url like a browser's new tab: the cookie from the 302. */
  const exchange = async (url: string) => {
    const res = await p.comfyFetch(url, { redirect: 'manual' });
    return { res, cookies: res.headers.getSetCookie() };
  };
  const sessionOf = (cookies: string[]) => /^xl_comfy=([^;]+)/.exec(cookies.find((c) => c.startsWith('xl_comfy=')) ?? '')?.[1];

  let cookie = '';
  await t.test('the ticket url: 302 to the instance with an HttpOnly cookie scoped to it', async (t) => {
    const url = await ticketUrl(alice, projectId);
    t.match(url, new RegExp(`^${p.comfyUrl}${base}/\\?ticket=`), 'on the ComfyUI origin');
    const { res, cookies } = await exchange(url);
    t.equal(res.status, 302);
    t.equal(res.headers.get('location'), `${base}/`, 'redirected to the instance without the ticket');
    const set = cookies.find((c) => c.startsWith('xl_comfy='));
    t.ok(set, 'xl_comfy is set');
    t.match(set, /;\s*HttpOnly/i, 'HttpOnly');
    t.match(set, new RegExp(`;\\s*Path=${base}/(;|$)`, 'i'), `Path=${base}/`);
    t.match(set, /;\s*SameSite=Lax/i);
    t.notMatch(set, /;\s*Secure/i, 'not Secure over plain http');
    t.match(set, /;\s*Max-Age=\d+/i);
    cookie = `xl_comfy=${sessionOf(cookies)}`;

    const again = await exchange(url);
    t.equal(again.res.status, 401, 'the same ticket a second time → 401');
    t.equal((await again.res.json()).code, 401);
    t.same(again.cookies.filter((c) => c.startsWith('xl_comfy=')), [], 'and no cookie');

    const forged = await exchange(`${base}/?ticket=not-a-real-ticket`);
    t.equal(forged.res.status, 401, 'an unknown ticket → 401');

    const bare = await fetch(`${p.comfyUrl}${base}?ticket=x`, { redirect: 'manual' });
    t.equal(bare.status, 302, 'the bare path is sent under the cookie path first');
    t.equal(bare.headers.get('location'), `${base}/?ticket=x`, 'ticket kept');
  });

  await t.test('without the cookie → 401; a bearer token is not enough', async (t) => {
    const none = await fetch(`${p.comfyUrl}${base}/`);
    t.equal(none.status, 401);
    t.match(await none.json(), { code: 401, msg: /工作台/ });
    const withToken = await fetch(`${p.comfyUrl}${base}/api/queue`, { headers: { authorization: `Bearer ${alice}` } });
    t.equal(withToken.status, 401, 'the API token does not open an instance');
    const junk = await fetch(`${p.comfyUrl}${base}/`, { headers: { cookie: 'xl_comfy=made-up' } });
    t.equal(junk.status, 401, 'an unknown session → 401');
  });

  await t.test('two origins: the console’s serves no /comfy, the ComfyUI origin serves nothing else', async (t) => {
    for (const path of [`${base}/`, `${base}/api/queue`, `${base}/system_stats`]) {
      const res = await p.fetch(path, { headers: { cookie } });
      t.equal(res.status, 404, `console origin: ${path} → 404`);
      t.match(await res.json(), { code: 404 });
    }
    const ws = new WebSocket(`${p.url.replace(/^http/, 'ws')}${base}/ws?clientId=x`, { headers: { cookie, origin } });
    const refused = await new Promise<string>((done) => {
      ws.on('open', () => done('open'));
      ws.on('unexpected-response', (_req, res) => done(`http ${res.statusCode}`));
      ws.on('error', () => done('error'));
    });
    ws.terminate();
    t.equal(refused, 'http 404', 'nor its WebSocket');
    for (const path of ['/', '/index.html', '/api/auth/me', '/api/auth/captcha', '/healthz', '/readyz', '/metrics', '/documentation/json', '/api/docs']) {
      const res = await p.comfyFetch(path, { headers: { authorization: `Bearer ${alice}` } });
      t.equal(res.status, 404, `ComfyUI origin: ${path} → 404`);
      await res.body?.cancel();
    }
    const page = await p.comfyFetch(`${base}/`, { headers: { cookie } });
    t.equal(page.status, 200, 'while the instance itself answers there');
    t.equal(page.headers.get('x-content-type-options'), 'nosniff');
    t.match(page.headers.get('content-security-policy'), /frame-ancestors 'self'/);
    await page.body?.cancel();
  });

  await t.test('another user’s cookie (their own session on their own instance) on this instance → 403', async (t) => {
    const bobProject = await createProject(p, bob, 'E2E-BOB');
    const bobs = await openRunning(p, bob, bobProject);
    pids.push(bobs.service.pid!);
    const { res, cookies } = await exchange(await ticketUrl(bob, bobProject));
    t.equal(res.status, 302);
    const bobCookie = `xl_comfy=${sessionOf(cookies)}`;
    const own = await fetch(`${p.comfyUrl}/comfy/${bobs.service.serviceId}/`, { headers: { cookie: bobCookie } });
    t.equal(own.status, 200, 'bob’s cookie opens bob’s instance');
    await own.body?.cancel();

    const theirs = await fetch(`${p.comfyUrl}${base}/`, { headers: { cookie: bobCookie } });
    t.equal(theirs.status, 403, 'but not alice’s');
    t.match(await theirs.json(), { code: 403 });
    const api = await fetch(`${p.comfyUrl}${base}/api/prompt`, {
      method: 'POST',
      headers: { cookie: bobCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: defaultWorkflow() }),
    });
    t.equal(api.status, 403, 'nor queue a prompt on it');
    await api.body?.cancel();
    const aliceOnBob = await fetch(`${p.comfyUrl}/comfy/${bobs.service.serviceId}/`, { headers: { cookie } });
    t.equal(aliceOnBob.status, 403, 'alice’s cookie does not open bob’s instance either');
    await aliceOnBob.body?.cancel();
  });

  await t.test('GET /comfy/<id>/ is the simulator’s page', async (t) => {
    const res = await fetch(`${p.comfyUrl}${base}/`, { headers: { cookie } });
    t.equal(res.status, 200);
    t.match(res.headers.get('content-type'), /text\/html/);
    const html = await res.text();
    t.match(html, /<title>ComfyUI[^<]*<\/title>/);
    t.notMatch(html, /"code":\s*\d+/, 'passed through, not wrapped in an envelope');
    const stats = await fetch(`${p.comfyUrl}${base}/system_stats`, { headers: { cookie } });
    t.equal(stats.status, 200, 'the bare ComfyUI path form works too');
    t.match(await stats.json(), { system: { comfyui_version: String } });
    t.equal(res.headers.get('cache-control'), 'private, no-cache', 'the page is revalidated, never kept by a shared cache');
    t.equal(stats.headers.get('cache-control'), 'no-store', 'live API state is never stored');
    const queue = await fetch(`${p.comfyUrl}${base}/api/queue`, { headers: { cookie } });
    t.equal(queue.headers.get('cache-control'), 'no-store', 'nor under /api');
    await queue.body?.cancel();
  });

  let promptId = '';
  await t.test('POST /api/prompt with a browser Origin passes ComfyUI’s origin check and becomes generation logs', async (t) => {
    const direct = await fetch(`http://127.0.0.1:${service.port}/prompt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ prompt: defaultWorkflow() }),
    });
    t.equal(direct.status, 403, 'sent straight to ComfyUI, the gateway’s Origin is refused (so the proxy must rewrite it)');
    await direct.body?.cancel();

    const res = await fetch(`${p.comfyUrl}${base}/api/prompt`, {
      method: 'POST',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: defaultWorkflow(), client_id: 'e2e' }),
    });
    const body = await res.json();
    t.equal(res.status, 200, `accepted (${JSON.stringify(body)})`);
    t.match(body, { prompt_id: String, number: Number, node_errors: {} });
    promptId = body.prompt_id;

    const jobs = await until(
      () => jobsOf(promptId),
      (js) => js.some((j) => j.data.status === 'success'),
      15_000,
      'a success job',
    );
    await new Promise((r) => setTimeout(r, 700)); // a duplicate would show up by now
    const all = await jobsOf(promptId);
    t.same(all.map((j) => j.data.status).sort(), ['running', 'success'], 'exactly one running and one success job');
    for (const job of all) t.match(job.id, new RegExp(`^${promptId}[:_-]${job.data.status}$`), `job id ${job.id}: the prompt id and status, so a retry never counts twice`);
    const running = all.find((j) => j.data.status === 'running')!;
    const success = all.find((j) => j.data.status === 'success')!;
    for (const job of [running, success]) {
      t.match(job.data, { promptId, userId: aliceId, projectId, serviceId }, `${job.data.status}: who, which project, which instance`);
      t.ok(!Number.isNaN(Date.parse(job.data.timestamp)), `${job.data.status}: an ISO timestamp`);
    }
    t.ok(typeof success.data.durationMs === 'number' && success.data.durationMs >= 0, `durationMs ${success.data.durationMs} ≥ 0`);
    t.ok((success.data.outputCount ?? 0) >= 1, `outputCount ${success.data.outputCount} ≥ 1`);
    t.match(running.data.details, { nodes: 7, clientId: 'e2e' });
    t.ok(jobs.length >= 1);

    const bad = await fetch(`${p.comfyUrl}${base}/api/prompt`, {
      method: 'POST',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: { '1': { class_type: 'NoSuchNode', inputs: {} } } }),
    });
    t.equal(bad.status, 400, 'ComfyUI’s own validation error passes through');
    t.match(await bad.json(), { error: { type: String } });

    const bare = await fetch(`${p.comfyUrl}${base}/prompt`, {
      method: 'POST',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: defaultWorkflow('second') }),
    });
    t.equal(bare.status, 200, 'the bare /prompt path form');
    const second = (await bare.json()).prompt_id;
    const logged = await until(() => jobsOf(second), (js) => js.length === 2, 15_000, 'two jobs for the second prompt');
    t.same(logged.map((j) => j.data.status).sort(), ['running', 'success'], 'is logged as well');
  });

  await t.test('the WebSocket through the gateway carries status and the run’s events', async (t) => {
    const ws = new WebSocket(`${p.comfyUrl.replace(/^http/, 'ws')}${base}/ws?clientId=abc`, { headers: { cookie, origin } });
    const frames: { type: string; data: Record<string, unknown> }[] = [];
    ws.on('message', (data, binary) => {
      if (!binary) frames.push(JSON.parse(String(data)));
    });
    const closed = new Promise<void>((r) => ws.once('close', () => r()));
    t.teardown(() => ws.terminate());
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const first = await until(async () => frames[0], (f) => !!f, 5000, 'a first frame').catch(() => undefined);
    t.equal(first?.type, 'status', 'the first frame is status');
    t.equal((first?.data as { sid?: string } | undefined)?.sid, 'abc', 'for our clientId');

    const res = await fetch(`${p.comfyUrl}${base}/api/prompt`, {
      method: 'POST',
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: defaultWorkflow('via websocket'), client_id: 'abc' }),
    });
    t.equal(res.status, 200);
    const id = (await res.json()).prompt_id;
    const ofRun = (type: string) => frames.filter((f) => f.type === type && f.data.prompt_id === id);
    await until(async () => ofRun('execution_success').length, (n) => n > 0, 15_000, 'execution_success').catch(() => 0);
    t.ok(ofRun('executing').length >= 1, 'executing');
    t.ok(ofRun('executed').length >= 1, 'executed');
    t.equal(ofRun('execution_success').length, 1, 'execution_success');
    const types = frames.map((f) => f.type);
    t.ok(types.indexOf('executing') < types.indexOf('execution_success'), 'in order');
    const executed = ofRun('executed')[0]?.data as { output?: { images?: { filename: string; subfolder: string; type: string }[] } } | undefined;
    const image = executed?.output?.images?.[0];
    t.ok(image, 'executed names its image');

    if (image) {
      const qs = new URLSearchParams({ filename: image.filename, subfolder: image.subfolder, type: image.type });
      const view = await fetch(`${p.comfyUrl}${base}/api/view?${qs}`, { headers: { cookie } });
      t.equal(view.status, 200, '/api/view of the output');
      t.equal(view.headers.get('content-type'), 'image/png');
      const png = Buffer.from(await view.arrayBuffer());
      t.ok(png.subarray(0, 8).equals(Buffer.from(PNG_SIGNATURE)), 'a PNG');
      const noCookie = await fetch(`${p.comfyUrl}${base}/api/view?${qs}`);
      t.equal(noCookie.status, 401, 'images need the cookie too');
    }
    ws.close();
    await closed;
  });

  await t.test('a WebSocket without the cookie gets no events', async (t) => {
    const ws = new WebSocket(`${p.comfyUrl.replace(/^http/, 'ws')}${base}/ws?clientId=intruder`);
    const frames: unknown[] = [];
    ws.on('message', (data, binary) => !binary && frames.push(JSON.parse(String(data))));
    ws.on('error', () => {});
    await new Promise<void>((r) => {
      ws.once('close', () => r());
      ws.once('unexpected-response', () => r());
    });
    ws.terminate();
    t.same(frames, [], 'closed or refused without a single frame');
  });

  await t.test('a stopped instance: the cookie gets 503, and its process is gone', async (t) => {
    const stop = await p.fetch(`/api/comfy/services/${serviceId}/stop`, { method: 'POST', token: alice });
    t.equal(stop.status, 200);
    t.notOk(alive(service.pid), 'the simulator process ended');
    const res = await fetch(`${p.comfyUrl}${base}/`, { headers: { cookie } });
    t.equal(res.status, 503);
    t.match(await res.json(), { code: 503, msg: /stopped/ });
  });
});

t.test('no simulator survives the platform', async (t) => {
  t.ok(dataDir, 'the platform ran');
  const left = await until(async () => processesUnder(dataDir), (l) => l.length === 0, 5000, 'no process').catch(() => processesUnder(dataDir));
  t.same(left, [], 'every instance was stopped when the orchestrator closed');
  for (const pid of pids) t.notOk(alive(pid), `pid ${pid} is gone`);
});
