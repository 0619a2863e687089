// 知识库 as people use it, in real Chromium against the real gateway and vectors service and this machine's
// MariaDB: a collection is built through the API (services/gateway/test/collection-fixture.ts, rows
// 'pgvector keeps embeddings' and 'Redis keeps queues'); the admin creates a knowledge base over it in the
// dialog, runs a retrieval test (the expected row first, then the collection disabled and named as skipped),
// creates an API key that is shown once and listed masked, calls Dify's external knowledge API with it as
// Dify would, revokes it and gets Dify's error; a user holding only kb:view sees the list and no buttons.
// The server's own validation messages are checked to land on the dialog's fields.
import t from 'tap';
import type { Page, Response } from 'playwright-core';
import { builtWebDist, launchChromium, loginInBrowser, openPage } from '../../scripts/test/browser.js';
import { builtCollection, caller } from '../../services/gateway/test/collection-fixture.js';
import { ADMIN_PASSWORD, startPlatform } from '../../services/gateway/test/platform.js';
import { fieldRefusal } from '../src/pages/kb/logic/kb-form.js';
import { KB_IDS as K } from '../src/pages/kb/test-ids.js';

const webDist = builtWebDist();
const p = await startPlatform(t, { webDist, backends: ['vectors'] });
const admin = await p.token('admin', ADMIN_PASSWORD);
const call = caller(p, admin);
const title = 'kb_e2e';
const { collectionId } = await builtCollection(t, call, title);

const browser = await launchChromium();
t.teardown(() => browser.close());
const { page, id } = await openPage(t, browser, { permissions: ['clipboard-read', 'clipboard-write'] });

/** Does `action` and returns the first answer of `method path` it causes. */
async function answerOf(on: Page, method: string, path: RegExp, action: () => Promise<unknown>): Promise<Response> {
  const answer = on.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname), { timeout: 20_000 });
  await action();
  return answer;
}
const shot = (name: string, on: Page = page) =>
  process.env.SCREENSHOT_DIR ? on.screenshot({ path: `${process.env.SCREENSHOT_DIR}/kb-${name}.png`, fullPage: true }).catch(() => {}) : undefined;
const option = (text: string) => page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
const numberInput = (testId: string) => page.locator(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`).first();
const dify = (key: string | null, kbId: number, query: string) =>
  fetch(`${p.url}/api/kb/dify/retrieval`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ knowledge_id: String(kbId), query, retrieval_setting: { top_k: 2, score_threshold: 0 } }),
  });

let kbId = 0;

t.test('the server\'s refusals of a knowledge base land on the dialog\'s fields', async (t) => {
  const base = { name: 'x', vectorIds: [collectionId], retrievalConfig: { type: 'keyword', topK: 3, scoreThreshold: 0 } };
  const cases: [object, string][] = [
    [{ ...base, name: 'n'.repeat(101) }, 'name'],
    [{ ...base, retrievalConfig: { ...base.retrievalConfig, topK: 101 } }, 'topK'],
    [{ ...base, retrievalConfig: { ...base.retrievalConfig, scoreThreshold: 2 } }, 'scoreThreshold'],
    [{ ...base, retrievalConfig: { ...base.retrievalConfig, type: 'fuzzy' } }, 'type'],
    [{ ...base, vectorIds: [] }, 'vectorIds'],
    [{ ...base, vectorIds: [987654] }, 'vectorIds'],
  ];
  for (const [body, field] of cases) {
    const { body: answer } = await call('POST', '/api/kb/config', body);
    t.not(answer.code, 201, `refused: ${answer.msg}`);
    t.equal(fieldRefusal({ errorKey: answer.errorKey, serverMsg: answer.msg })?.field, field, `${answer.msg} → ${field}`);
  }
});

t.test('the admin creates a knowledge base over the built collection', async (t) => {
  await loginInBrowser(page, p, 'admin', ADMIN_PASSWORD);
  await page.goto(`${p.url}/kb/config`);
  await id(K.page).waitFor();
  t.notOk(await id(K.readOnlyNote).isVisible(), 'no read-only note for kb:config');
  await id(K.create).click();
  await id(K.field('name')).fill('e2e 知识库');
  await id(K.field('description')).fill('端到端测试');
  await id(K.field('vectorIds')).click();
  await option(title).click();
  await page.keyboard.press('Escape');
  await id(K.field('type-keyword')).click();
  await numberInput(K.field('topK')).fill('3');
  await shot('form');
  const answer = await answerOf(page, 'POST', /^\/api\/kb\/config$/, () => id(`${K.form}-submit`).click());
  t.equal(answer.status(), 201);
  const created = (await answer.json()).data;
  t.match(created, { name: 'e2e 知识库', description: '端到端测试', vectorIds: [collectionId], retrievalConfig: { type: 'keyword', topK: 3, scoreThreshold: 0 } });
  kbId = created.id;
  const row = id(`${K.table}-row-${kbId}`);
  await row.waitFor();
  t.equal(await id(K.collection(kbId, collectionId)).innerText(), title, 'the collection by its title');
  t.match(await row.innerText(), /关键词/, 'the retrieval type');
  await shot('list');
});

t.test('a retrieval test finds the expected row first, and names a disabled collection as skipped', async (t) => {
  await page.goto(`${p.url}/kb/retrieval`);
  await id(K.retrievalPrompt).waitFor();
  await id(K.retrievalKb).click();
  await option('e2e 知识库').click();
  await id(K.retrievalQuery).fill('redis queues');
  const answer = await answerOf(page, 'POST', /^\/api\/kb\/retrieval$/, () => id(K.retrievalRun).click());
  t.match(answer.request().postDataJSON(), { kbId, query: 'redis queues' });
  const first = id(K.result(1));
  await first.waitFor();
  t.equal(await first.getByTestId(K.resultContent).innerText(), 'body: Redis keeps queues', 'the expected row first');
  t.same(await first.getByTestId(K.resultContent).locator('mark').allInnerTexts(), ['Redis', 'queues'], 'the matched words marked');
  t.match(await first.getByTestId(K.resultSource).innerText(), title, 'its source collection');
  t.match(await first.getByTestId(K.resultScore).innerText(), /1\.0000/, 'the best row scores 1 after normalising');
  t.match(await id(K.retrievalTook).innerText(), /\d+(\.\d+)? ms/, 'the latency');
  t.notOk(await id(K.retrievalSkipped).isVisible(), 'nothing skipped');
  await shot('retrieval');

  t.equal((await call('PUT', `/api/vectors/${collectionId}/status`, { isEnabled: false })).status, 200, 'disabled meanwhile');
  try {
    await answerOf(page, 'POST', /^\/api\/kb\/retrieval$/, () => id(K.retrievalRun).click());
    const skipped = id(K.retrievalSkipped);
    await skipped.waitFor();
    t.match(await skipped.innerText(), new RegExp(`${title}（#${collectionId}）：已停用`), 'the skipped collection and why');
    await id(K.retrievalEmpty).waitFor();
    await shot('skipped');
  } finally {
    await call('PUT', `/api/vectors/${collectionId}/status`, { isEnabled: true });
  }
});

t.test('the test opened from a row searches that knowledge base', async (t) => {
  await page.goto(`${p.url}/kb/config`);
  await id(K.test(kbId)).click();
  const drawer = id(K.retrievalDrawer);
  await drawer.waitFor();
  t.equal(await drawer.getByTestId(K.retrievalKb).count(), 0, 'no picker: the row chose it');
  await drawer.getByTestId(K.retrievalQuery).fill('pgvector');
  const answer = await answerOf(page, 'POST', /^\/api\/kb\/retrieval$/, () => drawer.getByTestId(K.retrievalRun).click());
  t.match(answer.request().postDataJSON(), { kbId, query: 'pgvector' });
  await drawer.getByTestId(K.result(1)).waitFor();
  t.equal(await drawer.getByTestId(K.resultContent).first().innerText(), 'body: pgvector keeps embeddings');
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
});

let key = '';
let keyId = 0;

t.test('an API key is shown once, then only masked', async (t) => {
  await page.goto(`${p.url}/kb/config`);
  await id(K.keys(kbId)).click();
  await id(K.keysDrawer).waitFor();
  t.equal(await id(K.difyEndpoint).innerText(), `${p.url}/api/kb/dify`, 'Dify\'s endpoint on this origin');
  t.equal(await id(K.difyKnowledgeId).innerText(), String(kbId), 'the knowledge id is the knowledge base\'s');
  await id(K.keyName).fill('dify');
  const answer = await answerOf(page, 'POST', new RegExp(`^/api/kb/config/${kbId}/keys$`), () => id(K.keyCreate).click());
  keyId = (await answer.json()).data.id;
  await id(K.keyCreated).waitFor();
  key = await id(K.keyCreatedValue).inputValue();
  t.match(key, /^kb-[\w-]{43}$/, 'the whole key');
  t.match(await id(K.keyCreated).innerText(), /只显示这一次/, 'with the warning that it is shown once');
  await shot('key-created');
  await id(K.keyCopy).click();
  t.equal(await page.evaluate(() => navigator.clipboard.readText()), key, 'the copy button copies it');

  const masked = await id(K.keyMasked(keyId)).innerText();
  t.equal(masked, `${key.slice(0, 6)}…${key.slice(-4)}`, 'the list shows it masked');
  await id(K.keyCreatedClose).click();
  await id(K.keyCreated).waitFor({ state: 'detached' });
  t.notOk((await page.content()).includes(key), 'once closed, the key is nowhere on the page');
  t.equal(await id(`${K.keysTable}-row-${keyId}`).getByText('从未使用').count(), 1, 'not used yet');
});

t.test('Dify retrieves with the key; after revoking it Dify gets its error', async (t) => {
  const ok = await dify(key, kbId, 'redis queues');
  t.equal(ok.status, 200);
  const records = (await ok.json()).records;
  t.match(records[0], { content: 'Redis keeps queues', title: `${title} #2` }, 'the expected record first');

  // Reopened, the list says the key has been used.
  await page.keyboard.press('Escape');
  await id(K.keysDrawer).waitFor({ state: 'hidden' });
  await id(K.keys(kbId)).click();
  const row = id(`${K.keysTable}-row-${keyId}`);
  await row.waitFor();
  await t.resolves(row.getByText('从未使用').waitFor({ state: 'detached' }), 'the last use is shown');

  await answerOf(page, 'DELETE', new RegExp(`^/api/kb/config/${kbId}/keys/${keyId}$`), async () => {
    await id(K.keyRevoke(keyId)).click();
    await id('popconfirm-ok').click();
  });
  await page.locator(`[data-testid="${K.keyStatus(keyId)}"][data-status="revoked"]`).waitFor();
  t.equal(await id(K.keyRevoke(keyId)).count(), 0, 'a revoked key cannot be revoked again');
  await shot('key-revoked');

  const refused = await dify(key, kbId, 'redis queues');
  t.equal(refused.status, 403);
  t.same(await refused.json(), { error_code: 1002, error_msg: 'Authorization failed' }, "Dify's own error");
  await page.keyboard.press('Escape');
});

t.test('a user with only kb:view sees the list and none of the buttons', async (t) => {
  const role = await call('POST', '/api/settings/roles', { roleKey: 'kb-reader', name: '知识库只读', permissions: ['kb:view'] });
  t.equal(role.status, 201, 'a role holding kb:view only');
  await p.createUser('reader', 'kb-reader', 'Reader-pass-123');
  const reader = await openPage(t, browser);
  await loginInBrowser(reader.page, p, 'reader', 'Reader-pass-123');
  await reader.page.goto(`${p.url}/kb/config`);
  await reader.id(`${K.table}-row-${kbId}`).waitFor();
  t.ok(await reader.id(K.readOnlyNote).isVisible(), 'told why there are no buttons');
  t.equal(await reader.id(K.create).count(), 0, 'no create');
  for (const button of [K.edit(kbId), K.remove(kbId), K.keys(kbId), K.test(kbId)]) t.equal(await reader.id(button).count(), 0, `no ${button}`);
  t.match(await reader.id(`${K.table}-row-${kbId}`).innerText(), /e2e 知识库/);
  await shot('reader', reader.page);
  t.match(await reader.id(K.collection(kbId, collectionId)).innerText(), `#${collectionId}`, 'collections by id: the reader may not list them');
});

t.test('the admin deletes the knowledge base after confirming', async (t) => {
  await page.goto(`${p.url}/kb/config`);
  await id(`${K.table}-row-${kbId}`).waitFor();
  const answer = await answerOf(page, 'DELETE', new RegExp(`^/api/kb/config/${kbId}$`), async () => {
    await id(K.remove(kbId)).click();
    await id('popconfirm-ok').click();
  });
  t.equal(answer.status(), 200);
  await id(`${K.table}-row-${kbId}`).waitFor({ state: 'detached' });
  t.equal((await call('GET', `/api/kb/config/${kbId}`)).body.code, 404, 'gone on the server too');
});

t.test('a collection deleted while the dialog is open is refused on the collections field', async (t) => {
  await id(K.create).click();
  await id(K.field('name')).fill('来不及');
  await id(K.field('vectorIds')).click();
  await option(title).click();
  await page.keyboard.press('Escape');
  t.equal((await call('DELETE', '/api/vectors', { ids: [collectionId] })).status, 200, 'deleted meanwhile');
  const answer = await answerOf(page, 'POST', /^\/api\/kb\/config$/, () => id(`${K.form}-submit`).click());
  t.equal((await answer.json()).errorKey, 'KB_VECTORS_NOT_FOUND');
  const error = id(K.form).locator('.ant-form-item').filter({ has: id(K.field('vectorIds')) }).locator('.ant-form-item-explain-error');
  await error.waitFor();
  t.equal(await error.innerText(), `以下向量集合已不存在：${collectionId}`, 'beside the field it names');
  t.ok(await id(K.form).isVisible(), 'the dialog stays open to fix it');
  await shot('refused');
});
