// 向量管理 as people use it, in real Chromium against the real gateway, vectors and stats services and this
// machine's MariaDB (127.0.0.1:3306, root, database `test`): admin adds a source connection and tests it (the
// server's version and time; a wrong password shows the driver's reason; blank keeps the saved password) →
// the wizard reads a uniquely named 30-row table (connection → table → fields → live preview → settings) →
// builds it, the progress bar polls the task until ready → the list shows it ready with its 30 vectors →
// the sync dialog previews cron schedules and saves one → bulk delete. The table is dropped at the end.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import t from 'tap';
import mysql from 'mysql2/promise';
import { builtWebDist, launchChromium, openPage, loginInBrowser } from '../../scripts/test/browser.js';
import { ADMIN_PASSWORD, startPlatform } from '../../services/gateway/test/platform.js';
import { VECTOR_IDS as V } from '../src/components/test-ids.js';

const webDist = builtWebDist();

const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };
const ROWS = 30;
const suffix = randomBytes(4).toString('hex');
const table = `vec_e2e_${suffix}`;
const categories = `category_${suffix}`;
const CATEGORY_NAMES = ['水果', 'tools', '饮料'];
const title = `e2e 集合 ${suffix}`;

// The source table: 30 rows with a primary key, text and an updated_at column.
const my = await mysql.createConnection(MARIADB);
t.teardown(async () => {
  await my.query(`DROP TABLE IF EXISTS \`${table}\`, \`${categories}\``);
  await my.end();
});
await my.query(
  `CREATE TABLE \`${table}\` (id INT PRIMARY KEY, title VARCHAR(100) NOT NULL, body TEXT, category_id INT, updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
);
await my.query(`CREATE TABLE \`${categories}\` (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
await my.query(`INSERT INTO \`${categories}\` (id, name) VALUES ?`, [CATEGORY_NAMES.map((name, i) => [i + 1, name])]);
await my.query(`INSERT INTO \`${table}\` (id, title, body, category_id) VALUES ?`, [
  Array.from({ length: ROWS }, (_, i) => [i + 1, `文章 ${i + 1}`, `第 ${i + 1} 篇的正文 body-${i + 1}`, (i % 3) + 1]),
]);
await my.query(`ANALYZE TABLE \`${table}\`, \`${categories}\``);

// The platform's clock is Shanghai's, the browser's Los Angeles': schedules are shown on the platform's clock.
const p = await startPlatform(t, { webDist, backends: ['vectors', 'stats'], env: { PLATFORM_TIMEZONE: 'Asia/Shanghai' } });
const token = await p.token('admin', ADMIN_PASSWORD);
const api = async (path: string, init: RequestInit = {}) => {
  const res = await p.fetch(path, { ...init, token });
  return { status: res.status, body: await res.json().catch(() => null) };
};

const browser = await launchChromium();
t.teardown(() => browser.close());
const { page, id, cspViolations } = await openPage(t, browser, { acceptDownloads: true, timezoneId: 'America/Los_Angeles' });

/** A screenshot when SCREENSHOT_DIR is set (to look at the pages after a run). */
const shot = (name: string) => (process.env.SCREENSHOT_DIR ? page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/vector-${name}.png`, fullPage: true }).catch(() => {}) : undefined);

/** The collection once its task `taskId` has ended (or after a minute, as it is then). */
async function taskEnded(taskId: string) {
  let collection: { status: string; lastSyncAt: string | null; docCount: number; task: { id: string; status: string } | null } | null = null;
  for (let i = 0; i < 120; i++) {
    collection = (await api(`/api/vectors/${collectionId}`)).body.data;
    if (collection?.task?.id === taskId && ['completed', 'failed', 'cancelled'].includes(collection.task.status)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return collection;
}

let connectionId = 0;
let collectionId = 0;

t.test('the vector page opens with its read-only note', async (t) => {
  await loginInBrowser(page, p, 'admin', ADMIN_PASSWORD);
  await page.goto(`${p.url}/vector`);
  await id(V.page).waitFor();
  t.ok(await id(V.readOnlyNote).isVisible(), 'the note says sources are only read');
});

t.test('connections: create, Test shows version and time; a wrong password shows the reason; blank keeps it', async (t) => {
  await id(V.tabConnections).click();
  await id(V.connCreate).click();
  await id(V.connField('name')).fill(`maria ${suffix}`);
  await id(V.connField('host')).fill(MARIADB.host);
  await id(V.connField('port')).fill(String(MARIADB.port));
  await id(V.connField('database')).fill(MARIADB.database);
  await id(V.connField('username')).fill(MARIADB.user);
  await id(`${V.connForm}-submit`).click();

  const listed = await api('/api/vectors/connections?current=1&size=100');
  const created = listed.body.data.records.find((c: { name: string }) => c.name === `maria ${suffix}`);
  t.ok(created, 'the connection is stored');
  connectionId = created.id;
  t.equal(created.hasPassword, false, 'no password typed, none stored');
  await id(`${V.connTable}-row-${connectionId}`).waitFor();

  await id(V.connTest(connectionId)).click();
  const result = id(V.connTestResult(connectionId));
  await result.waitFor({ timeout: 15_000 });
  t.equal(await result.getAttribute('data-ok'), 'true', 'the test succeeds');
  t.match(await result.innerText(), /MariaDB|\d+\.\d+/, 'and shows the server’s version');
  t.match(await result.innerText(), /\d+ ms/, 'and the time it took');

  // A wrong password: the driver's reason beside the button.
  await id(V.connEdit(connectionId)).click();
  t.equal(await id(V.connField('password')).inputValue(), '', 'the password field is never filled from the server');
  await id(V.connField('password')).fill('wrong-password');
  await id(`${V.connForm}-submit`).click();
  await id(V.connForm).waitFor({ state: 'hidden' });
  t.equal((await api(`/api/vectors/connections?current=1&size=100`)).body.data.records.find((c: { id: number }) => c.id === connectionId).hasPassword, true, 'the typed password is stored');
  await id(V.connTest(connectionId)).click();
  await page.locator(`[data-testid="${V.connTestResult(connectionId)}"][data-ok="false"]`).waitFor({ timeout: 15_000 });
  await shot('connections');
  t.match(await result.innerText(), /^连接失败: Access denied/, 'the failure names the driver’s reason');
  // In English: the catalogue's text for the errorKey, and still the driver's reason.
  await id('locale-switch').getByText('EN', { exact: true }).click();
  await id(V.connTest(connectionId)).click();
  await page.locator(`[data-testid="${V.connTestResult(connectionId)}"][data-ok="false"]`).getByText(/^Could not connect/).waitFor({ timeout: 15_000 });
  t.match(await result.innerText(), /^Could not connect to the source database: Access denied for user/, 'English: the catalogue’s text and the driver’s reason');
  await id('locale-switch').getByText('中文', { exact: true }).click();

  // Blank keeps the saved password; "remove" clears it, and the test passes again.
  await id(V.connEdit(connectionId)).click();
  await id(V.connField('name')).fill(`maria ${suffix}`);
  await id(`${V.connForm}-submit`).click();
  await id(V.connForm).waitFor({ state: 'hidden' });
  t.equal((await api(`/api/vectors/connections?current=1&size=100`)).body.data.records.find((c: { id: number }) => c.id === connectionId).hasPassword, true, 'a blank password kept the saved one');
  await id(V.connEdit(connectionId)).click();
  await id(V.connField('clear-password')).check();
  await id(`${V.connForm}-submit`).click();
  await id(V.connForm).waitFor({ state: 'hidden' });
  await id(V.connTest(connectionId)).click();
  await page.locator(`[data-testid="${V.connTestResult(connectionId)}"][data-ok="true"]`).waitFor({ timeout: 15_000 });
  t.pass('with the password removed the test passes again');
});

t.test('the wizard reads the table, previews its text and builds the collection to ready', async (t) => {
  await id(V.tabCollections).click();
  await id(V.create).click();
  await id(V.wizard).waitFor();
  // Next may wait for a check (the title's check-name): wait for the step it leads to.
  const atStep = (name: string) => page.locator(`[data-testid="${V.wizardStep}"][data-step="${name}"]`).waitFor().then(() => t.pass(`step ${name}`));

  await id(V.wizardConnection(connectionId)).click();
  await id(V.wizardNext).click();
  await atStep('tables');

  const tableRow = id(`${V.wizardTables}-row-${table}`);
  await tableRow.waitFor({ timeout: 15_000 });
  t.match(await tableRow.innerText(), /≈\s*\d+|未知|Unknown/, 'the table is listed with its row estimate');
  // The first table ticked is the main one.
  await tableRow.locator('input[type="checkbox"]').check();
  await id(`${V.wizardTables}-row-${categories}`).locator('input[type="checkbox"]').check();
  t.match(await tableRow.innerText(), /主表/, 'the first one ticked is the main table');
  await id(V.wizardNext).click();
  await atStep('fields');

  // Every column starts chosen; the PK carries its badge. Leave updated_at, category_id and the category id out.
  const fields = id(V.wizardFields(table));
  await id(`${V.wizardFields(table)}-row-id`).waitFor({ timeout: 15_000 });
  await id(`${V.wizardFields(categories)}-row-name`).waitFor({ timeout: 15_000 });
  t.match(await id(`${V.wizardFields(table)}-row-id`).innerText(), /PK/, 'the primary key is marked');
  t.equal(await fields.locator('tbody input[type="checkbox"]:checked').count(), 5, 'all five columns start chosen');
  for (const column of ['updated_at', 'category_id']) await id(`${V.wizardFields(table)}-row-${column}`).locator('input[type="checkbox"]').uncheck();
  await id(`${V.wizardFields(categories)}-row-id`).locator('input[type="checkbox"]').uncheck();
  // The join is guessed from category_id and the categories' primary key.
  const join = id(V.wizardJoin(categories));
  t.match(await join.innerText(), new RegExp(`${table}\\.category_id[\\s\\S]*${categories}\\.id`), 'the join is guessed: category_id = categories.id');
  await shot('wizard-fields');
  await id(V.wizardNext).click();
  await atStep('preview');

  const preview = page.locator(`[data-testid="${V.wizardPreview}"][data-state="ready"]`);
  await preview.waitFor({ timeout: 20_000 });
  const rows = id(V.wizardPreviewRow);
  t.equal(await rows.count(), 5, 'five rows rendered');
  await shot('wizard-preview');
  t.match(await rows.first().innerText(), new RegExp(`文章 1[\\s\\S]*body-1[\\s\\S]*${CATEGORY_NAMES[0]}`), 'the first row’s text holds its title, body and joined category');
  t.notMatch(await rows.first().innerText(), /updated_at:/, 'without the column left out');
  await id(V.wizardNext).click();
  await atStep('settings');

  await id(V.wizardTitle).fill(title);
  // A template is previewed as it is typed: a placeholder of no chosen field is refused with the server's reason.
  await id('vector-wizard-template').fill('{{title}} / {{nope}}');
  await id(V.wizardPreviewError).waitFor({ timeout: 15_000 });
  t.match(await id(V.wizardPreviewError).innerText(), /nope/, 'the refused template names the unknown field');
  await id('vector-wizard-template').fill('{{title}} / {{name}}');
  await page.locator(`[data-testid="${V.wizardPreview}"][data-state="ready"]`).waitFor({ timeout: 15_000 });
  await page.getByTestId(V.wizardPreviewRow).first().getByText(`文章 1 / ${CATEGORY_NAMES[0]}`).waitFor({ timeout: 15_000 });
  t.pass('a valid template renders the rows as typed');
  // The model defaults to the server's default one.
  await page.locator(`[data-testid="${V.wizardSettings}"] .ant-select-content, [data-testid="${V.wizardSettings}"] .ant-select-selection-item`).first().waitFor();
  await shot('wizard-settings');
  await id(V.wizardNext).click();
  await atStep('build');

  const [createResponse] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/vectors/create', { timeout: 30_000 }),
    id(V.wizardBuild).click(),
  ]);
  t.equal(createResponse.status(), 202, 'create answers 202 with the build task');
  const created = (await createResponse.json()).data;
  collectionId = created.id;
  t.match(created, { id: Number, taskId: String }, 'the collection and its task');

  const progress = id(V.wizardProgress);
  await progress.waitFor();
  await shot('wizard-progress');
  await page.locator(`[data-testid="${V.wizardProgress}"][data-status="completed"]`).waitFor({ timeout: 90_000 });
  t.equal(await progress.getAttribute('data-percent'), '100', 'the bar reached 100%');
  await id(V.wizardClose).click();

  const status = id(V.status(collectionId));
  await page.locator(`[data-testid="${V.status(collectionId)}"][data-status="ready"]`).waitFor({ timeout: 30_000 });
  t.equal(await status.getAttribute('data-status'), 'ready', 'the list shows it ready');
  await shot('collections');
  const row = id(`${V.table}-row-${collectionId}`);
  t.match(await row.innerText(), new RegExp(`${title}[\\s\\S]*${table}`), 'with its title and table');
  const stored = (await api(`/api/vectors/${collectionId}`)).body.data;
  t.equal(stored.docCount, ROWS, 'one vector per source row');
  t.match(await row.innerText(), new RegExp(`\\b${ROWS}\\b`), 'the row shows the vector count');
  t.same(stored.fieldKeys, [`${table}.id`, `${table}.title`, `${table}.body`, `${categories}.name`], 'the chosen fields, in order');
  t.same(stored.tableIds, [table, categories], 'the main table first');
  t.same(stored.joinConfig, [{ left: `${table}.category_id`, right: `${categories}.id`, type: 'left' }], 'and the join');
});

t.test('rename, the enabled switch, the filters and the export of the selected', async (t) => {
  const row = id(`${V.table}-row-${collectionId}`);
  await id(V.rename(collectionId)).click();
  await id(V.renameTitle).fill(`${title} v2`);
  await id(`${V.renameForm}-submit`).click();
  await id(V.renameForm).waitFor({ state: 'hidden' });
  await row.getByText(`${title} v2`).waitFor();
  t.equal((await api(`/api/vectors/${collectionId}`)).body.data.title, `${title} v2`, 'renamed');

  await id(V.enabled(collectionId)).click();
  await page.locator(`[data-testid="${V.enabled(collectionId)}"][aria-checked="false"]`).waitFor();
  t.equal((await api(`/api/vectors/${collectionId}`)).body.data.isEnabled, false, 'disabled');
  await id(V.enabled(collectionId)).click();
  await page.locator(`[data-testid="${V.enabled(collectionId)}"][aria-checked="true"]`).waitFor();
  t.equal((await api(`/api/vectors/${collectionId}`)).body.data.isEnabled, true, 'enabled again');

  await id(V.keyword).fill('no such collection');
  await id('vector-search-submit').click();
  await row.waitFor({ state: 'detached' });
  await id(V.keyword).fill(suffix);
  await id('vector-search-submit').click();
  await row.waitFor();
  t.pass('the keyword filter finds the collection by title');
  const pickStatus = async (label: string) => {
    await id(V.statusFilter).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).click();
    await id('vector-search-submit').click();
  };
  await pickStatus('错误');
  await row.waitFor({ state: 'detached' });
  await pickStatus('就绪');
  await row.waitFor();
  t.pass('the status filter: not among the failed ones, among the ready ones');
  // A fresh page: no filters left for what follows.
  await page.reload();
  await row.waitFor();

  await row.locator('input[type="checkbox"]').check();
  t.match(await id(V.export).innerText(), /\(1\)/, 'export offers the one selected');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), id(V.export).click()]);
  const file = await download.path();
  t.equal(readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx (zip) is downloaded');
  t.match(download.suggestedFilename(), /\.xlsx$/);
  await row.locator('input[type="checkbox"]').uncheck();
});

t.test('rebuild runs a new build task to ready', async (t) => {
  const before = (await api(`/api/vectors/${collectionId}`)).body.data.task?.id;
  await id(V.rebuild(collectionId)).click();
  await id(V.rebuildForm).waitFor();
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/vectors/${collectionId}/rebuild`),
    id(`${V.rebuildForm}-submit`).click(),
  ]);
  t.equal(response.status(), 202, 'rebuild answers 202');
  const { taskId } = (await response.json()).data;
  t.not(taskId, before, 'a new task');
  const stored = await taskEnded(taskId);
  t.match(stored, { status: 'ready', docCount: ROWS, task: { id: taskId, status: 'completed' } }, 'ready again with every row');
  // The list refreshes itself while the collection builds, and shows it ready in the end.
  await page.locator(`[data-testid="${V.status(collectionId)}"][data-status="ready"]`).waitFor({ timeout: 15_000 });
});

t.test('the sync dialog previews schedules, refuses a bad one and saves a preset', async (t) => {
  await id(V.sync(collectionId)).click();
  await id(V.syncForm).waitFor();
  await id(V.syncPreset('daily')).click();
  await page.locator(`[data-testid="${V.syncNext}"][data-count="5"]`).waitFor({ timeout: 15_000 });
  await shot('sync');
  t.match(await id(V.syncNext).innerText(), /Asia\/Shanghai/, 'in the platform’s zone');
  t.equal((await id(V.syncNext).innerText()).match(/ 02:00:00/g)?.length, 5, 'the next five runs are at 02:00 on its clock');
  await id(V.syncExpression).fill('not a cron');
  await id(V.syncInvalid).waitFor({ timeout: 15_000 });
  t.pass('an invalid expression is refused with the server’s reason');
  await id(V.syncPreset('weekly')).click();
  await page.locator(`[data-testid="${V.syncNext}"][data-count="5"]`).waitFor({ timeout: 15_000 });
  await id(`${V.syncForm}-submit`).click();
  await id(V.syncForm).waitFor({ state: 'hidden' });
  const stored = (await api(`/api/vectors/${collectionId}`)).body.data;
  t.match(stored, { syncEnabled: true, syncExpression: '0 2 * * 1' }, 'the schedule is saved');
  await page.locator(`[data-testid="${V.table}-row-${collectionId}"]`).getByText('0 2 * * 1').waitFor();
  t.pass('the list shows the schedule');

  // 立即同步: a sync task runs; the source has not changed, so every vector stays.
  await my.query(`UPDATE \`${table}\` SET body = 'changed body' WHERE id = 1`);
  await id(V.sync(collectionId)).click();
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === `/api/vectors/${collectionId}/sync`),
    id(V.syncNow).click(),
  ]);
  t.equal(response.status(), 202, 'sync now answers 202 with a task');
  const { taskId } = (await response.json()).data;
  const synced = await taskEnded(taskId);
  t.match(synced, { docCount: ROWS, task: { id: taskId, status: 'completed' } }, 'the sync completed, every row still has its vector');
  t.ok(synced?.lastSyncAt, 'and the last sync time is set');
  await page.locator(`[data-testid="${V.status(collectionId)}"][data-status="ready"]`).waitFor({ timeout: 15_000 });
});

t.test('bulk delete removes the selected collection', async (t) => {
  const row = id(`${V.table}-row-${collectionId}`);
  await row.locator('input[type="checkbox"]').check();
  await id(V.bulkDelete).click();
  await id('popconfirm-ok').click();
  await row.waitFor({ state: 'detached', timeout: 15_000 });
  t.equal((await api(`/api/vectors/${collectionId}`)).status, 404, 'gone from the API');
  const [rows] = await my.query(`SELECT COUNT(*) AS n FROM \`${table}\``);
  t.equal(Number((rows as { n: number }[])[0]!.n), ROWS, 'the source table is untouched');
  t.same(cspViolations, [], 'nothing was blocked by the console’s CSP');
});
