// The official ComfyUI frontend (the fixture ComfyUI 0.3.64 bundles) served by the simulator with
// `--front-end-root`, in real Chromium: the app starts (LiteGraph canvas, Queue button) and every request it
// makes succeeds except the known offline ones; no route it asks for is missing (404/405) in the simulator.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import type { Page, Request } from 'playwright-core';
import { http, leftoverChildren, startSim } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
const { launchChromium } = await import('../../../scripts/test/browser.js');
const FIXTURE = path.resolve(import.meta.dirname, '../../../../shared/fixtures/comfyui-frontend-1.27.10.tgz');

const browser = await launchChromium();
t.teardown(() => browser.close());

/** Requests allowed to fail: the fixture README's offline ones. */
function knownOffline(url: URL, base: string): boolean {
  if (url.hostname.endsWith('comfy.org')) return true; // api.comfy.org/releases etc.: no internet in tests
  if (url.pathname.endsWith('/user.css')) return true; // user.css and api/userdata/user.css: none stored
  if (!url.href.startsWith(base) && /\/assets\/images\/favicon_progress_16x16\//.test(url.pathname)) return true;
  return false;
}

t.test('the real frontend starts against the simulator', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'comfy-frontend-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('tar', ['-xzf', FIXTURE, '-C', dir]);
  const sim = await startSim(t, { args: ['--front-end-root', path.join(dir, 'dist')] });
  const base = `http://127.0.0.1:${sim.port}/`;

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  // one entry per request: its response status, or why it failed without one (a request whose response
  // arrived and whose body the page then dropped, e.g. a 404 stylesheet, counts by its status)
  const seen = new Map<Request, { method: string; url: string; status: number | string; body?: Promise<string> }>();
  const pageErrors: string[] = [];
  let wsUrl = '';
  const track = (pg: Page) => {
    pg.on('request', (r) => seen.set(r, { method: r.method(), url: r.url(), status: 'pending' }));
    pg.on('response', (r) => {
      const e = seen.get(r.request());
      if (!e) return;
      e.status = r.status();
      if (r.status() >= 400) e.body = r.text().catch(() => '');
    });
    pg.on('requestfailed', (r) => {
      const e = seen.get(r);
      if (e && typeof e.status !== 'number') e.status = `failed: ${r.failure()?.errorText ?? '?'}`;
    });
    pg.on('pageerror', (e) => pageErrors.push(String(e)));
    pg.on('websocket', (ws) => { wsUrl = ws.url(); });
  };
  track(page);

  // first visit of a new user (nothing stored): the app starts; it offers templates instead of a graph
  await page.goto(base);
  await page.locator('#graph-canvas').waitFor({ timeout: 60_000 });
  await page.getByTestId('queue-button').first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
  const stored = () => http(sim.port, 'GET', '/api/settings').then((r) => r.json());
  t.match(await stored(), { 'Comfy.InstalledVersion': '1.27.10' }, 'the frontend stored its settings through the simulator');
  const firstVisit = [...seen.values()];

  // a returning user: the settings written on the first visit come back, and the default graph is on the canvas
  // (a fresh browser profile, so the frontend does not restore the first visit's open tab from its storage)
  await http(sim.port, 'POST', '/api/settings/Comfy.TutorialCompleted', { body: 'true' });
  const context2 = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  t.teardown(() => context2.close());
  const page2 = await context2.newPage();
  track(page2);
  await page2.goto(base);
  await page2.getByTestId('queue-button').first().waitFor({ timeout: 60_000 });
  await page2.waitForFunction(() => {
    const w = window as unknown as { app?: { graph?: { nodes?: unknown[] } } };
    return (w.app?.graph?.nodes?.length ?? 0) > 0;
  }, undefined, { timeout: 60_000 });
  await page2.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
  t.pass('a returning user gets the default graph on the canvas');
  const all = [...seen.values()];
  const bodies = new Map<(typeof all)[number], string>();
  for (const e of all) if (e.body) bodies.set(e, await e.body);

  t.match(await page.title(), /ComfyUI$/);
  t.match(wsUrl, new RegExp(`^ws://127\\.0\\.0\\.1:${sim.port}/ws(\\?clientId=.+)?$`), 'the app opened the WebSocket');
  t.ok((await http(sim.port, 'GET', '/sim/state')).json().sockets.length > 0, 'and the simulator holds it');
  // ComfyUI answers 404 for a userdata folder or file that does not exist yet (`Directory not found` / empty
  // body), and the frontend expects it; a route or static file the simulator lacks answers `404: Not Found`.
  const expected404 = (e: (typeof all)[number]) => e.status === 404 && /\/api\/userdata[/?]/.test(e.url) && bodies.get(e) !== '404: Not Found';
  const strip = ({ method, url, status }: (typeof all)[number]) => ({ method, url, status });
  const failures = all.filter((r) => (typeof r.status === 'string' || r.status >= 400) && !knownOffline(new URL(r.url), base) && !expected404(r)).map(strip);
  t.same(failures, [], 'every request succeeded except the known offline ones (and ComfyUI’s own not-yet-existing userdata 404s)');
  const missing = all.filter((r) => r.url.startsWith(base) && ((r.status === 404 && !expected404(r)) || r.status === 405) && !new URL(r.url).pathname.endsWith('/user.css')).map(strip);
  t.same(missing, [], 'no route the frontend asked for is missing in the simulator');
  const seenList = firstVisit;
  const api = seenList.filter((r) => r.url.startsWith(base) && /^\/(api|internal|templates)\//.test(new URL(r.url).pathname));
  for (const must of ['api/system_stats', 'api/users', 'api/settings', 'api/userdata?dir=workflows', 'api/extensions', 'api/object_info', 'api/queue', 'api/history']) {
    t.ok(api.some((r) => r.url.startsWith(base + must)), `the frontend asked ${must}`);
  }
  if (pageErrors.length) t.comment(`uncaught page errors (frontend's own):\n${pageErrors.join('\n')}`);

  // The list the brief asks for: what the frontend requested at start-up (static assets summarised).
  const statics = seenList.filter((r) => r.url.startsWith(base) && !api.includes(r));
  const lines = [
    `${seenList.length} requests on the first visit; ${statics.length} static files (${statics.filter((r) => r.status === 200).length} × 200, ${statics.filter((r) => r.status === 304).length} × 304)`,
    ...api.map((r) => `${r.method} ${r.url.slice(base.length - 1)} → ${r.status}`),
    ...statics.filter((r) => r.status !== 200 && r.status !== 304).map((r) => `${r.method} ${r.url.slice(base.length - 1)} → ${r.status}`),
    ...seenList.filter((r) => !r.url.startsWith(base)).map((r) => `${r.method} ${r.url} → ${r.status}`),
    `WS ${wsUrl.replace(`ws://127.0.0.1:${sim.port}`, '')}`,
  ];
  t.comment(`requests made by the frontend at start-up:\n${lines.join('\n')}`);
});

t.test('no leftover child processes', async (t) => {
  t.same(await leftoverChildren(), []);
});
