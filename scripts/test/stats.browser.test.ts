// 数据统计 as people use it, in real Chromium against the real gateway, projects and stats services:
// logs seeded through the API over several days for two projects → the page's totals, chart and table
// show them → filters (range preset, dimension, project) change the chart and the table → 导出 downloads
// a real .xlsx equal to the filtered logs. A second platform with EXPORT_WAIT_MS=0 takes the 202 path
// (task + progress bar, then the download) for a non-admin, who only ever sees their own figures. The platform
// counts days in Asia/Shanghai (PLATFORM_TIMEZONE) and the browser runs in Los Angeles: the page's "today" and
// presets are the platform's days, and the export shows Shanghai's clock.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { addDays, dayOf, endOfDay, startOfDay, wallTimeIn } from '@app/service-kit';
import { builtWebDist, launchChromium, loginInBrowser } from './browser.js';
import { ADMIN_PASSWORD, startPlatform, type Platform } from '../../services/gateway/test/platform.js';

const webDist = builtWebDist();

/** The platform's zone, and a browser zone whose date differs from it for 16 hours a day. */
const ZONE = 'Asia/Shanghai';
const BROWSER_ZONE = 'America/Los_Angeles';
type Status = 'success' | 'failed' | 'running';
type UserKey = 'admin' | 'uma' | 'vic';
type ProjectKey = 'alpha' | 'beta';

/**
 * What is seeded: `n` logs of a status, per project, user and day (days ago, in ZONE). Everything but the
 * 10-days-ago group falls inside the page's default range (近7天 = today and the six days before).
 */
const SEED: { project: ProjectKey; user: UserKey; daysAgo: number; status: Status; n: number }[] = [
  { project: 'alpha', user: 'admin', daysAgo: 0, status: 'success', n: 2 },
  { project: 'alpha', user: 'admin', daysAgo: 0, status: 'failed', n: 1 },
  { project: 'alpha', user: 'uma', daysAgo: 0, status: 'success', n: 1 },
  { project: 'alpha', user: 'uma', daysAgo: 2, status: 'success', n: 3 },
  { project: 'alpha', user: 'uma', daysAgo: 2, status: 'failed', n: 1 },
  { project: 'alpha', user: 'uma', daysAgo: 2, status: 'running', n: 1 },
  { project: 'alpha', user: 'vic', daysAgo: 4, status: 'failed', n: 2 },
  { project: 'beta', user: 'vic', daysAgo: 1, status: 'success', n: 2 },
  { project: 'beta', user: 'vic', daysAgo: 1, status: 'running', n: 1 },
  { project: 'beta', user: 'admin', daysAgo: 3, status: 'success', n: 1 },
  { project: 'beta', user: 'admin', daysAgo: 3, status: 'failed', n: 2 },
  { project: 'beta', user: 'uma', daysAgo: 10, status: 'success', n: 4 },
  { project: 'beta', user: 'uma', daysAgo: 10, status: 'failed', n: 1 },
];

interface Seeded {
  adminToken: string;
  users: Record<UserKey, number>;
  projects: Record<ProjectKey, number>;
}

/** The day `daysAgo` before today in ZONE, `YYYY-MM-DD` (the stats service's days). */
const zoneDay = (daysAgo: number) => addDays(dayOf(new Date(), ZONE), -daysAgo);
/** The page's 近N天: today and the N-1 days before in ZONE, as `/api/logs` and `/api/export` bounds. */
const lastDays = (n: number) => ({ start: startOfDay(zoneDay(n - 1), ZONE).toISOString(), end: endOfDay(zoneDay(0), ZONE).toISOString() });

interface Counts {
  total: number;
  success: number;
  failed: number;
}

/** The seeded figures matching a filter: totals, per day, and the distinct projects and users. */
function expected(filter: { maxDaysAgo: number; project?: ProjectKey; user?: UserKey }) {
  const rows = SEED.filter((s) => s.daysAgo <= filter.maxDaysAgo && (!filter.project || s.project === filter.project) && (!filter.user || s.user === filter.user));
  const totals: Counts = { total: 0, success: 0, failed: 0 };
  const perDay = new Map<string, Counts>();
  for (const s of rows) {
    const day = zoneDay(s.daysAgo);
    const d = perDay.get(day) ?? { total: 0, success: 0, failed: 0 };
    for (const c of [totals, d]) {
      c.total += s.n;
      if (s.status !== 'running') c[s.status] += s.n;
    }
    perDay.set(day, d);
  }
  return {
    totals,
    perDay: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, c]) => [day, c.total, c.success, c.failed]),
    projects: new Set(rows.map((s) => s.project)).size,
    users: new Set(rows.map((s) => s.user)).size,
  };
}

/** Users, two projects and the SEED logs, all through the gateway's API (the admin may log for anyone). */
async function seed(p: Platform): Promise<Seeded> {
  const adminToken = await p.token('admin', ADMIN_PASSWORD);
  const admin = await p.auth.db.user.findFirstOrThrow({ where: { username: 'admin' } });
  const users: Record<UserKey, number> = { admin: admin.id, uma: await p.createUser('uma', 'user'), vic: await p.createUser('vic', 'user') };
  const createProject = async (name: string, code: string) => {
    const res = await p.fetch('/api/projects', { method: 'POST', token: adminToken, body: JSON.stringify({ name, code }) });
    if (res.status !== 201) throw new Error(`create project ${code}: ${res.status} ${await res.text()}`);
    return (await res.json()).data.id as number;
  };
  const projects: Record<ProjectKey, number> = { alpha: await createProject('Alpha', 'ST-ALPHA'), beta: await createProject('Beta', 'ST-BETA') };
  let seq = 0;
  const logs = SEED.flatMap((s) =>
    Array.from({ length: s.n }, () => {
      seq++;
      // Spread over the day in ZONE, in minutes, so every log has its own time.
      const at = startOfDay(zoneDay(s.daysAgo), ZONE).getTime() + 60_000 * (seq * 7);
      return { id: `seed-${seq}`, userId: users[s.user], projectId: projects[s.project], status: s.status, durationMs: 100 * seq, timestamp: new Date(at).toISOString() };
    }),
  );
  const res = await p.fetch('/api/logs', { method: 'POST', token: adminToken, body: JSON.stringify(logs) });
  if (res.status !== 201) throw new Error(`seed logs: ${res.status} ${await res.text()}`);
  const body = (await res.json()).data;
  if (body.inserted !== logs.length) throw new Error(`seed logs: ${JSON.stringify(body)}`);
  return { adminToken, users, projects };
}

interface ApiLog {
  logId: string;
  userId: number;
  projectId: number;
  status: string;
  timestamp: string;
}

/** GET /api/logs with the page's filters, every page, oldest first (the export's order). */
async function apiLogs(p: Platform, token: string, filters: Record<string, string | number>): Promise<ApiLog[]> {
  const all: ApiLog[] = [];
  for (let current = 1; ; current++) {
    const query = new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)])), current: String(current), size: '50' });
    const res = await p.fetch(`/api/logs?${query}`, { token });
    if (res.status !== 200) throw new Error(`GET /api/logs: ${res.status} ${await res.text()}`);
    const page = (await res.json()).data;
    all.push(...page.records);
    if (all.length >= page.total || !page.records.length) break;
  }
  return all.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || Number(a.logId) - Number(b.logId));
}

/** Polls `read` until `ok` holds or `ms` passes, and returns the last value either way (the assertion shows it). */
async function settle<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the page shows: the totals cards, the chart's attributes and the table's log ids. */
async function readPage(page: Page) {
  const id = (testId: string) => page.getByTestId(testId);
  const num = async (l: Locator, attr: string) => {
    const v = await l.getAttribute(attr);
    return v === null || v === '' ? null : Number(v);
  };
  const chart = id('stats-chart');
  const canvas = chart.locator('[data-chart-points]');
  return {
    totals: { total: await num(id('stats-total-total'), 'data-value'), success: await num(id('stats-total-success'), 'data-value'), failed: await num(id('stats-total-failed'), 'data-value') },
    chart: {
      state: await chart.getAttribute('data-state'),
      dimension: await chart.getAttribute('data-dimension'),
      points: await num(chart, 'data-points'),
      chartPoints: (await canvas.count()) ? await num(canvas.first(), 'data-chart-points') : null,
    },
    rows: (await page.locator('tr[data-testid^="stats-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('stats-row-'.length)))).sort(),
    tableLoading: (await id('stats-page').locator('.ant-table-wrapper .ant-spin-spinning').count()) > 0,
  };
}
type PageView = Awaited<ReturnType<typeof readPage>>;

/** Waits until the page shows what is expected (or times out), so the assertions compare settled figures. */
function pageShows(page: Page, want: { totals: Counts; dimension: string; points: number; rows: string[] }) {
  const rows = [...want.rows].sort();
  return settle(
    () => readPage(page),
    (v: PageView) =>
      !v.tableLoading &&
      v.chart.state === 'ready' &&
      v.chart.dimension === want.dimension &&
      v.chart.points === want.points &&
      v.chart.chartPoints === want.points &&
      JSON.stringify(v.totals) === JSON.stringify(want.totals) &&
      JSON.stringify(v.rows) === JSON.stringify(rows),
  );
}

/** Compares what the page shows with the expectation, one assertion per figure. */
function assertView(t: Test, v: PageView, want: { totals: Counts; dimension: string; points: number; rows: string[] }, what: string) {
  t.same(v.totals, want.totals, `${what}: totals cards`);
  t.equal(v.chart.state, 'ready', `${what}: chart ready`);
  t.equal(v.chart.dimension, want.dimension, `${what}: chart dimension`);
  t.equal(v.chart.points, want.points, `${what}: chart points (data-points)`);
  t.equal(v.chart.chartPoints, want.points, `${what}: x-axis categories drawn (data-chart-points)`);
  t.same(v.rows, [...want.rows].sort(), `${what}: table rows are exactly the matching logs`);
}

/** The detail sheet's columns the test compares, by header (other columns may come and go). */
const DETAIL_COLUMNS = ['日志ID', `时间 (${ZONE})`, '用户ID', '项目ID', '状态'] as const;

/** Reads a downloaded workbook: its sheets, the detail rows (the compared columns) and the per-day summary. */
async function readWorkbook(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as never);
  const sheet = wb.getWorksheet('生成日志');
  const summary = wb.getWorksheet('每日汇总');
  const header = ((sheet?.getRow(1).values ?? []) as unknown[]).map((v) => (v === undefined ? undefined : String(v)));
  const col = Object.fromEntries(DETAIL_COLUMNS.map((name) => [name, header.indexOf(name)])) as Record<(typeof DETAIL_COLUMNS)[number], number>;
  const rows: unknown[][] = [];
  sheet?.eachRow((row, n) => {
    if (n === 1) return;
    const v = row.values as unknown[];
    const time = v[col[`时间 (${ZONE})`]];
    rows.push([String(v[col['日志ID']]), time instanceof Date ? time.toISOString() : time, Number(v[col['用户ID']]), Number(v[col['项目ID']]), String(v[col['状态']])]);
  });
  const perDay: unknown[][] = [];
  summary?.eachRow((row, n) => {
    if (n > 1) perDay.push((row.values as unknown[]).slice(1, 5));
  });
  return { sheetNames: wb.worksheets.map((s) => s.name), missingColumns: DETAIL_COLUMNS.filter((name) => col[name] < 1), rows, perDay };
}

/** The API's logs as the export writes them: times as a clock in ZONE shows them (a cell has no zone). */
const wallTime = wallTimeIn(ZONE);
const asRows = (logs: ApiLog[]) => logs.map((l) => [l.logId, wallTime(new Date(l.timestamp)).toISOString(), l.userId, l.projectId, l.status]);

/** Clicks 导出 and returns the /api/export response and the saved download. */
async function exportFromPage(page: Page, dir: string, name: string) {
  const [download, response] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/export', { timeout: 30_000 }),
    page.getByTestId('stats-export').click(),
  ]);
  const file = join(dir, name);
  await download.saveAs(file);
  return { download, response, file, exportQuery: new URL(response.url()).searchParams };
}

const tmp = mkdtempSync(join(tmpdir(), 'stats-browser-'));
t.teardown(() => rmSync(tmp, { recursive: true, force: true }));

const browser = await launchChromium();
t.teardown(() => browser.close());

t.test('admin: filters change the chart and the table; 导出 streams an .xlsx of the filtered logs', async (t) => {
  const p = await startPlatform(t, { webDist, backends: ['projects', 'stats'], env: { EXPORT_DIR: join(tmp, 'exports-fast'), PLATFORM_TIMEZONE: ZONE } });
  const s = await seed(p);
  const context = await browser.newContext({ acceptDownloads: true, timezoneId: BROWSER_ZONE });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const id = (testId: string) => page.getByTestId(testId);
  const logsOf = (filters: Record<string, string | number>) => apiLogs(p, s.adminToken, filters);

  await t.test('the default range (近7天) shows every seeded log of the last seven days', async (t) => {
    await loginInBrowser(page, p, 'admin', ADMIN_PASSWORD);
    await page.goto(`${p.url}/stats`);
    await id('stats-page').waitFor();
    const want = expected({ maxDaysAgo: 6 });
    const logs = await logsOf(lastDays(7));
    t.equal(logs.length, want.totals.total, 'the API agrees with the seed');
    const view = await pageShows(page, { totals: want.totals, dimension: 'day', points: 7, rows: logs.map((l) => l.logId) });
    assertView(t, view, { totals: want.totals, dimension: 'day', points: 7, rows: logs.map((l) => l.logId) }, '近7天');
    t.equal(await id('stats-total-rate').getAttribute('data-value'), String(Math.round((want.totals.success / want.totals.total) * 1000) / 10), 'success rate');
    t.equal(await page.locator('[data-testid="stats-presets"] .ant-radio-button-wrapper-checked [data-testid="stats-preset-last7"]').count(), 1, '近7天 is the active preset');
    // The days are the platform's, named beside the range; the browser is elsewhere.
    t.equal(await id('stats-zone').getAttribute('data-zone'), ZONE, `the range is labelled ${ZONE}`);
    t.equal(await id('stats-zone').innerText(), ZONE);
    t.equal(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), BROWSER_ZONE, `the browser runs in ${BROWSER_ZONE}`);
    const picked = await id('stats-page').locator('.ant-picker-range input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    t.same(picked, [zoneDay(6), zoneDay(0)], `the picker shows the last seven days of ${ZONE}, ending on its today`);
    // Status tags in the table carry each log's status.
    const failed = logs.find((l) => l.status === 'failed')!;
    t.equal(await id(`stats-status-${failed.logId}`).getAttribute('data-status'), 'failed', 'a failed log is tagged failed');
  });

  await t.test('近30天 brings in the older logs: 30 days on the chart, the table pages', async (t) => {
    await id('stats-preset-last30').click();
    const want = expected({ maxDaysAgo: 29 });
    const logs = await logsOf(lastDays(30));
    t.equal(logs.length, want.totals.total, 'the API agrees with the seed');
    t.ok(logs.length > 20, 'more logs than one table page');
    const view = await settle(
      () => readPage(page),
      (v) => !v.tableLoading && v.chart.points === 30 && v.chart.chartPoints === 30 && v.totals.total === want.totals.total && v.rows.length === 20,
    );
    t.same(view.totals, want.totals, 'totals cards');
    t.equal(view.chart.points, 30, 'one point per day');
    t.equal(view.chart.chartPoints, 30, '30 x-axis categories drawn');
    t.same(view.rows, logs.slice().reverse().slice(0, 20).map((l) => l.logId).sort(), 'the first table page is the 20 newest logs');
    t.match(await page.locator('.ant-pagination-total-text').innerText(), new RegExp(`\\b${want.totals.total}\\b`), 'the pager counts them all');

    await id('stats-preset-last7').click();
    const back = expected({ maxDaysAgo: 6 });
    const again = await settle(() => readPage(page), (v) => !v.tableLoading && v.chart.points === 7 && v.totals.total === back.totals.total);
    t.same(again.totals, back.totals, '近7天 again: the totals of the week');
    t.equal(again.chart.points, 7, 'and seven days');
  });

  await t.test('dimension 项目: one bar per project', async (t) => {
    await id('stats-dimension-project').click();
    const want = expected({ maxDaysAgo: 6 });
    const logs = await logsOf(lastDays(7));
    const view = await pageShows(page, { totals: want.totals, dimension: 'project', points: want.projects, rows: logs.map((l) => l.logId) });
    assertView(t, view, { totals: want.totals, dimension: 'project', points: want.projects, rows: logs.map((l) => l.logId) }, 'by project');
    t.equal(await id('stats-dimension').getAttribute('data-value'), 'project', 'the dimension switch says 项目');
  });

  await t.test('project Alpha + dimension 用户: the chart has Alpha’s users, the table Alpha’s logs', async (t) => {
    await id('stats-project').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^Alpha$/ }).click();
    await id('stats-dimension-user').click();
    const want = expected({ maxDaysAgo: 6, project: 'alpha' });
    const logs = await logsOf({ ...lastDays(7), projectId: s.projects.alpha });
    t.equal(logs.length, want.totals.total, 'the API agrees with the seed');
    t.ok(logs.every((l) => l.projectId === s.projects.alpha), 'the API returns Alpha’s logs only');
    t.equal(want.users, 3, 'Alpha has logs of three users this week');
    const view = await pageShows(page, { totals: want.totals, dimension: 'user', points: want.users, rows: logs.map((l) => l.logId) });
    assertView(t, view, { totals: want.totals, dimension: 'user', points: want.users, rows: logs.map((l) => l.logId) }, 'Alpha by user');
    t.notSame(view.totals, expected({ maxDaysAgo: 6 }).totals, 'the totals changed with the filter');
  });

  await t.test('导出 downloads an .xlsx (200, streamed) whose rows are the filtered logs', async (t) => {
    const { download, response, file, exportQuery } = await exportFromPage(page, tmp, 'fast.xlsx');
    t.equal(response.status(), 200, 'the export finished within EXPORT_WAIT_MS: the file came on the same request');
    t.match(response.headers()['content-type'], /spreadsheetml/);
    const range = lastDays(7);
    t.same(
      Object.fromEntries(exportQuery),
      { start: zoneDay(6), end: zoneDay(0), projectId: String(s.projects.alpha) },
      'the export asked for the page’s filters: its days, as /api/stats gets them',
    );
    t.match(download.suggestedFilename(), /^generation-logs-\d{4}-\d{2}-\d{2}\.xlsx$/, 'saved under the server’s file name');
    t.equal(readFileSync(file).subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip container, as .xlsx is');
    const wb = await readWorkbook(file);
    t.equal(wb.sheetNames[0], '生成日志', 'the first sheet holds the logs');
    t.ok(wb.sheetNames.includes('每日汇总'), 'and there is the per-day summary sheet');
    t.same(wb.missingColumns, [], 'the detail sheet has the id, time, user, project and status columns');
    const logs = await logsOf({ ...range, projectId: s.projects.alpha });
    t.same(wb.rows, asRows(logs), 'row for row the filtered logs of GET /api/logs');
    t.same(wb.perDay, expected({ maxDaysAgo: 6, project: 'alpha' }).perDay, 'the summary has the seeded per-day totals of Alpha');
    await id('stats-export').and(page.locator(':not(.ant-btn-loading)')).waitFor();
    t.equal(await id('stats-export-error').count(), 0, 'no error shown');
  });
});

t.test('a user, with EXPORT_WAIT_MS=0: only their own figures; 导出 goes through the task and its progress bar', async (t) => {
  const p = await startPlatform(t, { webDist, backends: ['projects', 'stats'], env: { EXPORT_WAIT_MS: '0', EXPORT_DIR: join(tmp, 'exports-task'), PLATFORM_TIMEZONE: ZONE } });
  const s = await seed(p);
  const umaToken = await p.token('uma', 'uma-Pass-123');
  const context = await browser.newContext({ acceptDownloads: true, timezoneId: BROWSER_ZONE });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const id = (testId: string) => page.getByTestId(testId);

  await t.test('the page shows uma’s logs only, with no user filter', async (t) => {
    await loginInBrowser(page, p, 'uma', 'uma-Pass-123');
    await page.goto(`${p.url}/stats`);
    await id('stats-page').waitFor();
    const want = expected({ maxDaysAgo: 6, user: 'uma' });
    const logs = await apiLogs(p, umaToken, lastDays(7));
    t.ok(logs.length > 0 && logs.every((l) => l.userId === s.users.uma), 'the API gives uma her own logs');
    t.equal(logs.length, want.totals.total, 'all of them');
    t.ok(want.totals.total < expected({ maxDaysAgo: 6 }).totals.total, 'others logged more this week');
    const view = await pageShows(page, { totals: want.totals, dimension: 'day', points: 7, rows: logs.map((l) => l.logId) });
    assertView(t, view, { totals: want.totals, dimension: 'day', points: 7, rows: logs.map((l) => l.logId) }, 'uma');
    t.equal(await id('stats-user').count(), 0, 'no user filter');
    t.equal(await id('stats-dimension-user').count(), 0, 'no per-user dimension');
    t.equal(await id('stats-dimension-project').count(), 1, 'the per-project dimension is there');
  });

  await t.test('导出 answers 202, the progress bar runs, then the file downloads', async (t) => {
    const progress = id('stats-export-progress');
    const [download, response, shown] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/export', { timeout: 30_000 }),
      (async () => {
        await id('stats-export').click();
        // The card shows while the task is polled (first poll after a second), then goes away.
        await progress.waitFor({ timeout: 15_000 });
        return { status: await progress.getAttribute('data-status'), percent: Number(await progress.getAttribute('data-percent')) };
      })(),
    ]);
    t.equal(response.status(), 202, 'the export became a task');
    t.match(shown.status, /^(waiting|active|completed)$/, 'the progress card shows the task’s status');
    t.ok(shown.percent >= 0 && shown.percent <= 100, `and a percentage (${shown.percent})`);
    const { taskId } = (await response.json()).data;
    t.match(taskId, /^[0-9a-f-]{36}$/, 'with a task id');
    const file = join(tmp, 'task.xlsx');
    await download.saveAs(file);
    await id('stats-export-progress').waitFor({ state: 'detached', timeout: 15_000 });
    t.pass('the progress card is gone once the file is saved');

    const task = await p.fetch(`/api/tasks/${taskId}`, { token: umaToken });
    t.match((await task.json()).data, { id: taskId, status: 'completed', progress: 100 }, 'the task completed at 100%');
    t.match(download.suggestedFilename(), /^generation-logs-\d{4}-\d{2}-\d{2}\.xlsx$/, 'the task’s file name');
    t.equal(readFileSync(file).subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip container');
    const wb = await readWorkbook(file);
    t.equal(wb.sheetNames[0], '生成日志', 'the first sheet holds the logs');
    t.ok(wb.sheetNames.includes('每日汇总'), 'and there is the per-day summary sheet');
    t.same(wb.missingColumns, [], 'the detail sheet has the id, time, user, project and status columns');
    const logs = await apiLogs(p, umaToken, lastDays(7));
    t.same(wb.rows, asRows(logs), 'row for row uma’s logs of the week, nobody else’s');
    t.same(wb.perDay, expected({ maxDaysAgo: 6, user: 'uma' }).perDay, 'the summary has uma’s per-day totals');
    t.equal(await id('stats-export-error').count(), 0, 'no error shown');
  });
});
