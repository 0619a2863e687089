// Dify's external knowledge API through the gateway (issue 15 item 3): reachable with a knowledge-base API key
// and no user token, Dify's own body shapes and HTTP statuses on the wire, also with API_ERROR_STATUS=ok.
import t from 'tap';
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { until } from '@app/testing';
import { ADMIN_PASSWORD, startPlatform } from './platform.js';

const p = await startPlatform(t, { backends: ['vectors'], env: { API_ERROR_STATUS: 'ok' } });
const admin = await p.token('admin', ADMIN_PASSWORD);
const json = (body: object) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const call = async (method: string, path: string, body?: object) => {
  const res = await p.fetch(path, { method, token: admin, ...(body ? json(body) : {}) });
  return { status: res.status, body: await res.json() };
};

const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' });
const table = `dify_${randomBytes(4).toString('hex')}`;
t.teardown(async () => {
  await conn.query(`DROP TABLE IF EXISTS \`${table}\``);
  await conn.end();
});
await conn.query(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, body VARCHAR(200))`);
await conn.query(`INSERT INTO \`${table}\` VALUES (1, 'pgvector keeps embeddings'), (2, 'Redis keeps queues')`);

t.test('Dify retrieves through the gateway with a knowledge-base key only', async (t) => {
  const source = await call('POST', '/api/vectors/connections', { name: 'maria', type: 'mysql', host: '127.0.0.1', port: 3306, database: 'test', username: 'root', password: '' });
  const created = await call('POST', '/api/vectors/create', { title: 'dify', dbId: source.body.data.id, tableIds: [table], fieldKeys: [`${table}.body`] });
  await until(() => call('GET', `/api/vectors/${created.body.data.id}`), (r) => r.body.data.status === 'ready', 30_000, 'the collection built');
  const kb = await call('POST', '/api/kb/config', { name: 'dify', vectorIds: [created.body.data.id], retrievalConfig: { type: 'keyword', topK: 3, scoreThreshold: 0 } });
  t.equal(kb.body.code, 200);
  const key = (await call('POST', `/api/kb/config/${kb.body.data.id}/keys`, { name: 'dify' })).body.data.key as string;

  const dify = (body: object, authorization?: string) =>
    fetch(`${p.url}/api/kb/dify/retrieval`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
  const ask = { knowledge_id: String(kb.body.data.id), query: 'redis queues', retrieval_setting: { top_k: 1, score_threshold: 0 } };

  const ok = await dify(ask, `Bearer ${key}`);
  t.equal(ok.status, 200);
  const body = await ok.json();
  t.same(Object.keys(body), ['records'], 'the raw Dify answer, no envelope');
  t.match(body.records, [{ content: 'Redis keeps queues', score: Number, title: 'dify #2', metadata: {} }]);

  const missing = await dify(ask);
  t.equal(missing.status, 403, 'the real status, though /api errors are sent as 200 on this platform');
  t.same(await missing.json(), { error_code: 1001, error_msg: "Invalid Authorization header format. Expected 'Bearer <api-key>' format." });
  const wrong = await dify(ask, 'Bearer kb-not-a-key');
  t.equal(wrong.status, 403);
  t.equal((await wrong.json()).error_code, 1002);
  const noKb = await dify({ ...ask, knowledge_id: '987654' }, `Bearer ${key}`);
  t.equal(noKb.status, 404);
  t.same(await noKb.json(), { error_code: 2001, error_msg: 'The knowledge does not exist' });
  const userToken = await dify(ask, `Bearer ${admin}`);
  t.equal((await userToken.json()).error_code, 1002, 'a user token is not a knowledge-base key');

  const plain = await p.fetch('/api/kb/config/987654', { token: admin });
  t.equal(plain.status, 200, 'other /api errors still leave as 200 with the code in the envelope');
  t.equal((await plain.json()).code, 404);
});
