// Every search through the gateway is a system log of type `search` (issue 15 item 1), and the dashboard's
// daily count reads them: the whole path with the real gateway, auth, vectors and stats, and a collection
// built from the real MariaDB.
import t from 'tap';
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { until } from '@app/testing';
import { ADMIN_PASSWORD, startPlatform } from './platform.js';

const p = await startPlatform(t, { backends: ['vectors', 'stats'] });
const admin = await p.token('admin', ADMIN_PASSWORD);
const json = (body: object) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const call = async (method: string, path: string, body?: object) => {
  const res = await p.fetch(path, { method, token: admin, ...(body ? json(body) : {}) });
  return { status: res.status, body: await res.json() };
};

const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' });
const table = `search_log_${randomBytes(4).toString('hex')}`;
t.teardown(async () => {
  await conn.query(`DROP TABLE IF EXISTS \`${table}\``);
  await conn.end();
});
await conn.query(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, body VARCHAR(200))`);
await conn.query(`INSERT INTO \`${table}\` VALUES (1, 'pgvector keeps embeddings'), (2, 'Redis keeps queues')`);

t.test('searches are logged as type search and counted on the dashboard', async (t) => {
  const source = await call('POST', '/api/vectors/connections', { name: 'maria', type: 'mysql', host: '127.0.0.1', port: 3306, database: 'test', username: 'root', password: '' });
  t.equal(source.status, 201);
  const created = await call('POST', '/api/vectors/create', { title: 'logged', dbId: source.body.data.id, tableIds: [table], fieldKeys: [`${table}.body`] });
  t.equal(created.status, 202);
  await until(() => call('GET', `/api/vectors/${created.body.data.id}`), (r) => r.body.data.status === 'ready', 30_000, 'the collection built');

  for (const type of ['vector', 'keyword']) {
    const res = await call('POST', '/api/search/vector', { vectorId: created.body.data.id, query: 'redis queues', type, topK: 1 });
    t.equal(res.status, 200);
    t.equal(res.body.data.results[0].id, '2', `${type} search through the gateway`);
  }
  const logs = await until(() => p.auth.db.systemLog.findMany({ where: { type: 'search' } }), (rows) => rows.length === 2, 10_000, 'two search logs');
  t.same(logs.map((l) => l.action), ['VECTOR_SEARCH', 'VECTOR_SEARCH']);
  t.match(logs[0], { username: 'admin', status: 200, detail: { body: { query: 'redis queues' } } });
  t.equal(await p.auth.db.systemLog.count({ where: { type: 'operation', action: { contains: '/api/search' } } }), 0, 'not also as an operation');
  const dashboard = await call('GET', '/api/dashboard/stats');
  t.equal(dashboard.body.data.dailyQueries, 2, "today's searches on the dashboard");
});
