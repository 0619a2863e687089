// Reading sources for vector collections, against the real MariaDB and PostgreSQL of this machine: listings
// with estimates, fields with keys, plans checked with the culprit named, keyset pages that read every row
// exactly once, joins, templates, chunks, and the hash a sync compares. The same cases run on both dialects.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import t, { type Test } from 'tap';
import { createTestDatabase } from '@app/testing';
import type { CollectionPlan, SourceConnection, SourceDoc, SourcePage } from '../src/plugins/app/collection-plan.js';
import { openSource, type SourceSettings } from '../src/plugins/app/source-db.js';
import { planOf, type PlanRequest } from '../src/schemas/plan.js';

const TIMEOUT_MS = 3000;
const LONG = Array.from({ length: 40 }, (_, i) => `This is sentence ${i} of a long body.`).join(' ');
const WORDS = ['b', 'a10', 'a2', 'Z', 'é', 'm n', 'x-1', 'a', 'B2', 'zz'];

/** One source with this run's tables: names, how to run admin SQL on it, and how the reader reaches it. */
interface Fixture {
  settings: SourceSettings;
  names: { cust: string; ord: string; item: string; word: string; nopk: string; view: string; slow: string };
  exec(sql: string, params?: unknown[]): Promise<unknown>;
  /** Quoted table reference for admin SQL. */
  ref(tableId: string): string;
  p(n: number): string;
  types: { int: string; varchar100: string };
}

async function mariadbFixture(t: Test): Promise<Fixture> {
  const settings = { type: 'mysql', host: '127.0.0.1', port: 3306, database: 'test', username: 'root', password: '' };
  const conn = await mysql.createConnection({ host: settings.host, port: settings.port, user: 'root', database: 'test' });
  const s = randomBytes(4).toString('hex');
  const names = { cust: `src_cust_${s}`, ord: `src_ord_${s}`, item: `src_item_${s}`, word: `src_word_${s}`, nopk: `src_nopk_${s}`, view: `src_view_${s}`, slow: `src_slow_${s}` };
  t.teardown(async () => {
    for (const name of [names.view, names.slow]) await conn.query(`DROP VIEW IF EXISTS \`${name}\``);
    for (const name of [names.cust, names.ord, names.item, names.word, names.nopk]) await conn.query(`DROP TABLE IF EXISTS \`${name}\``);
    await conn.end();
  });
  const exec = (sql: string, params: unknown[] = []) => conn.query(sql, params);
  const q = (n: string) => `\`${n}\``;
  await exec(`CREATE TABLE ${q(names.cust)} (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL COMMENT 'customer name', email VARCHAR(100) UNIQUE, city VARCHAR(50)) COMMENT='customers'`);
  await exec(`CREATE TABLE ${q(names.ord)} (id INT PRIMARY KEY, customer_id INT, title VARCHAR(200) NOT NULL, body TEXT, amount DECIMAL(10,2), big BIGINT, updated_at DATETIME(3))`);
  await exec(`CREATE TABLE ${q(names.item)} (order_id INT NOT NULL, line INT NOT NULL, sku VARCHAR(20), PRIMARY KEY (order_id, line))`);
  await exec(`CREATE TABLE ${q(names.word)} (code VARCHAR(20) PRIMARY KEY, label VARCHAR(50))`);
  await exec(`CREATE TABLE ${q(names.nopk)} (a INT, b VARCHAR(50))`);
  await exec(`CREATE VIEW ${q(names.view)} AS SELECT id, title FROM ${q(names.ord)}`);
  await exec(`CREATE VIEW ${q(names.slow)} AS SELECT id, SLEEP(0.2) AS s FROM ${q(names.ord)}`);
  return { settings, names, exec, ref: q, p: () => '?', types: { int: 'int(11)', varchar100: 'varchar(100)' } };
}

async function postgresFixture(t: Test): Promise<Fixture> {
  const url = await createTestDatabase(t, { migrated: false });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  const names = { cust: 'cust', ord: 'ord', item: 'sales.item', word: 'word', nopk: 'nopk', view: 'ord_titles', slow: 'slow' };
  const exec = (sql: string, params: unknown[] = []) => client.query(sql, params);
  await exec(`CREATE TABLE cust (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(100) UNIQUE, city VARCHAR(50))`);
  await exec(`COMMENT ON TABLE cust IS 'customers'`);
  await exec(`COMMENT ON COLUMN cust.name IS 'customer name'`);
  await exec(`CREATE TABLE ord (id INT PRIMARY KEY, customer_id INT, title VARCHAR(200) NOT NULL, body TEXT, amount NUMERIC(10,2), big BIGINT, updated_at TIMESTAMP(3))`);
  await exec(`CREATE SCHEMA sales`);
  await exec(`CREATE TABLE sales.item (order_id INT NOT NULL, line INT NOT NULL, sku VARCHAR(20), PRIMARY KEY (order_id, line))`);
  await exec(`CREATE TABLE word (code VARCHAR(20) PRIMARY KEY, label VARCHAR(50))`);
  await exec(`CREATE TABLE nopk (a INT, b VARCHAR(50))`);
  await exec(`CREATE VIEW ord_titles AS SELECT id, title FROM ord`);
  await exec(`CREATE FUNCTION slowly(i INT) RETURNS INT LANGUAGE sql VOLATILE AS $$ SELECT pg_sleep(0.2); SELECT i $$`);
  await exec(`CREATE VIEW slow AS SELECT id, slowly(id) AS s FROM ord`);
  const ref = (id: string) => id.split('.').map((p) => `"${p}"`).join('.');
  return {
    settings: { type: 'postgres', host: '127.0.0.1', port: 5432, database: new URL(url).pathname.slice(1), username: 'postgres', password: '' },
    names, exec, ref, p: (n) => `$${n}`, types: { int: 'integer', varchar100: 'character varying(100)' },
  };
}

async function fill(f: Fixture) {
  const insert = async (table: string, rows: unknown[][]) => {
    for (const row of rows) await f.exec(`INSERT INTO ${f.ref(table)} VALUES (${row.map((_, i) => f.p(i + 1)).join(', ')})`, row);
  };
  await insert(f.names.cust, [[1, 'Ann', 'ann@example.com', 'Paris'], [2, 'Bob', null, 'Rome'], [3, 'Cai', 'cai@example.com', null]]);
  await insert(f.names.ord, Array.from({ length: 23 }, (_, k) => {
    const id = k + 1;
    return [id, (id % 3) + 1, `Order ${id}`, id === 5 ? LONG : null, id === 1 ? '12.50' : null, id === 1 ? '9007199254740993' : null, '2024-01-02 03:04:05.678'];
  }));
  await insert(f.names.item, [[1, 1, 'A'], [1, 2, 'B'], [1, 3, 'C'], [2, 1, 'D']]);
  await insert(f.names.word, WORDS.map((w) => [w, `label ${w}`]));
  await insert(f.names.nopk, [[1, 'x'], [2, 'y']]);
}

const plan = (tableIds: string[], fieldKeys: string[], joinConfig: PlanRequest['joinConfig'] = [], advancedConfig: PlanRequest['advancedConfig'] = {}): CollectionPlan =>
  planOf({ tableIds, fieldKeys, joinConfig, advancedConfig }, 'lexical-hash-384');

/** Every page from the start, `last` passed on through JSON as a build job stores it. */
async function readAll(source: SourceConnection, p: CollectionPlan, size: number): Promise<SourcePage[]> {
  const pages: SourcePage[] = [];
  let after: unknown[] | null = null;
  for (;;) {
    const page = await source.readPage(p, after, size);
    if (page.rows === 0) {
      if (page.last !== null) throw new Error('an empty page has no last key');
      return pages;
    }
    pages.push(page);
    after = JSON.parse(JSON.stringify(page.last));
  }
}
const docsOf = (pages: SourcePage[]) => pages.flatMap((p) => p.docs);
const byKey = (docs: SourceDoc[]) => new Map(docs.map((d) => [d.key, d]));

/** The error a promise rejects with: its code, status and message. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: string; statusCode?: number; message?: string };
    return { code: e.code, statusCode: e.statusCode, message: e.message ?? '' };
  }
  return null;
}

for (const [label, make] of [['MariaDB', mariadbFixture], ['PostgreSQL', postgresFixture]] as const) {
  t.test(label, async (t) => {
    const f = await make(t);
    await fill(f);
    const { cust, ord, item, word, nopk, view } = f.names;
    // Statistics first, as the wizard's users would have them on a live database.
    if (f.settings.type === 'mysql') for (const n of [cust, ord, item, word, nopk]) await f.exec(`ANALYZE TABLE ${f.ref(n)}`);
    else for (const n of [cust, ord, item, word]) await f.exec(`ANALYZE ${f.ref(n)}`);
    const source = await openSource(f.settings, TIMEOUT_MS);
    t.teardown(() => source.close());

    t.test('tables: base tables and views with estimates and comments', async (t) => {
      const tables = await source.listTables();
      const find = (id: string) => tables.find((x) => x.id === id);
      for (const id of [cust, ord, item, word, nopk, view]) t.ok(find(id), `lists ${id}`);
      if (f.settings.type === 'postgres') {
        t.same(find(ord), { id: 'ord', name: 'ord', schema: 'public', rowEstimate: 23 }, 'public: the bare name, the analysed count');
        t.match(find(item), { id: 'sales.item', name: 'item', schema: 'sales', rowEstimate: 4 }, 'another schema: schema.table');
        t.equal(find(nopk)!.rowEstimate, -1, 'never analysed: -1, not 0');
        t.same([...new Set(tables.map((x) => x.schema))].sort(), ['public', 'sales'], 'no system schema');
      } else {
        t.ok(find(ord)!.rowEstimate >= 15 && find(ord)!.rowEstimate <= 40, `an estimate near 23: ${find(ord)!.rowEstimate}`);
      }
      t.equal(find(cust)!.comment, 'customers');
      t.equal(find(view)!.rowEstimate, -1, 'a view has no statistics');
      t.equal(await source.estimateRows(plan([nopk], [`${nopk}.b`], [], { primaryKey: [`${nopk}.a`] })), 2, 'no estimate: rows are counted for progress');
    });

    t.test('fields: types, nullability, keys, comments', async (t) => {
      const fields = await source.listFields(cust);
      t.same(fields.map((x) => x.key), [`${cust}.id`, `${cust}.name`, `${cust}.email`, `${cust}.city`], 'key = tableId.column, in column order');
      t.match(fields[0], { table: cust, column: 'id', type: f.types.int, nullable: false, primaryKey: true, unique: true });
      t.match(fields[1], { column: 'name', type: f.types.varchar100, nullable: false, primaryKey: false, unique: false, comment: 'customer name' });
      t.match(fields[2], { column: 'email', nullable: true, primaryKey: false, unique: true }, 'a single-column unique constraint');
      const items = await source.listFields(item);
      t.same(items.map((x) => [x.key, x.primaryKey, x.unique]), [[`${item}.order_id`, true, false], [`${item}.line`, true, false], [`${item}.sku`, false, false]], 'composite primary key: both key columns, neither unique alone');
      t.match(await failure(source.listFields('no_such_table')), { code: 'VEC_SOURCE_TABLE_NOT_FOUND', statusCode: 400, message: /no_such_table/ });
    });

    t.test('keyset pages read every row exactly once', async (t) => {
      const orders = plan([ord], [`${ord}.title`]);
      const pages = await readAll(source, orders, 5);
      t.same(pages.map((p) => p.rows), [5, 5, 5, 5, 3], 'a page size that does not divide the count');
      const keys = docsOf(pages).map((d) => d.key);
      t.same(keys, Array.from({ length: 23 }, (_, i) => String(i + 1)), 'in key order, no gap, no repeat');
      t.same(pages.at(-1)!.last, [23]);

      const words = await readAll(source, plan([word], [`${word}.label`]), 3);
      const wordKeys = docsOf(words).map((d) => d.key);
      t.same([...wordKeys].sort(), [...WORDS].sort(), 'text primary keys: each once');
      t.equal(new Set(wordKeys).size, WORDS.length);

      const lines = await readAll(source, plan([item], [`${item}.sku`]), 3);
      t.same(docsOf(lines).map((d) => d.key), ['[1,1]', '[1,2]', '[1,3]', '[2,1]'], 'composite key: a JSON array, row-value pages');
      t.same(lines.map((p) => p.last), [[1, 3], [2, 1]]);

      t.same(await source.readPage(orders, [23], 5), { docs: [], rows: 0, last: null }, 'past the end');
      const fromKey = await source.readPage(orders, [20], 100);
      t.same(fromKey.docs.map((d) => d.key), ['21', '22', '23'], 'after a key, not after an offset');
    });

    t.test('the default text, metadata, exact values', async (t) => {
      const p = await source.validate(plan([ord], [`${ord}.title`, `${ord}.amount`, `${ord}.big`, `${ord}.updated_at`, `${ord}.body`]));
      t.same(p.advanced.primaryKey, [`${ord}.id`], 'the primary key, from the source');
      t.match(p.advanced, { chunkSize: 1000, pageSize: 500, metric: 'cosine', hnsw: { m: 16, efConstruction: 64 }, embeddingModel: 'lexical-hash-384' });
      const [first] = (await source.readPage(p, null, 1)).docs;
      t.equal(first!.content, 'title: Order 1\namount: 12.50\nbig: 9007199254740993\nupdated_at: 2024-01-02 03:04:05.678', 'column: value lines; the empty body skipped');
      t.same(first!.metadata, { title: 'Order 1', amount: '12.50', big: '9007199254740993', updated_at: '2024-01-02 03:04:05.678', body: null }, 'decimal and bigint exact, as strings');
      t.match(first!.hash, /^[0-9a-f]{64}$/);
    });

    t.test('a many-to-one join: one doc per main row, the joined values in it', async (t) => {
      const p = plan([ord, cust], [`${ord}.title`, `${cust}.name`, `${cust}.city`], [{ left: `${ord}.customer_id`, right: `${cust}.id`, type: 'left' }], {
        template: '{{title}} for {{name}} in {{ ' + cust + '.city }}',
      });
      const docs = docsOf(await readAll(source, p, 4));
      t.equal(docs.length, 23, 'no row multiplied, none lost');
      const keyed = byKey(docs);
      t.equal(keyed.get('1')!.content, 'Order 1 for Bob in Rome');
      t.equal(keyed.get('2')!.content, 'Order 2 for Cai in', 'a null renders empty (and the text is trimmed)');
      t.same(keyed.get('1')!.metadata, { title: 'Order 1', name: 'Bob', city: 'Rome' });
      const reversed = plan([ord, cust], [`${ord}.title`, `${cust}.name`], [{ left: `${cust}.id`, right: `${ord}.customer_id`, type: 'inner' }]);
      t.equal((await source.readPage(reversed, null, 3)).docs[0]!.content, 'title: Order 1\nname: Bob', 'a join written the other way round works too');
    });

    t.test('a one-to-many join: a doc per joined row, keyed main#joined, never split across pages', async (t) => {
      const join = { left: `${ord}.id`, right: `${item}.order_id`, type: 'left' as const };
      const p = plan([ord, item], [`${ord}.title`, `${item}.sku`], [join]);
      const first = await source.readPage(p, null, 2);
      t.equal(first.rows, 2, 'two main rows');
      t.same(first.docs.map((d) => d.key), ['1#[1,1]', '1#[1,2]', '1#[1,3]', '2#[2,1]'], 'all of order 1’s items in the page');
      t.equal(first.docs[1]!.content, 'title: Order 1\nsku: B');
      const all = docsOf(await readAll(source, p, 2));
      t.equal(all.length, 4 + 21, 'orders without items: one doc each (left join)');
      t.ok(all.some((d) => d.key === '3'), 'no items: no suffix');
      t.equal(new Set(all.map((d) => d.key)).size, all.length, 'keys unique');

      const inner = docsOf(await readAll(source, plan([ord, item], [`${ord}.title`, `${item}.sku`], [{ ...join, type: 'inner' }]), 5));
      t.same(inner.map((d) => d.key), ['1#[1,1]', '1#[1,2]', '1#[1,3]', '2#[2,1]'], 'inner join: orders without items drop out');
    });

    t.test('a long text is chunked: key, key~2, key~3…', async (t) => {
      const p = plan([ord], [`${ord}.body`], [], { chunkSize: 100 });
      const docs = (await source.readPage(p, [4], 1)).docs;
      t.ok(docs.length >= 8, `${docs.length} chunks`);
      t.same(docs.map((d) => d.key), docs.map((_, i) => (i === 0 ? '5' : `5~${i + 1}`)));
      for (const d of docs) t.ok(d.content.length <= 100);
      t.equal(docs.map((d) => d.content).join(' '), `body: ${LONG}`);
    });

    t.test('the hash changes when the row changes, only then', async (t) => {
      const p = plan([ord], [`${ord}.title`]);
      const before = byKey(docsOf(await readAll(source, p, 10)));
      await f.exec(`UPDATE ${f.ref(ord)} SET title = ${f.p(1)} WHERE id = 7`, ['Order seven']);
      const after = byKey(docsOf(await readAll(source, p, 10)));
      t.not(after.get('7')!.hash, before.get('7')!.hash, 'the changed row');
      t.same([...after.values()].filter((d) => d.hash !== before.get(d.key)!.hash).map((d) => d.key), ['7'], 'no other');

      const timed = plan([ord], [`${ord}.title`], [], { updatedAtField: `${ord}.updated_at` });
      const hashOf8 = async () => (await source.readPage(timed, [7], 1)).docs[0]!.hash;
      const h0 = await hashOf8();
      await f.exec(`UPDATE ${f.ref(ord)} SET title = ${f.p(1)} WHERE id = 8`, ['Order eight']);
      t.equal(await hashOf8(), h0, 'with updatedAtField: a change that does not touch it is not seen');
      await f.exec(`UPDATE ${f.ref(ord)} SET updated_at = ${f.p(1)} WHERE id = 8`, ['2025-06-07 08:09:10.111']);
      t.not(await hashOf8(), h0, 'a newer updated_at is');
    });

    t.test('a plan that does not fit the source: a 400 naming the culprit', async (t) => {
      const join = { left: `${ord}.customer_id`, right: `${cust}.id`, type: 'left' as const };
      const cases: [string, CollectionPlan, string, string][] = [
        ['unknown table', plan(['no_such_table'], ['no_such_table.x']), 'VEC_SOURCE_TABLE_NOT_FOUND', 'no_such_table'],
        ['a table twice', plan([ord, ord], [`${ord}.title`]), 'VEC_PLAN_TABLE_REPEATED', ord],
        ['unknown field', plan([ord], [`${ord}.nope`]), 'VEC_SOURCE_FIELD_NOT_FOUND', `${ord}.nope`],
        ['a field of a table not chosen', plan([ord], [`${ord}.title`, `${cust}.name`]), 'VEC_PLAN_FIELD_OUTSIDE_TABLES', `${cust}.name`],
        ['a join on a missing column', plan([ord, cust], [`${ord}.title`], [{ ...join, right: `${cust}.nope` }]), 'VEC_SOURCE_FIELD_NOT_FOUND', `${cust}.nope`],
        ['a join to a table not in the plan', plan([ord, cust], [`${ord}.title`], [join, { left: `${ord}.id`, right: `${item}.order_id`, type: 'left' }]), 'VEC_PLAN_FIELD_OUTSIDE_TABLES', `${item}.order_id`],
        ['a table no join reaches', plan([ord, cust], [`${ord}.title`]), 'VEC_PLAN_JOIN_MISSING', cust],
        ['a join of a table to itself', plan([ord, cust], [`${ord}.title`], [join, { left: `${ord}.id`, right: `${ord}.customer_id`, type: 'left' }]), 'VEC_PLAN_JOIN_INVALID', `${ord}.id`],
        ['a main table without a primary key', plan([nopk], [`${nopk}.b`]), 'VEC_PLAN_NO_PRIMARY_KEY', nopk],
        ['a view as main table', plan([view], [`${view}.title`]), 'VEC_PLAN_NO_PRIMARY_KEY', view],
        ['a one-to-many join to a table without one', plan([ord, nopk], [`${ord}.title`], [{ left: `${ord}.id`, right: `${nopk}.a`, type: 'left' }]), 'VEC_PLAN_NO_PRIMARY_KEY', nopk],
        ['a primary key outside the main table', plan([ord, cust], [`${ord}.title`], [join], { primaryKey: [`${cust}.id`] }), 'VEC_PLAN_FIELD_NOT_IN_MAIN_TABLE', `${cust}.id`],
        ['updatedAtField outside the main table', plan([ord, cust], [`${ord}.title`], [join], { updatedAtField: `${cust}.city` }), 'VEC_PLAN_FIELD_NOT_IN_MAIN_TABLE', `${cust}.city`],
        ['updatedAtField unknown', plan([ord], [`${ord}.title`], [], { updatedAtField: `${ord}.changed` }), 'VEC_SOURCE_FIELD_NOT_FOUND', `${ord}.changed`],
        ['metadata not chosen', plan([ord], [`${ord}.title`], [], { metadataFields: [`${ord}.amount`] }), 'VEC_PLAN_FIELD_NOT_CHOSEN', `${ord}.amount`],
        ['a template field not chosen', plan([ord], [`${ord}.title`], [], { template: '{{title}} {{amount}}' }), 'VEC_PLAN_FIELD_NOT_CHOSEN', 'amount'],
      ];
      for (const [what, p, code, culprit] of cases) {
        const err = await failure(source.validate(p));
        t.match(err, { code, statusCode: 400 }, what);
        t.ok(err?.message.includes(culprit), `${what}: "${err?.message}" names ${culprit}`);
        t.match(await failure(source.readPage(p, null, 5)), { code }, `${what}: reading refuses it too`);
      }
    });

    t.test('a chosen primary key makes a table without one readable', async (t) => {
      const p = plan([nopk], [`${nopk}.b`], [], { primaryKey: [`${nopk}.a`] });
      t.same((await source.validate(p)).advanced.primaryKey, [`${nopk}.a`]);
      t.same(docsOf(await readAll(source, p, 1)).map((d) => [d.key, d.content]), [['1', 'b: x'], ['2', 'b: y']]);
    });

    t.test('a join on a unique key brings one row; any other join needs the joined table’s key', async (t) => {
      const p = plan([ord, view], [`${ord}.title`, `${view}.title`], [{ left: `${ord}.id`, right: `${view}.id`, type: 'left' }]);
      // A view declares no unique column: a join to it may multiply rows, so it must name a key.
      t.match(await failure(source.validate(p)), { code: 'VEC_PLAN_NO_PRIMARY_KEY', message: new RegExp(view) });
      const onKey = plan([cust, ord], [`${cust}.name`, `${ord}.title`], [{ left: `${cust}.id`, right: `${ord}.id`, type: 'inner' }]);
      t.same((await source.readPage(onKey, null, 1)).docs.map((d) => d.key), ['1'], 'joined on its primary key: one row, no suffix');
    });

    t.test('a query that outlasts the timeout fails, in time', async (t) => {
      const impatient = await openSource(f.settings, 1000);
      t.teardown(() => impatient.close());
      const started = Date.now();
      const err = await failure(impatient.readPage(plan([f.names.slow], [`${f.names.slow}.s`], [], { primaryKey: [`${f.names.slow}.id`] }), null, 23));
      t.match(err, { code: 'VEC_SOURCE_QUERY_FAILED', statusCode: 400 }, String(err?.message));
      t.ok(Date.now() - started < 2500, `gave up after ${Date.now() - started} ms`);
    });
  });
}

t.test('bad credentials and unreachable sources: ConnectionFailedError (400) with the driver’s reason', async (t) => {
  const cases: [SourceSettings, RegExp][] = [
    [{ type: 'mysql', host: '127.0.0.1', port: 3306, database: 'test', username: 'root', password: 'wrong-password' }, /Access denied/],
    [{ type: 'postgres', host: '127.0.0.1', port: 5432, database: 'no_such_db_xl', username: 'postgres', password: '' }, /does not exist/],
    [{ type: 'mysql', host: '127.0.0.1', port: 9, database: 'test', username: 'root', password: '' }, /ECONNREFUSED/],
  ];
  for (const [settings, reason] of cases) {
    const err = await failure(openSource(settings, 1500));
    t.match(err, { code: 'VEC_CONNECTION_FAILED', statusCode: 400, message: reason }, `${settings.type} ${settings.database}:${settings.port}`);
  }
});
