// 向量搜索 as people use it, in real Chromium against the real gateway and vectors service and this machine's
// MariaDB (127.0.0.1:3306, root, database `test`): a collection is built over a uniquely named table through the
// API, then the page searches it by vector, keyword and hybrid (highlighted matches, scores, latency), narrows by
// a metadata filter, shows the three side by side, keeps the search in a shareable URL, and shows the
// translated 409 of a collection disabled meanwhile. The table is dropped at the end.
import { randomBytes } from 'node:crypto';
import t from 'tap';
import mysql from 'mysql2/promise';
import type { Response } from 'playwright-core';
import { builtWebDist, launchChromium, openPage, loginInBrowser } from '../../scripts/test/browser.js';
import { ADMIN_PASSWORD, startPlatform } from '../../services/gateway/test/platform.js';
import { SEARCH_IDS as S } from '../src/components/test-ids.js';

const webDist = builtWebDist();

const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };
const suffix = randomBytes(4).toString('hex');
const table = `search_e2e_${suffix}`;
const title = `e2e 搜索 ${suffix}`;
// Every third row about apples, in two categories, so a keyword finds some rows and a filter fewer.
const BODIES = ['apple pie with cinnamon', 'banana bread for breakfast', 'cherry tart and apple jam'];
const CATEGORIES = ['fruit', 'baking'];
const ROWS = 12;

const my = await mysql.createConnection(MARIADB);
t.teardown(async () => {
  await my.query(`DROP TABLE IF EXISTS \`${table}\``);
  await my.end();
});
await my.query(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, body TEXT NOT NULL, category VARCHAR(20) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
await my.query(`INSERT INTO \`${table}\` (id, body, category) VALUES ?`, [
  Array.from({ length: ROWS }, (_, i) => [i + 1, `${BODIES[i % 3]} ${i + 1}`, CATEGORIES[i % 2]]),
]);

const p = await startPlatform(t, { webDist, backends: ['vectors', 'stats'] });
const token = await p.token('admin', ADMIN_PASSWORD);
const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
  const res = await p.fetch(path, {
    method: init.method ?? 'GET',
    token,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
};

// The collection, built through the API (the wizard has its own test).
const connection = await api('/api/vectors/connections', {
  method: 'POST',
  body: { name: `search ${suffix}`, type: 'mysql', host: MARIADB.host, port: MARIADB.port, database: MARIADB.database, username: MARIADB.user },
});
if (connection.status !== 201 && connection.status !== 200) throw new Error(`connection: ${JSON.stringify(connection.body)}`);
const created = await api('/api/vectors/create', {
  method: 'POST',
  body: { title, dbId: connection.body.data.id, tableIds: [table], fieldKeys: [`${table}.id`, `${table}.body`, `${table}.category`], joinConfig: [], advancedConfig: {} },
});
if (created.status !== 202) throw new Error(`create: ${JSON.stringify(created.body)}`);
const collectionId: number = created.body.data.id;
for (let i = 0; i < 180; i++) {
  const c = (await api(`/api/vectors/${collectionId}`)).body.data;
  if (c.status === 'ready') break;
  if (c.status === 'error') throw new Error(`build failed: ${c.lastError}`);
  await new Promise((r) => setTimeout(r, 500));
}

const browser = await launchChromium();
t.teardown(() => browser.close());
const { page, id } = await openPage(t, browser);
const shot = (name: string) => (process.env.SCREENSHOT_DIR ? page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/search-${name}.png`, fullPage: true }).catch(() => {}) : undefined);

/** Presses Search and waits for `count` answers of `/api/search/vector` (compare sends three at once). */
async function runSearch(count = 1) {
  const answers: Response[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const onResponse = (r: Response) => {
    if (new URL(r.url()).pathname !== '/api/search/vector') return;
    answers.push(r);
    if (answers.length === count) done();
  };
  page.on('response', onResponse);
  try {
    await id(S.run).click();
    await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`${answers.length} of ${count} searches answered`)), 30_000))]);
  } finally {
    page.off('response', onResponse);
  }
  return answers;
}

/** An antd InputNumber's input, wherever the test id landed (wrapper or the input itself). */
const numberInput = (testId: string) => page.locator(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`).first();

t.test('the page offers the built collection and searches it by vector', async (t) => {
  await loginInBrowser(page, p, 'admin', ADMIN_PASSWORD);
  await page.goto(`${p.url}/vector-search`);
  await id(S.page).waitFor();
  t.ok(await id(S.prompt).isVisible(), 'an empty state before any search');
  await id(S.collection).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: title }).click();
  await id(S.query).fill('apple');
  await runSearch();
  const first = id(S.result('single', 1));
  await first.waitFor();
  t.match(await first.getByTestId(S.score).innerText(), /\d\.\d{4}/, 'the score with 4 decimals');
  t.match(await id(S.took('single')).innerText(), /ms/, 'the latency');
  t.match(new URL(page.url()).search, new RegExp(`collection=${collectionId}.*q=apple.*type=vector`), 'the search is in the URL');
  await shot('vector');
});

t.test('keyword search marks the matches; hybrid fuses', async (t) => {
  await id(`${S.type}-keyword`).click();
  await runSearch();
  const first = id(S.result('single', 1));
  await first.waitFor();
  const marks = await first.getByTestId(S.content).locator('mark').allInnerTexts();
  t.ok(marks.length > 0 && marks.every((m) => m.toLowerCase() === 'apple'), `the matches are marked: ${marks.join(',')}`);
  const results = await page.locator(`[data-testid^="search-result-single-"]`).count();
  t.equal(results, 8, 'every apple row, and only those (8 of 12)');
  t.match(await first.getByTestId(S.metadata).innerText(), /category: (fruit|baking)/, 'metadata as tags');

  await id(`${S.type}-hybrid`).click();
  await id(S.advanced).click();
  await numberInput(S.fusionK).fill('10');
  const [answer] = await runSearch();
  t.match(answer!.request().postDataJSON(), { type: 'hybrid', fusion: { k: 10 } }, 'the fusion constant is sent');
  await id(S.result('single', 1)).waitFor();
  t.match(await id(S.took('single')).innerText(), /ms/);
  await shot('hybrid');
});

t.test('a metadata filter narrows the results', async (t) => {
  await id(`${S.type}-keyword`).click();
  await id(S.filterAdd).click();
  await id(S.filterColumn(0)).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^category$/ }).click();
  await id(S.filterValues(0)).locator('input').fill('fruit');
  await id(S.filterValues(0)).locator('input').press('Enter');
  const [answer] = await runSearch();
  t.match(answer!.request().postDataJSON(), { filters: { category: 'fruit' } }, 'the filter is sent');
  await id(S.result('single', 1)).waitFor();
  const count = await page.locator(`[data-testid^="search-result-single-"]`).count();
  t.equal(count, 4, 'the apple rows in fruit: 4');
  for (const text of await page.locator(`[data-testid="${S.metadata}"]`).allInnerTexts()) t.match(text, /category: fruit/);
  await id(S.filterRemove(0)).click();
});

t.test('compare runs the three types side by side, each with its latency', async (t) => {
  await id(S.compare).click();
  const answers = await runSearch(3);
  t.same(answers.map((a) => a.request().postDataJSON().type).sort(), ['hybrid', 'keyword', 'vector'], 'three searches, one per type');
  for (const type of ['vector', 'keyword', 'hybrid']) {
    await id(S.result(type, 1)).waitFor();
    t.match(await id(S.took(type)).innerText(), /ms/, `${type} has its own latency`);
  }
  const boxes = await Promise.all(['vector', 'keyword', 'hybrid'].map((type) => id(S.pane(type)).boundingBox()));
  t.ok(boxes[0]!.x < boxes[1]!.x && boxes[1]!.x < boxes[2]!.x && Math.abs(boxes[0]!.y - boxes[2]!.y) < 2, 'three columns');
  t.match(new URL(page.url()).search, /type=compare/);
  await shot('compare');
});

t.test('a shared URL searches at once; nothing found is an empty state', async (t) => {
  await page.goto(`${p.url}/vector-search?collection=${collectionId}&q=zzzqqq&type=keyword&topK=5`);
  await id(S.empty('single')).waitFor();
  t.equal(await id(S.query).inputValue(), 'zzzqqq', 'the query from the URL');
});

t.test('a collection disabled meanwhile answers 409 with its translated text', async (t) => {
  await page.goto(`${p.url}/vector-search?collection=${collectionId}&q=apple&type=vector`);
  await id(S.result('single', 1)).waitFor();
  t.equal((await api(`/api/vectors/${collectionId}/status`, { method: 'PUT', body: { isEnabled: false } })).status, 200, 'disabled');
  const [answer] = await runSearch();
  t.equal(answer!.status(), 409);
  t.equal((await answer!.json()).errorKey, 'VEC_COLLECTION_DISABLED');
  const error = id(S.error('single'));
  await error.waitFor();
  t.match(await error.innerText(), /向量集合已停用/, 'the reason, as the console translates it');
  await shot('disabled');
});
