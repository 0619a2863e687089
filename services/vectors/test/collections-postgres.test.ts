// The collection story of collections.test.ts with the real PostgreSQL of this machine as the source: a main
// table in a schema of its own (`shop.orders`) joined many-to-one to a `public` one (`customers`), with
// advancedConfig.updatedAtField set, so a sync re-embeds a row only when its updated_at moved. Also: a source
// connection that collections read from cannot be deleted (409 VEC_CONNECTION_IN_USE, nothing deleted).
import t from 'tap';
import { createLexicalEmbedder } from '../src/plugins/app/embedders/lexical.js';
import { postgresSource, vectorsApp } from './vectors-harness.js';

const { app, db, api, settled } = await vectorsApp(t, 'vectors-coll-pg');
const source = await postgresSource(t);
const sql = (text: string, params: unknown[] = []) => source.client.query(text, params);

const ROWS = 53;
await sql(`CREATE SCHEMA shop`);
await sql(`CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)`);
await sql(`CREATE TABLE shop.orders (
  id int PRIMARY KEY, title text NOT NULL, note text, customer_id int REFERENCES customers (id), updated_at timestamptz NOT NULL)`);
await sql(`INSERT INTO customers VALUES (1, '张三'), (2, 'Acme Corp'), (3, 'Blue Whale')`);
// One order a minute on the first of January; every fifth has no note.
await sql(
  `INSERT INTO shop.orders (id, title, note, customer_id, updated_at)
   SELECT i, 'order ' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'note of order ' || i END, i % 3 + 1,
          timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute'
   FROM generate_series(1, $1::int) AS i`,
  [ROWS],
);

const connection = (await api('POST', '/api/vectors/connections', { name: 'shop-pg', ...source.settings })).data;
const plan = {
  dbId: connection.id,
  tableIds: ['shop.orders', 'customers'],
  fieldKeys: ['shop.orders.title', 'shop.orders.note', 'customers.name'],
  joinConfig: [{ left: 'shop.orders.customer_id', right: 'customers.id', type: 'left' }],
  advancedConfig: { pageSize: 10, updatedAtField: 'shop.orders.updated_at' },
};

const byNumber = (a: string, b: string) => Number(a) - Number(b);
const storeKeys = async (id: number) => [...(await app.vectorStore.hashes(String(id))).keys()].sort(byNumber);
const sourceKeys = async () => (await sql(`SELECT id FROM shop.orders`)).rows.map((r) => String(r.id)).sort(byNumber);
const embedder = createLexicalEmbedder({ dimension: 384 });
/** The stored text of the best hit for `text`, and its key. */
async function best(id: number, text: string) {
  const [q] = await embedder.embed([text]);
  return (await app.vectorStore.search(String(id), q!, 1))[0];
}

let collectionId = 0;

t.test('a schema-qualified main table joined to a public one: built, ready with every row', async (t) => {
  const res = await api('POST', '/api/vectors/create', { title: '订单', ...plan });
  t.equal(res.status, 202, res.body.msg);
  t.equal(res.data.collection.advancedConfig.updatedAtField, 'shop.orders.updated_at', 'updatedAtField is kept');
  collectionId = res.data.id;
  const task = await settled(res.data.taskId);
  t.equal(task.status, 'completed', `the build completed (${task.error ?? ''})`);
  t.match(task.result, { rows: ROWS, docs: ROWS });

  const one = (await api('GET', `/api/vectors/${collectionId}`)).data;
  t.equal(one.status, 'ready');
  t.equal(one.docCount, ROWS);
  t.equal(one.connectionName, 'shop-pg');
  t.same(await storeKeys(collectionId), await sourceKeys(), 'one vector per order, keyed by its primary key');

  const hit = await best(collectionId, 'order 42 note of order 42');
  t.equal(hit?.key, '42');
  t.match(hit?.content, /title: order 42/);
  t.match(hit?.content, /name: (张三|Acme Corp|Blue Whale)/, 'the joined customer name is in the text');
  t.notMatch((await best(collectionId, 'order 10'))?.content, /note/, 'an empty note is left out');
});

t.test('a sync: inserts, deletes, and only rows whose updated_at moved count as updated', async (t) => {
  const before = await app.vectorStore.hashes(String(collectionId));
  await sql(`INSERT INTO shop.orders (id, title, note, customer_id, updated_at) VALUES
    (900, 'new order one', 'fresh', 1, now()), (901, 'new order two', NULL, NULL, now())`);
  // Changed and stamped: re-embedded.
  await sql(`UPDATE shop.orders SET title = 'renamed five', updated_at = updated_at + interval '1 hour' WHERE id = 5`);
  // Changed without touching updated_at: with updatedAtField configured, updated_at alone decides, so this row
  // counts as unchanged and keeps its old text until its updated_at moves (or the collection is rebuilt).
  await sql(`UPDATE shop.orders SET title = 'silently renamed six' WHERE id = 6`);
  // Likewise a joined row's change: the orders' updated_at did not move.
  await sql(`UPDATE customers SET name = 'Acme Renamed' WHERE id = 2`);
  await sql(`DELETE FROM shop.orders WHERE id IN (7, 8, 9)`);

  const res = await api('POST', `/api/vectors/${collectionId}/sync`);
  t.equal(res.status, 202);
  const task = await settled(res.data.taskId);
  t.equal(task.status, 'completed', `the sync completed (${task.error ?? ''})`);
  t.same(task.result, { added: 2, updated: 1, removed: 3, unchanged: ROWS - 3 - 1 }, 'counts of what changed');
  t.same(await storeKeys(collectionId), await sourceKeys(), 'exactly the source rows');

  const after = await app.vectorStore.hashes(String(collectionId));
  t.not(after.get('5'), before.get('5'), 'the stamped row has a new hash');
  t.match((await best(collectionId, 'renamed five'))?.content, /title: renamed five/, 'and its new text');
  t.equal(after.get('6'), before.get('6'), 'the unstamped row kept its hash');
  const six = await best(collectionId, 'order 6 note of order 6');
  t.equal(six?.key, '6');
  t.match(six?.content, /title: order 6\n/, 'and its old text: it was not re-embedded');
  t.equal((await api('GET', `/api/vectors/${collectionId}`)).data.docCount, ROWS - 3 + 2);
});

t.test('a connection collections read from cannot be deleted: 409 naming them, nothing deleted', async (t) => {
  // Three more collections on it: the message names a few, not all.
  for (const title of ['订单 2', '订单 3', '订单 4']) {
    const res = await api('POST', '/api/vectors/create', { title, ...plan });
    t.equal(res.status, 202);
    t.equal((await settled(res.data.taskId)).status, 'completed');
  }
  const refused = await api('DELETE', `/api/vectors/connections/${connection.id}`);
  t.equal(refused.status, 409);
  t.equal(refused.body.errorKey, 'VEC_CONNECTION_IN_USE');
  t.match(refused.body.msg, /^该数据源连接正被向量集合使用: 「订单」、「订单 2」、「订单 3」 等$/, `the first three are named (${refused.body.msg})`);
  t.ok(await db.dbConnection.findUnique({ where: { id: connection.id } }), 'the connection is still there');
  t.equal(await db.vector.count({ where: { dbId: connection.id } }), 4, 'and so are the collections');

  const ids = (await db.vector.findMany({ where: { dbId: connection.id }, select: { id: true }, orderBy: { id: 'asc' } })).map((v) => v.id);
  await api('DELETE', '/api/vectors', { ids: ids.slice(1) });
  const one = await api('DELETE', `/api/vectors/connections/${connection.id}`);
  t.equal(one.status, 409);
  t.equal(one.body.msg, '该数据源连接正被向量集合使用: 「订单」', 'one left: named alone');

  // A connection nobody reads from goes as before.
  const spare = (await api('POST', '/api/vectors/connections', { name: 'spare', ...source.settings })).data;
  t.same((await api('DELETE', `/api/vectors/connections/${spare.id}`)).data, { id: spare.id, deleted: true });

  await api('DELETE', '/api/vectors', { ids: ids.slice(0, 1) });
  t.same((await api('DELETE', `/api/vectors/connections/${connection.id}`)).data, { id: connection.id, deleted: true }, 'once its collections are gone, it goes');
});
