// The collection wizard's routes on the real app (api.md "Vectors"): saved connections, a source's tables and
// fields, and the preview of what would be embedded — every bad input a 4xx in the envelope, vector:manage only.
import t from 'tap';
import { MARIADB, mariadbTables, vectorsApp, viewer } from './vectors-harness.js';

const { api } = await vectorsApp(t, 'vectors-wizard');
const { conn, table } = await mariadbTables(t);
const posts = await table('wiz_post', "id INT PRIMARY KEY, title VARCHAR(100) NOT NULL COMMENT 'headline', body TEXT, author_id INT");
const authors = await table('wiz_author', 'id INT PRIMARY KEY, name VARCHAR(50)');
await conn.query(`INSERT INTO \`${authors}\` VALUES (1, 'Ann'), (2, 'Bob')`);
await conn.query(`INSERT INTO \`${posts}\` VALUES ${Array.from({ length: 12 }, (_, i) => `(${i + 1}, 'Post ${i + 1}', 'Text ${i + 1}', ${(i % 2) + 1})`).join(', ')}`);
await conn.query(`ANALYZE TABLE \`${posts}\`, \`${authors}\``);

const saved = await api('POST', '/api/vectors/connections', { name: 'blog', ...MARIADB });
const dbId = saved.data.id as number;
const broken = (await api('POST', '/api/vectors/connections', { name: 'broken', ...MARIADB, password: 'wrong-password' })).data.id as number;

const preview = (body: Record<string, unknown>) => api('POST', '/api/vectors/wizard/preview', { dbId, tableIds: [posts], fieldKeys: [`${posts}.title`], ...body });

t.test('databases: the saved connections, no secrets', async (t) => {
  const res = await api('GET', '/api/vectors/wizard/databases');
  t.equal(res.status, 200);
  t.same(res.data, [
    { id: dbId, name: 'blog', type: 'mysql', database: 'test', host: '127.0.0.1' },
    { id: broken, name: 'broken', type: 'mysql', database: 'test', host: '127.0.0.1' },
  ]);
});

t.test('tables and fields of a source', async (t) => {
  const tables = await api('GET', `/api/vectors/wizard/tables?dbId=${dbId}`);
  t.equal(tables.status, 200);
  const post = tables.data.find((x: { id: string }) => x.id === posts);
  t.match(post, { id: posts, name: posts, rowEstimate: Number });
  t.ok(post.rowEstimate > 0, 'with an estimate');

  const fields = await api('GET', `/api/vectors/wizard/fields?dbId=${dbId}&tableId=${posts}`);
  t.equal(fields.status, 200);
  t.same(fields.data.map((f: { key: string }) => f.key), ['id', 'title', 'body', 'author_id'].map((c) => `${posts}.${c}`));
  t.match(fields.data[1], { column: 'title', type: 'varchar(100)', nullable: false, primaryKey: false, comment: 'headline' });

  t.match(await api('GET', `/api/vectors/wizard/fields?dbId=${dbId}&tableId=nope`), { status: 400, body: { errorKey: 'VEC_SOURCE_TABLE_NOT_FOUND', msg: /nope/ } });
  t.match(await api('GET', '/api/vectors/wizard/tables?dbId=999999'), { status: 404, body: { errorKey: 'VEC_CONNECTION_NOT_FOUND' } });
  t.match(await api('GET', `/api/vectors/wizard/tables?dbId=${broken}`), { status: 400, body: { errorKey: 'VEC_CONNECTION_FAILED', msg: /Access denied/ } });
  t.equal((await api('GET', '/api/vectors/wizard/tables')).status, 400, 'dbId required');
  t.equal((await api('GET', '/api/vectors/wizard/tables?dbId=abc')).status, 400);
  t.equal((await api('GET', `/api/vectors/wizard/fields?dbId=${dbId}`)).status, 400, 'tableId required');
});

t.test('preview: the text the first rows would be embedded as', async (t) => {
  const res = await preview({
    tableIds: [posts, authors],
    fieldKeys: [`${posts}.title`, `${authors}.name`, `${posts}.body`],
    joinConfig: [{ left: `${posts}.author_id`, right: `${authors}.id`, type: 'left' }],
    limit: 3,
  });
  t.equal(res.status, 200);
  t.same(res.data.rows, [
    { key: '1', content: 'title: Post 1\nname: Ann\nbody: Text 1', metadata: { title: 'Post 1', name: 'Ann', body: 'Text 1' } },
    { key: '2', content: 'title: Post 2\nname: Bob\nbody: Text 2', metadata: { title: 'Post 2', name: 'Bob', body: 'Text 2' } },
    { key: '3', content: 'title: Post 3\nname: Ann\nbody: Text 3', metadata: { title: 'Post 3', name: 'Ann', body: 'Text 3' } },
  ]);
  t.ok(res.data.rowEstimate > 0);

  const templated = await preview({ advancedConfig: { template: '# {{title}}', metadataFields: [], updatedAtField: null } });
  t.same(templated.data.rows.map((r: { content: string }) => r.content), [1, 2, 3, 4, 5].map((i) => `# Post ${i}`), 'five rows by default');
  t.same(templated.data.rows[0].metadata, {}, 'no metadata fields, no metadata');
});

t.test('preview: a bad plan is a 4xx naming what is wrong', async (t) => {
  t.match(await preview({ fieldKeys: [`${posts}.nope`] }), { status: 400, body: { errorKey: 'VEC_SOURCE_FIELD_NOT_FOUND', msg: new RegExp(`${posts}\\.nope`) } });
  t.match(await preview({ tableIds: [posts, authors] }), { status: 400, body: { errorKey: 'VEC_PLAN_JOIN_MISSING', msg: new RegExp(authors) } });
  for (const [what, body] of [
    ['no table', { tableIds: [] }],
    ['nine tables', { tableIds: Array.from({ length: 9 }, (_, i) => `t${i}`) }],
    ['no field', { fieldKeys: [] }],
    ['a join type', { joinConfig: [{ left: `${posts}.author_id`, right: `${authors}.id`, type: 'cross' }] }],
    ['a chunk size too small', { advancedConfig: { chunkSize: 10 } }],
    ['a metric', { advancedConfig: { metric: 'manhattan' } }],
    ['an hnsw m', { advancedConfig: { hnsw: { m: 1000 } } }],
    ['a limit', { limit: 21 }],
    ['a dbId', { dbId: 'x' }],
  ] as const) {
    const res = await preview(body);
    t.equal(res.status, 400, `${what}: 400`);
    t.equal(res.body.errorKey, 'VALIDATION_FAILED', what);
  }
  t.match(await preview({ dbId: 999999 }), { status: 404, body: { errorKey: 'VEC_CONNECTION_NOT_FOUND' } });
});

t.test('vector:manage only', async (t) => {
  for (const [method, path] of [
    ['GET', '/api/vectors/wizard/databases'], ['GET', `/api/vectors/wizard/tables?dbId=${dbId}`],
    ['GET', `/api/vectors/wizard/fields?dbId=${dbId}&tableId=${posts}`], ['POST', '/api/vectors/wizard/preview'],
  ] as const) {
    const res = await api(method, path, method === 'POST' ? { dbId, tableIds: [posts], fieldKeys: [`${posts}.title`] } : undefined, viewer);
    t.equal(res.status, 403, `viewer: ${method} ${path}`);
  }
});
