// 数据生成 as a user lives it, with ComfyUI's own web frontend (the official build that ComfyUI 0.3.64 bundles,
// from ../shared/fixtures) in real Chromium: a user creates a project, presses 数据生成, the new tab loads the real
// frontend through the gateway's ComfyUI origin, the user queues the default workflow with the frontend's own
// Run button, progress and the image arrive over the proxied WebSocket, and the run is in /api/logs and on the
// statistics page. Then the instance crashes, is restarted, and the same flow works again.
// With COMFYUI_COMMAND set (a real ComfyUI install), the same test runs against it unchanged.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t, { type Test } from 'tap';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { simulatorCommand } from '@app/comfyui-sim';
import { builtWebDist, launchChromium, loginInBrowser } from './browser.js';
import { startComfyPlatform, until, untilRunning, type ComfyPlatform } from '../../services/projects/test/comfy-platform.js';

const webDist = builtWebDist();
const FIXTURE = resolve('..', 'shared', 'fixtures', 'comfyui-frontend-1.27.10.tgz');
if (!existsSync(FIXTURE)) throw new Error(`the ComfyUI frontend fixture is missing: ${FIXTURE}`);

const frontendDir = mkdtempSync(join(tmpdir(), 'comfyui-frontend-'));
t.teardown(() => rmSync(frontendDir, { recursive: true, force: true }));
execFileSync('tar', ['-xzf', FIXTURE, '-C', frontendDir]);
const frontendRoot = join(frontendDir, 'dist');

/**
 * Requests the frontend makes that fail offline or by design, and nothing else may: its release check on
 * api.comfy.org, the progress favicon it asks at the origin's root (outside the instance's prefix), the
 * optional user stylesheets, and what a new ComfyUI user does not have yet (ComfyUI itself answers 404 for
 * the saved-workflow and subgraph folders and the saved-templates file until they are written).
 */
const KNOWN_FAILURES = [
  /^https?:\/\/api\.comfy\.org\//,
  /\/assets\/images\/favicon_progress_16x16\//,
  /\/user\.css(\?|$)/,
  /\/api\/userdata\?dir=(workflows|subgraphs%2F)&/,
  /\/api\/userdata\/comfy\.templates\.json$/,
];

interface Watch {
  failures: string[];
  /** cache-control of each hashed asset of the frontend (`assets/GraphView-BbaN9fO4.js`). */
  assetCaching: Set<string>;
  frames: { type: string; data?: Record<string, unknown> }[];
  binaryFrames: number;
  sockets: string[];
}

/** Everything a ComfyUI tab does on the network: failed requests, WebSocket URLs and frames. */
function watch(tab: Page): Watch {
  const w: Watch = { failures: [], assetCaching: new Set(), frames: [], binaryFrames: 0, sockets: [] };
  const known = (url: string) => KNOWN_FAILURES.some((re) => re.test(url));
  tab.on('requestfailed', (r) => {
    if (!known(r.url())) w.failures.push(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText}`);
  });
  tab.on('response', (r: Response) => {
    if (r.status() >= 400 && !known(r.url())) w.failures.push(`${r.request().method()} ${r.url()} → ${r.status()}`);
    if (/\/comfy\/[^/]+\/assets\/[^/?]+-[A-Za-z0-9_-]{8}\.(js|css)$/.test(r.url()) && r.status() === 200) w.assetCaching.add(r.headers()['cache-control'] ?? '');
  });
  tab.on('websocket', (ws) => {
    w.sockets.push(ws.url());
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return void w.binaryFrames++;
      try {
        w.frames.push(JSON.parse(payload));
      } catch {
        /* not JSON */
      }
    });
  });
  return w;
}

/** Presses 数据生成 on the project card; the new tab ends on the instance's page on the ComfyUI origin. */
async function openFromWorkbench(t: Test, p: ComfyPlatform, context: BrowserContext, page: Page, projectId: number) {
  await page.goto(`${p.url}/workbench`);
  await page.getByTestId(`project-open-${projectId}`).waitFor();
  let w: Watch | undefined;
  const opened = context.waitForEvent('page').then((tab) => {
    w = watch(tab);
    return tab;
  });
  await page.getByTestId(`project-open-${projectId}`).click();
  const tab = await opened;
  await tab.waitForURL(new RegExp(`^${p.comfyUrl}/comfy/[0-9a-f-]{36}/$`), { timeout: 90_000 });
  t.pass(`the tab is on the ComfyUI origin: ${new URL(tab.url()).origin}`);
  return { tab, w: w! };
}

/** The frontend has loaded: its canvas, its Run button, and the WebSocket through the proxy. */
async function frontendReady(t: Test, tab: Page, w: Watch, serviceId: string) {
  await tab.locator('#graph-canvas').waitFor({ timeout: 60_000 });
  await tab.locator('[data-testid="queue-button"]').waitFor({ timeout: 60_000 });
  await until(async () => w.frames.some((f) => f.type === 'status'), (ok) => ok, 30_000, 'the status frame over the WebSocket');
  t.ok(w.sockets.some((u) => u.startsWith(`${new URL(tab.url()).origin.replace(/^http/, 'ws')}/comfy/${serviceId}/ws`)), 'the WebSocket goes through the instance’s prefix');
  const nodes = await tab.evaluate(() => (window as unknown as { app: { graph: { nodes: { type: string }[] } } }).app.graph.nodes.map((n) => n.type).sort());
  t.same(nodes, ['CLIPTextEncode', 'CLIPTextEncode', 'CheckpointLoaderSimple', 'EmptyLatentImage', 'KSampler', 'SaveImage', 'VAEDecode'], 'the default workflow is on the canvas');
}

/** Queues the default workflow with the frontend's own Run button; waits for its image on the SaveImage node. */
async function runDefaultWorkflow(t: Test, tab: Page, w: Watch, serviceId: string, screenshot?: string) {
  const framesBefore = w.frames.length;
  const [accepted] = await Promise.all([
    tab.waitForResponse((r) => r.url().endsWith(`/comfy/${serviceId}/api/prompt`) && r.request().method() === 'POST', { timeout: 30_000 }),
    tab.locator('[data-testid="queue-button"]').click(),
  ]);
  t.equal(accepted.status(), 200, 'the prompt is accepted through the proxy', { body: accepted.status() === 200 ? undefined : await accepted.text(), sent: accepted.status() === 200 ? undefined : accepted.request().postData()?.slice(0, 3000) });
  const promptId = ((await accepted.json()) as { prompt_id: string }).prompt_id;
  await until(async () => w.frames.slice(framesBefore).some((f) => f.type === 'execution_success' && f.data?.prompt_id === promptId), (ok) => ok, 60_000, 'execution_success');
  const frames = w.frames.slice(framesBefore).filter((f) => f.data?.prompt_id === promptId);
  t.ok(frames.some((f) => f.type === 'progress'), 'progress reaches the page over the WebSocket');
  t.ok(frames.some((f) => f.type === 'executed'), 'and the executed output');
  // The result as the user finds it: the Queue sidebar shows the run with its image, loaded through /view.
  await tab.locator('.queue-tab-button').click();
  const preview = tab.locator('.task-result-preview img').first();
  await preview.waitFor({ timeout: 30_000 });
  const loaded = await until(() => preview.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), (width) => width > 0, 30_000, 'the result image');
  t.ok(loaded > 0, `the generated image is shown (${loaded} px wide, loaded through /view)`);
  t.match(await preview.getAttribute('src'), new RegExp(`/comfy/${serviceId}/api/view\\?`), 'from the instance, through the proxy');
  if (screenshot && process.env.SCREENSHOT_DIR) await tab.screenshot({ path: join(process.env.SCREENSHOT_DIR, screenshot) });
  await tab.locator('.queue-tab-button').click();
  return promptId;
}

t.test('数据生成 opens ComfyUI’s own frontend through the platform, and it works', async (t) => {
  const real = process.env.COMFYUI_COMMAND;
  const p = await startComfyPlatform(t, {
    webDist,
    withStats: true,
    env: { COMFYUI_COMMAND: real ?? `${simulatorCommand()} --front-end-root '${frontendRoot}'`, COMFY_START_TIMEOUT_MS: real ? '300000' : '60000' },
  });
  t.comment(real ? `real ComfyUI: ${real}` : `the simulator serving ${frontendRoot}`);
  const browser = await launchChromium();
  t.teardown(() => browser.close());
  await p.createUser('fiona', 'user');
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await loginInBrowser(page, p, 'fiona', 'fiona-Pass-123');

  await page.goto(`${p.url}/workbench`);
  await page.getByTestId('project-create').click();
  await page.getByTestId('project-form-name').fill('真实前端');
  await page.getByTestId('project-form-code').fill('REAL-FE');
  await page.getByTestId('project-form-submit').click();
  const project = await until(() => p.auth.db.project.findFirst({ where: { code: 'REAL-FE' } }), (r) => !!r, 10_000, 'the project');
  const projectId = project!.id;

  let serviceId = '';
  const prompts: string[] = [];
  await t.test('the real frontend loads through the gateway and queues the default workflow', async (t) => {
    const { tab, w } = await openFromWorkbench(t, p, context, page, projectId);
    serviceId = /\/comfy\/([0-9a-f-]{36})\//.exec(tab.url())![1];
    await frontendReady(t, tab, w, serviceId);
    prompts.push(await runDefaultWorkflow(t, tab, w, serviceId, 'comfyui-frontend.png'));
    t.same(w.failures, [], 'no request failed but the known offline ones');
    t.same([...w.assetCaching], ['private, max-age=31536000, immutable'], 'hashed assets are cached for good, privately');
    await tab.close();
  });

  await t.test('the run is in /api/logs and on the statistics page', async (t) => {
    const token = await p.token('fiona', 'fiona-Pass-123');
    const logs = await until(
      async () => (await (await p.fetch(`/api/logs?projectId=${projectId}`, { token })).json()).data,
      (d) => d.records.some((r: { status: string }) => r.status === 'success'),
      15_000,
      'the success log',
    );
    t.equal(logs.total, 1, 'one generation logged');
    t.match(logs.records[0], { projectId, status: 'success', projectName: '真实前端' });
    await page.goto(`${p.url}/stats`);
    await page.locator('[data-testid="stats-total-success"][data-value="1"]').waitFor({ timeout: 15_000 });
    t.pass('the statistics page counts it');
  });

  await t.test('after a crash the instance is restarted, and the same flow works again', async (t) => {
    const token = await p.token('fiona', 'fiona-Pass-123');
    const before = await untilRunning(p, token, serviceId);
    process.kill(before.pid!, 'SIGKILL');
    const after = await until(() => untilRunning(p, token, serviceId), (s) => s.pid !== before.pid, 60_000, 'restarted with a new process');
    t.not(after.pid, before.pid, 'a new process');
    const { tab, w } = await openFromWorkbench(t, p, context, page, projectId);
    await frontendReady(t, tab, w, serviceId);
    prompts.push(await runDefaultWorkflow(t, tab, w, serviceId));
    t.same(w.failures, [], 'no request failed but the known offline ones');
    await tab.close();
    const logs = await until(
      async () => (await (await p.fetch(`/api/logs?projectId=${projectId}&status=success`, { token })).json()).data,
      (d) => d.total === 2,
      15_000,
      'both runs logged',
    );
    t.same(logs.records.map((r: { promptId: string }) => r.promptId).sort(), [...prompts].sort(), 'each run logged once');
  });
});
