// Collections built from the real MariaDB of this machine (api.md "Vectors", issue 14 items 3, 6, 7): create
// validates against the live source, a BullMQ build over real Redis fills the vector store page by page,
// a sync after inserts, updates and deletes leaves exactly the source's rows, and the admin routes.
import t from 'tap';
import ExcelJS from 'exceljs';
import { Queue } from 'bullmq';
import { QUEUES } from '@app/contracts';
import { bullPrefix } from '@app/service-kit/jobs';
import { testRedisUrl, until } from '@app/testing';
import { createLexicalEmbedder } from '../src/plugins/app/embedders/lexical.js';
import { runBuild } from '../src/plugins/app/vector-jobs.js';
import { vectorRepository } from '../src/plugins/app/vector-repository.js';
import { vectorTaskRepository } from '../src/plugins/app/vector-task-repository.js';
import { mariadbTables, MARIADB, vectorsApp, viewer } from './vectors-harness.js';

const { app, db, api, settled, keyPrefix } = await vectorsApp(t, 'vectors-coll');
const my = await mariadbTables(t);

const categories = await my.table('categories', 'id INT PRIMARY KEY, name VARCHAR(50) NOT NULL');
const products = await my.table(
  'products',
  'id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, description TEXT, category_id INT, updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP',
);
const noKey = await my.table('nokey', 'label VARCHAR(20)');
await my.conn.query(`INSERT INTO \`${categories}\` VALUES (1, '水果'), (2, 'tools'), (3, '饮料')`);
const ROWS = 137;
const productRows = Array.from({ length: ROWS }, (_, i) => [i + 1, `product ${i + 1}`, i % 10 === 0 ? null : `description of item ${i + 1}`, (i % 3) + 1]);
await my.conn.query(`INSERT INTO \`${products}\` (id, name, description, category_id) VALUES ?`, [productRows]);

const connection = (await api('POST', '/api/vectors/connections', { name: 'maria', ...MARIADB })).data;

const plan = {
  dbId: connection.id,
  tableIds: [products, categories],
  fieldKeys: [`${products}.name`, `${products}.description`, `${categories}.name`],
  joinConfig: [{ left: `${products}.category_id`, right: `${categories}.id`, type: 'left' }],
  advancedConfig: { pageSize: 20 },
};

const storeKeys = async (id: number) => [...(await app.vectorStore.hashes(String(id))).keys()].sort((a, b) => Number(a) - Number(b));
const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(i + from));

let collectionId = 0;

t.test('create validates against the live source and names what is wrong', async (t) => {
  const bad = async (body: object, status: number, key: string, names?: string) => {
    const res = await api('POST', '/api/vectors/create', { title: 'bad one', ...plan, ...body });
    t.equal(res.status, status, `${key}: status`);
    t.equal(res.body.errorKey, key, `${key}: errorKey`);
    if (names) t.match(res.body.msg, names, `${key}: the message names ${names}`);
  };
  await bad({ tableIds: [`missing_${my.suffix}`] , fieldKeys: [`missing_${my.suffix}.name`], joinConfig: [] }, 400, 'VEC_SOURCE_TABLE_NOT_FOUND', `missing_${my.suffix}`);
  await bad({ fieldKeys: [`${products}.nope`] }, 400, 'VEC_SOURCE_FIELD_NOT_FOUND', 'nope');
  await bad({ joinConfig: [{ left: `${products}.cat`, right: `${categories}.id`, type: 'left' }] }, 400, 'VEC_SOURCE_FIELD_NOT_FOUND', `${products}.cat`);
  await bad({ tableIds: [noKey], fieldKeys: [`${noKey}.label`], joinConfig: [] }, 400, 'VEC_PLAN_NO_PRIMARY_KEY', noKey);
  await bad({ dbId: 99999 }, 404, 'VEC_CONNECTION_NOT_FOUND');
  await bad({ advancedConfig: { embeddingModel: 'no-such-model' } }, 400, 'VEC_EMBEDDING_MODEL_UNKNOWN', 'no-such-model');
  t.equal(await db.vector.count(), 0, 'nothing was recorded for any of them');
  t.equal(await db.task.count(), 0, 'and no task');
});

t.test('a joined two-table build: 202 with a task, pages committed, ready with every row', async (t) => {
  const res = await api('POST', '/api/vectors/create', { title: ' 商品 ', ...plan });
  t.equal(res.status, 202);
  t.equal(res.data.collection.title, '商品', 'the title is trimmed');
  t.equal(res.data.collection.status, 'building');
  collectionId = res.data.id;
  const task = await settled(res.data.taskId);
  t.equal(task.status, 'completed', `the build completed (${task.error ?? ''})`);
  t.equal(task.progress, 100);
  t.match(task.result, { rows: ROWS, docs: ROWS });

  const one = (await api('GET', `/api/vectors/${collectionId}`)).data;
  t.equal(one.status, 'ready');
  t.equal(one.docCount, ROWS);
  t.equal(one.embeddingModel, 'lexical-hash-384');
  t.equal(one.dimension, 384);
  t.equal(one.metric, 'cosine');
  t.equal(one.connectionName, 'maria');
  t.equal(one.task.id, res.data.taskId, 'the latest task is shown with the collection');
  t.same(await storeKeys(collectionId), range(ROWS), 'one vector per product, keyed by its primary key');

  // The joined category's name is part of the text, and a query for a row's own words finds that row first.
  const embedder = createLexicalEmbedder({ dimension: 384 });
  const [q] = await embedder.embed(['product 42 description of item 42']);
  const hits = await app.vectorStore.search(String(collectionId), q!, 3);
  t.equal(hits[0]?.key, '42');
  t.match(hits[0]?.content, /product 42/);
  t.match(hits[0]?.content, /水果|tools|饮料/, 'the joined category name is in the embedded text');
  const [noDescription] = await embedder.embed(['product 11']);
  const eleven = (await app.vectorStore.search(String(collectionId), noDescription!, 1))[0];
  t.equal(eleven?.key, '11');
  t.notMatch(eleven?.content, /description/, 'an empty field is left out of the text');

  // BullMQ hands a job out again when its lock was lost (a long index build on this thread): a finished
  // build is not run again, and its vectors stay.
  const deps = {
    vectors: vectorRepository(db), tasks: vectorTaskRepository(db), store: app.vectorStore, embedders: app.embedders, log: app.log,
    openSource: () => Promise.reject(new Error('a finished build must not read its source again')),
  };
  t.same(await runBuild(deps, { taskId: res.data.taskId, vectorId: collectionId }), { stopped: true });
  t.equal(await app.vectorStore.count(String(collectionId)), ROWS, 'the vectors are untouched');
  t.equal((await db.task.findUniqueOrThrow({ where: { id: res.data.taskId } })).status, 'completed');
});

t.test('a sync after inserts, updates and deletes leaves exactly the source rows', async (t) => {
  await my.conn.query(`UPDATE \`${products}\` SET name = 'renamed five' WHERE id = 5`);
  await my.conn.query(`UPDATE \`${categories}\` SET name = '工具' WHERE id = 2`); // every product of category 2 changes through the join
  await my.conn.query(`DELETE FROM \`${products}\` WHERE id IN (7, 8, 9)`);
  await my.conn.query(`INSERT INTO \`${products}\` (id, name, description, category_id) VALUES (500, 'new one', 'fresh', 1), (501, 'new two', NULL, NULL)`);

  const before = await app.vectorStore.hashes(String(collectionId));
  const res = await api('POST', `/api/vectors/${collectionId}/sync`);
  t.equal(res.status, 202);
  const task = await settled(res.data.taskId);
  t.equal(task.status, 'completed', `the sync completed (${task.error ?? ''})`);
  const [rows] = await my.conn.query<import('mysql2').RowDataPacket[]>(`SELECT id, category_id FROM \`${products}\``);
  const category2 = rows.filter((r) => r.category_id === 2 && r.id !== 5).length;
  t.same(task.result, { added: 2, updated: 1 + category2, removed: 3, unchanged: ROWS - 3 - 1 - category2 }, 'counts of what changed');
  const keys = await storeKeys(collectionId);
  t.same(keys, rows.map((r) => String(r.id)).sort((a, b) => Number(a) - Number(b)), 'exactly the source rows');
  const after = await app.vectorStore.hashes(String(collectionId));
  t.not(after.get('5'), before.get('5'), 'the updated row was re-embedded');
  t.equal(after.get('1'), before.get('1'), 'an unchanged row was not');

  const one = (await api('GET', `/api/vectors/${collectionId}`)).data;
  t.equal(one.docCount, ROWS - 3 + 2);
  t.ok(one.lastSyncAt, 'the last sync time is recorded');
});

t.test('sync schedules: croner checks and previews, one BullMQ job scheduler per collection', async (t) => {
  const invalid = await api('POST', `/api/vectors/${collectionId}/sync-config`, { enabled: true, expression: '61 * * * *' });
  t.equal(invalid.status, 400);
  t.equal(invalid.body.errorKey, 'VEC_CRON_INVALID');
  const preview = await api('GET', `/api/vectors/cron-preview?expression=${encodeURIComponent('0 2 * * *')}`);
  t.equal(preview.status, 200);
  t.equal(preview.data.next.length, 5);
  t.ok(preview.data.next.every((iso: string) => iso.endsWith('T02:00:00.000Z')), 'daily at 02:00 in the platform zone (UTC here)');
  t.equal((await api('GET', '/api/vectors/cron-preview?expression=nope')).body.errorKey, 'VEC_CRON_INVALID');

  const set = await api('POST', `/api/vectors/${collectionId}/sync-config`, { enabled: true, expression: '*/5 * * * *' });
  t.equal(set.status, 200);
  t.equal(set.data.syncEnabled, true);
  t.equal(set.data.nextRuns.length, 5);
  const queue = new Queue(QUEUES.vectorSync, { connection: { url: testRedisUrl() } as never, prefix: bullPrefix(keyPrefix) });
  t.teardown(() => queue.close());
  const schedulers = await queue.getJobSchedulers();
  t.equal(schedulers.length, 1);
  t.match(schedulers[0], { key: `sync-${collectionId}`, pattern: '*/5 * * * *', tz: 'UTC' });
  await api('POST', `/api/vectors/${collectionId}/sync-config`, { enabled: true, expression: '0 * * * *' });
  t.equal((await queue.getJobSchedulers()).length, 1, 'setting it again replaces the schedule');
  const off = await api('POST', `/api/vectors/${collectionId}/sync-config`, { enabled: false });
  t.equal(off.data.syncEnabled, false);
  t.equal(off.data.syncExpression, '0 * * * *', 'switching off keeps the expression');
  t.equal((await queue.getJobSchedulers()).length, 0, 'and removes the schedule');
});

t.test('admin: list, status, rename, check-name, simple-list, export, permissions', async (t) => {
  const list = await api('GET', '/api/vectors?current=1&size=10&keyword=商');
  t.equal(list.data.total, 1);
  t.equal(list.data.records[0].id, collectionId);
  t.equal((await api('GET', '/api/vectors?status=error')).data.total, 0);
  t.equal((await api('GET', '/api/vectors?status=bogus')).status, 400);

  t.same((await api('GET', '/api/vectors/simple-list')).data, [{ id: collectionId, title: '商品' }]);
  t.equal((await api('PUT', `/api/vectors/${collectionId}/status`, { isEnabled: false })).data.isEnabled, false);
  t.same((await api('GET', '/api/vectors/simple-list')).data, [], 'a disabled collection is not offered for search');
  await api('PUT', `/api/vectors/${collectionId}/status`, { isEnabled: true });

  t.same((await api('POST', '/api/vectors/check-name', { title: '商品' })).data, { available: false });
  t.same((await api('POST', '/api/vectors/check-name', { title: '其他' })).data, { available: true });
  t.equal((await api('PUT', `/api/vectors/${collectionId}`, { title: '商品库' })).data.title, '商品库');
  t.equal((await api('PUT', '/api/vectors/99999', { title: 'x' })).body.errorKey, 'VEC_COLLECTION_NOT_FOUND');
  t.equal((await api('PUT', `/api/vectors/${collectionId}`, { title: '   ' })).status, 400);

  const file = await api('GET', `/api/vectors/export?ids=${collectionId}`);
  t.equal(file.status, 200);
  t.match(file.headers['content-disposition'], /attachment; filename="vector-collections-/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file.raw as never);
  const sheet = book.worksheets[0]!;
  t.equal(sheet.rowCount, 2, 'a header and the collection');
  t.equal(sheet.getRow(2).getCell(2).value, '商品库');
  t.equal(sheet.getRow(2).getCell(8).value, ROWS - 1);
  t.equal((await api('GET', '/api/vectors/export?ids=1,x')).status, 400);

  t.equal((await api('GET', '/api/vectors', undefined, viewer)).status, 200, 'a viewer lists');
  for (const [method, path, body] of [
    ['POST', '/api/vectors/create', { title: 'x', ...plan }],
    ['PUT', `/api/vectors/${collectionId}`, { title: 'y' }],
    ['DELETE', '/api/vectors', { ids: [collectionId] }],
    ['POST', `/api/vectors/${collectionId}/sync`, undefined],
  ] as const) {
    t.equal((await api(method, path, body, viewer)).status, 403, `a viewer may not ${method} ${path}`);
  }
  t.equal((await api('GET', '/api/vectors', undefined, 'Bearer nope')).status, 401);
});

t.test('a rebuild while one runs is refused; cancel stops a build; bulk delete drops the vectors', async (t) => {
  const big = await my.table('big', 'id INT PRIMARY KEY, body VARCHAR(200)');
  await my.conn.query(`INSERT INTO \`${big}\` (id, body) VALUES ?`, [Array.from({ length: 3000 }, (_, i) => [i + 1, `row ${i + 1} `.repeat(8)])]);
  const res = await api('POST', '/api/vectors/create', {
    title: 'big', dbId: connection.id, tableIds: [big], fieldKeys: [`${big}.body`], advancedConfig: { pageSize: 10 },
  });
  t.equal(res.status, 202);
  await until(() => db.task.findUniqueOrThrow({ where: { id: res.data.taskId } }), (task) => task.progress > 0, 30_000, 'the build under way');
  const busy = await api('POST', `/api/vectors/${res.data.id}/rebuild`, {});
  t.equal(busy.body.errorKey, 'VEC_COLLECTION_BUSY');
  t.equal((await api('POST', `/api/vectors/${res.data.id}/sync`)).body.errorKey, 'VEC_COLLECTION_NOT_READY');

  const cancel = await api('POST', `/api/vectors/${res.data.id}/cancel`);
  t.same(cancel.data.cancelled, [res.data.taskId]);
  const task = await db.task.findUniqueOrThrow({ where: { id: res.data.taskId } });
  t.equal(task.status, 'cancelled');
  const collection = (await api('GET', `/api/vectors/${res.data.id}`)).data;
  t.equal(collection.status, 'error');
  t.equal(collection.lastError, '构建已取消');
  // The worker stops at its next page: the count stops growing.
  await new Promise((r) => setTimeout(r, 500));
  const settledCount = await app.vectorStore.count(String(res.data.id));
  await new Promise((r) => setTimeout(r, 700));
  t.equal(await app.vectorStore.count(String(res.data.id)), settledCount, 'no page is written after the cancel');
  t.ok(settledCount < 3000, 'the build stopped before the end');

  // Rebuild from scratch: all rows.
  const again = await api('POST', `/api/vectors/${res.data.id}/rebuild`, {});
  t.equal(again.status, 202);
  t.equal((await settled(again.data.taskId)).status, 'completed');
  t.equal(await app.vectorStore.count(String(res.data.id)), 3000);

  const removed = await api('DELETE', '/api/vectors', { ids: [res.data.id, collectionId] });
  t.same(removed.data.deleted, [res.data.id, collectionId]);
  t.equal(await db.vector.count(), 0);
  await t.rejects(app.vectorStore.count(String(collectionId)), { code: 'VEC_STORE_NO_COLLECTION' }, 'the vectors are gone');
  t.equal((await api('DELETE', '/api/vectors', { ids: [12345] })).body.errorKey, 'VEC_COLLECTION_NOT_FOUND');
});
