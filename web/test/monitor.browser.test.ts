// 服务器监控 and the dashboard's operations views as people use them, in real Chromium against the real gateway
// and every backend (the monitor samples this machine): admin opens the monitor → gauges, 15-minute lines and
// per-core bars are drawn on canvases, the node picker lists this machine → the tab goes to the background and
// the page stops asking /api/server/stats, then asks again once it is back. The dashboard shows every service
// up in the health list and an export task in the task list.
import { hostname } from 'node:os';
import t from 'tap';
import type { Page } from 'playwright-core';
import { builtWebDist, launchChromium, loginInBrowser, openPage, waitUntil } from '../../scripts/test/browser.js';
import { ADMIN_PASSWORD, startPlatform } from '../../services/gateway/test/platform.js';

const webDist = builtWebDist();
// The export answers with a task at once (202), so the task list has something of the admin's to show. The
// vectors service is left out (its boot is the slowest): the health list then shows it down, which it is.
const BACKENDS = ['comfy-orchestrator', 'projects', 'stats', 'monitor'] as const;
const p = await startPlatform(t, { webDist, backends: BACKENDS, env: { EXPORT_WAIT_MS: '0', MONITOR_INTERVAL_MS: '2000' } });
const token = await p.token('admin', ADMIN_PASSWORD);

const browser = await launchChromium();
t.teardown(() => browser.close());
const { page, id, cspViolations } = await openPage(t, browser, { viewport: { width: 1440, height: 900 } });
/** A screenshot when SCREENSHOT_DIR is set (to look at the pages after a run). */
const shot = (name: string) => (process.env.SCREENSHOT_DIR ? page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/monitor-${name}.png`, fullPage: true }).catch(() => {}) : undefined);

/** Every request the page makes to /api/server/stats, with when it started. */
const statsRequests: number[] = [];
page.on('request', (r) => {
  if (new URL(r.url()).pathname === '/api/server/stats') statsRequests.push(Date.now());
});
const since = (at: number) => statsRequests.filter((x) => x >= at).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Makes the document hidden or visible as a background tab is, and tells the page (as the browser does). */
async function setVisibility(page: Page, state: 'hidden' | 'visible') {
  await page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, state);
}

const points = async (testId: string) => Number((await id(testId).getAttribute('data-points')) ?? 0);

const CHARTS = ['monitor-gauge-cpu', 'monitor-gauge-memory', 'monitor-gauge-swap', 'monitor-gauge-disk', 'monitor-history-cpu', 'monitor-history-memory', 'monitor-history-swap', 'monitor-history-disk', 'monitor-history-network', 'monitor-cores'];

t.test('the monitor draws this machine’s figures and pauses while the tab is hidden', async (t) => {
  const api = await p.fetch('/api/server/stats', { token });
  t.equal(api.status, 200, 'GET /api/server/stats answers');
  const self = (await api.json()).data;
  t.equal(self.node, process.env.MONITOR_NODE_NAME ?? hostname(), 'the monitor samples this machine');

  await loginInBrowser(page, p, 'admin', ADMIN_PASSWORD);
  await page.goto(`${p.url}/monitor`);
  await id('monitor-page').waitFor();
  await page.waitForFunction((ids) => ids.every((i) => Number(document.querySelector(`[data-testid="${i}"]`)?.getAttribute('data-points') ?? 0) > 0), CHARTS, { timeout: 15_000 });
  for (const chart of CHARTS) {
    t.ok((await points(chart)) > 0, `${chart}: data points`);
    t.ok((await id(chart).locator('canvas').count()) > 0, `${chart}: drawn on a canvas`);
  }
  t.equal(await points('monitor-cores'), self.cpu.count, 'one bar per logical core');
  t.match(await id('monitor-loadavg').innerText(), /^\d+\.\d\d \/ \d+\.\d\d \/ \d+\.\d\d$/, 'load averages');
  t.ok(Number(await id('monitor-uptime').getAttribute('data-value')) > 0, 'uptime');
  const mounts = await page.locator('[data-testid^="monitor-disk-"]').count();
  t.equal(mounts, self.disk.mounts.length, 'one row per mount');
  t.equal(await id('monitor-gpus').count(), self.gpu?.length ? 1 : 0, 'GPU cards only when the node has GPUs');
  t.equal(await page.getByRole('button', { name: /重启|关机|reboot|shut ?down|restart/i }).count(), 0, 'read only: no power buttons');

  // The node picker lists this machine (up, marked as the monitor's own).
  t.equal(await id('monitor-node-picker').getAttribute('data-value'), self.node);
  t.ok((await id('monitor-node-picker').getAttribute('data-nodes'))!.split(',').includes(self.node), 'the picker’s nodes include this machine');
  await id('monitor-node-picker').locator('.ant-select').click();
  const option = page.locator(`.ant-select-dropdown:visible [data-testid="monitor-node-option-${self.node}"]`);
  await option.waitFor();
  t.equal(await option.getAttribute('data-status'), 'up', 'listed as up');
  await page.keyboard.press('Escape');

  await shot('monitor');
  // Polling while visible, and the 15-minute lines grow with it.
  const before = await points('monitor-history-cpu');
  const visibleFrom = Date.now();
  await sleep(5_000);
  t.ok(since(visibleFrom) >= 2, `polls while visible (${since(visibleFrom)} requests in 5 s)`);
  t.ok((await points('monitor-history-cpu')) > before, 'new samples extend the history');

  // Hidden: nothing is asked (a request already on its way when the tab hid is not counted).
  await setVisibility(page, 'hidden');
  t.equal(await page.evaluate(() => document.visibilityState), 'hidden');
  const hiddenFrom = Date.now() + 300;
  await sleep(7_000);
  t.equal(since(hiddenFrom), 0, 'no /api/server/stats request in 7 s while hidden');

  // Visible again: asks at once, then keeps polling.
  const back = Date.now();
  await setVisibility(page, 'visible');
  await waitUntil(() => since(back) >= 1, 3_000);
  t.pass('asks again as soon as the tab is visible');
  await sleep(4_500);
  t.ok(since(back) >= 3, `and keeps polling (${since(back)} requests)`);
  t.same(cspViolations, [], 'nothing blocked by the CSP');
});

t.test('the dashboard lists every service up and the background tasks', async (t) => {
  const exported = await p.fetch('/api/export', { token });
  t.equal(exported.status, 202, 'an export becomes a task');
  const { taskId } = (await exported.json()).data;

  await page.goto(`${p.url}/dashboard`);
  await id('dashboard-page').waitFor();
  const health = id('dashboard-health');
  await page.locator('[data-testid="dashboard-health"][data-state="ready"]').waitFor({ timeout: 15_000 });
  const services = await health.locator('tr[data-testid^="dashboard-health-row-"]').evaluateAll((rows) =>
    rows.map((r) => ({ name: r.getAttribute('data-testid')!.slice('dashboard-health-row-'.length), status: r.getAttribute('data-status') })),
  );
  const named = Object.fromEntries(services.map((s) => [s.name, s.status]));
  for (const name of ['auth', ...BACKENDS, 'postgres', 'redis']) t.equal(named[name], 'up', `${name} is up`);
  t.equal(named['vector-store'], 'down', 'the vectors service, not started, is down');
  t.equal(await health.locator('[data-testid="dashboard-health-status-auth"] .ant-badge-status-success').count(), 1, 'with a green badge');

  const row = id(`dashboard-task-row-${taskId}`);
  await row.waitFor({ timeout: 15_000 });
  t.match(await row.innerText(), /导出|Export/, 'the export task, by type');
  t.match(await row.innerText(), /admin/, 'and its owner');
  t.equal(await id(`dashboard-task-progress-${taskId}`).count(), 1, 'with a progress bar');
  t.ok(Number(await id('dashboard-tasks-table').getAttribute('data-total')) >= 1, 'counted in the total');
  await row.locator('.ant-table-row-expand-icon').click();
  await id(`dashboard-task-detail-${taskId}`).waitFor();
  t.match(await id(`dashboard-task-detail-${taskId}`).innerText(), taskId, 'expanding the row shows the task’s details');
  await page.locator('[data-testid="dashboard-resources"][data-state="ready"]').waitFor({ timeout: 15_000 });
  const self = (await (await p.fetch('/api/server/stats', { token })).json()).data.node;
  await id(`dashboard-resource-${self}`).waitFor();
  t.equal(await id(`dashboard-resource-${self}`).getAttribute('data-status'), 'up', 'this machine’s resources, up');
  t.equal(await id('dashboard-trend').count(), 1, 'the business trend is still there');
  await shot('dashboard');
  t.same(cspViolations, [], 'nothing blocked by the CSP');
});

t.test('a failing section is a notice in its own card; the others keep working', async (t) => {
  // The health route goes away (as when the monitor's probes fail); everything else is the real platform.
  await page.route('**/api/dashboard/nodes', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 503, msg: '服务暂不可用', data: null }) }));
  t.teardown(() => page.unroute('**/api/dashboard/nodes'));
  await page.goto(`${p.url}/dashboard`);
  await id('dashboard-page').waitFor();
  await page.locator('[data-testid="dashboard-health"][data-state="error"]').waitFor({ timeout: 15_000 });
  t.equal(await id('dashboard-health-error').count(), 1, 'the health card says it could not load');
  await page.locator('[data-testid="dashboard-tasks"][data-state="ready"]').waitFor({ timeout: 15_000 });
  await page.locator('[data-testid="dashboard-resources"][data-state="ready"]').waitFor({ timeout: 15_000 });
  t.ok(Number(await id('dashboard-tasks-table').getAttribute('data-rows')) >= 1, 'the task list still shows its tasks');
  t.equal(await id('dashboard-tasks-error').count(), 0);
  t.equal(await id('dashboard-resources-error').count(), 0);
  await page.locator('[data-testid="dashboard-trend"][data-state="ready"]').waitFor();
  t.equal(await id('dashboard-error').count(), 0, 'the business figures are unaffected');
});
