// Knowledge bases (issue 15 item 3): configuration, retrieval fused across two collections built from the real
// MariaDB, skipped collections, API keys (shown once, listed masked, revoked) and Dify's external knowledge API.
import t from 'tap';
import { mariadbTables, MARIADB, vectorsApp, viewer } from './vectors-harness.js';

const { app, api, settled, db } = await vectorsApp(t, 'vectors-kb');
const my = await mariadbTables(t);
const tech = await my.table('tech', 'id INT PRIMARY KEY, body TEXT NOT NULL, topic VARCHAR(20) NOT NULL');
const food = await my.table('food', 'id INT PRIMARY KEY, body TEXT NOT NULL, topic VARCHAR(20) NOT NULL');
await my.conn.query(`INSERT INTO \`${tech}\` (id, body, topic) VALUES ?`, [[
  [1, 'pgvector adds a vector type and HNSW indexes to PostgreSQL', 'db'],
  [2, 'Redis keeps queues for background jobs', 'queue'],
  [3, 'BullMQ schedules repeatable jobs with cron patterns', 'queue'],
  [4, 'apple silicon laptops build the platform fast', 'hardware'],
]]);
await my.conn.query(`INSERT INTO \`${food}\` (id, body, topic) VALUES ?`, [[
  [1, 'apple pie with apple slices and cinnamon', 'dessert'],
  [2, 'banana bread needs ripe bananas', 'bread'],
  [3, 'an apple a day', 'fruit'],
]]);

const connection = (await api('POST', '/api/vectors/connections', { name: 'maria', ...MARIADB })).data;
async function collection(title: string, table: string) {
  const created = await api('POST', '/api/vectors/create', {
    title, dbId: connection.id, tableIds: [table], fieldKeys: [`${table}.body`, `${table}.topic`],
    advancedConfig: { template: '{{body}}', metadataFields: [`${table}.topic`] },
  });
  const built = await settled(created.data.taskId);
  if (built.status !== 'completed') throw new Error(`${title} did not build: ${built.error}`);
  return created.data.id as number;
}
const techId = await collection('tech', tech);
const foodId = await collection('food', food);
const keywordConfig = { type: 'keyword', topK: 5, scoreThreshold: 0 };

t.test('config CRUD, validation and permissions', async (t) => {
  const made = await api('POST', '/api/kb/config', { name: ' both ', description: 'tech and food', vectorIds: [techId, foodId], retrievalConfig: keywordConfig });
  t.equal(made.status, 201);
  t.match(made.data, { name: 'both', description: 'tech and food', vectorIds: [techId, foodId], retrievalConfig: keywordConfig, createdBy: 1 });
  const id = made.data.id;

  const unknown = await api('POST', '/api/kb/config', { name: 'x', vectorIds: [techId, 999998, 999999], retrievalConfig: keywordConfig });
  t.equal(unknown.status, 400);
  t.equal(unknown.body.errorKey, 'KB_VECTORS_NOT_FOUND');
  t.match(unknown.body.msg, /999998, 999999/, 'the unknown ids are named');
  t.equal((await api('POST', '/api/kb/config', { name: 'x', vectorIds: [techId], retrievalConfig: { ...keywordConfig, type: 'fuzzy' } })).status, 400);
  t.equal((await api('POST', '/api/kb/config', { name: 'x', vectorIds: [], retrievalConfig: keywordConfig })).status, 400, 'at least one collection');

  const put = await api('PUT', `/api/kb/config/${id}`, { name: 'both2', vectorIds: [foodId], retrievalConfig: { type: 'hybrid', topK: 3, scoreThreshold: 0.1 } });
  t.equal(put.status, 200);
  t.match(put.data, { name: 'both2', description: null, vectorIds: [foodId], retrievalConfig: { type: 'hybrid', topK: 3, scoreThreshold: 0.1 } });
  t.equal((await api('PUT', `/api/kb/config/${id}`, { name: 'x', vectorIds: [424242], retrievalConfig: keywordConfig })).status, 400);
  t.equal((await api('PUT', '/api/kb/config/987654', { name: 'x', vectorIds: [foodId], retrievalConfig: keywordConfig })).body.errorKey, 'KB_NOT_FOUND');

  t.match((await api('GET', `/api/kb/config/${id}`)).data, { id, name: 'both2' });
  const list = await api('GET', '/api/kb/config?current=1&size=10&keyword=BOTH2');
  t.match(list.data, { total: 1, current: 1, size: 10, records: [{ id }] });
  t.equal((await api('GET', '/api/kb/config?keyword=nothing-like-it')).data.total, 0);

  t.equal((await api('GET', '/api/kb/config', undefined, viewer)).status, 200, 'a viewer may list');
  t.equal((await api('POST', '/api/kb/config', { name: 'v', vectorIds: [techId], retrievalConfig: keywordConfig }, viewer)).status, 403, 'but not create');
  t.equal((await api('PUT', `/api/kb/config/${id}`, { name: 'v', vectorIds: [techId], retrievalConfig: keywordConfig }, viewer)).status, 403);
  t.equal((await api('DELETE', `/api/kb/config/${id}`, undefined, viewer)).status, 403);
  t.equal((await api('POST', `/api/kb/config/${id}/keys`, { name: 'k' }, viewer)).status, 403);

  t.equal((await api('DELETE', `/api/kb/config/${id}`)).status, 200);
  t.equal((await api('GET', `/api/kb/config/${id}`)).status, 404);
  t.equal((await api('DELETE', `/api/kb/config/${id}`)).status, 404);
});

t.test('retrieval fuses the collections, topK and threshold from the config unless given', async (t) => {
  const kb = (await api('POST', '/api/kb/config', { name: 'fused', vectorIds: [techId, foodId], retrievalConfig: { type: 'keyword', topK: 2, scoreThreshold: 0 } })).data;
  const res = await api('POST', '/api/kb/retrieval', { kbId: kb.id, query: 'apple' });
  t.equal(res.status, 200);
  t.match(res.data, { skipped: [], tookMs: Number });
  const got = res.data.results.map((r: { vectorId: number; id: string }) => `${r.vectorId}:${r.id}`);
  // The best of each collection scores 1 after normalisation: both firsts lead, whatever their raw scales.
  t.equal(got.length, 2, "the knowledge base's topK");
  t.same(new Set(got), new Set([`${techId}:4`, `${foodId}:1`]), 'the best row of each collection');
  t.same(res.data.results.map((r: { score: number }) => r.score), [1, 1]);
  const first = res.data.results.find((r: { vectorId: number }) => r.vectorId === foodId);
  t.match(first, { content: 'apple pie with apple slices and cinnamon', metadata: { topic: 'dessert' } });
  t.same(first.highlights.map((h: { start: number; end: number }) => first.content.slice(h.start, h.end)), ['apple', 'apple']);

  const all = await api('POST', '/api/kb/retrieval', { kbId: kb.id, query: 'apple', topK: 10 });
  const keys = all.data.results.map((r: { vectorId: number; id: string }) => `${r.vectorId}:${r.id}`);
  t.same(keys.slice(2), [`${foodId}:3`], 'then the rest by normalised score; rows without the word never');
  t.ok(all.data.results[2].score < 1 && all.data.results[2].score > 0);

  const queues = await api('POST', '/api/kb/retrieval', { kbId: kb.id, query: 'jobs queues', topK: 10 });
  t.same(queues.data.results.map((r: { vectorId: number; id: string }) => `${r.vectorId}:${r.id}`), [`${techId}:2`, `${techId}:3`], 'a collection with no match adds nothing');

  await api('PUT', `/api/kb/config/${kb.id}`, { name: 'fused', vectorIds: [techId, foodId], retrievalConfig: { type: 'keyword', topK: 10, scoreThreshold: 0.99 } });
  const strict = await api('POST', '/api/kb/retrieval', { kbId: kb.id, query: 'apple' });
  t.ok(strict.data.results.length < all.data.results.length, 'the threshold of the config drops the weaker rows');
  t.equal((await api('POST', '/api/kb/retrieval', { kbId: 999999, query: 'apple' })).status, 404);
  t.equal((await api('POST', '/api/kb/retrieval', { kbId: kb.id, query: 'apple' }, viewer)).status, 200, 'a viewer holds kb:retrieval');
});

t.test('a disabled, building or deleted collection is skipped and named', async (t) => {
  const extra = await collection('extra', food);
  const kb = (await api('POST', '/api/kb/config', { name: 'skips', vectorIds: [techId, foodId, extra], retrievalConfig: keywordConfig })).data;
  await db.vector.update({ where: { id: foodId }, data: { isEnabled: false } });
  await db.vector.update({ where: { id: extra }, data: { status: 'building' } });
  t.teardown(() => db.vector.update({ where: { id: foodId }, data: { isEnabled: true } }));
  const res = await api('POST', '/api/kb/retrieval', { kbId: kb.id, query: 'apple' });
  t.equal(res.status, 200);
  t.same(res.data.results.map((r: { vectorId: number }) => r.vectorId), [techId]);
  t.same(res.data.skipped, [{ vectorId: foodId, title: 'food', reason: 'disabled' }, { vectorId: extra, title: 'extra', reason: 'not-ready' }]);
  await db.vector.delete({ where: { id: extra } });
  const gone = await api('POST', '/api/kb/retrieval', { kbId: kb.id, query: 'apple' });
  t.same(gone.data.skipped.map((s: { reason: string }) => s.reason), ['disabled', 'missing']);
});

t.test('API keys: shown once, listed masked, hashed, revoked', async (t) => {
  const kb = (await api('POST', '/api/kb/config', { name: 'keyed', vectorIds: [foodId], retrievalConfig: keywordConfig })).data;
  const made = await api('POST', `/api/kb/config/${kb.id}/keys`, { name: 'dify' });
  t.equal(made.status, 201);
  const key: string = made.data.key;
  t.match(key, /^kb-[A-Za-z0-9_-]{43}$/);
  t.equal(made.data.masked, `${key.slice(0, 6)}…${key.slice(-4)}`);
  const list = await api('GET', `/api/kb/config/${kb.id}/keys`);
  t.match(list.data, [{ id: made.data.id, name: 'dify', masked: made.data.masked, revokedAt: null, lastUsedAt: null }]);
  t.notOk(JSON.stringify(list.body).includes(key.slice(6, -4)), 'the key is never listed');
  t.notOk(JSON.stringify((await api('GET', `/api/kb/config/${kb.id}`)).body).includes(key.slice(6, -4)));
  const row = await db.kbApiKey.findUniqueOrThrow({ where: { id: made.data.id } });
  t.not(row.keyHash, key);
  t.match(row.keyHash, /^[0-9a-f]{64}$/, 'stored as sha-256');
  const revoked = await api('DELETE', `/api/kb/config/${kb.id}/keys/${made.data.id}`);
  t.equal(revoked.status, 200);
  t.type(revoked.data.revokedAt, 'string');
  t.notOk('key' in revoked.data);
  t.equal((await api('DELETE', `/api/kb/config/${kb.id}/keys/999999`)).status, 404);
  t.equal((await api('GET', `/api/kb/config/${kb.id}/keys`, undefined, viewer)).status, 403, 'keys need kb:config');
});

t.test("Dify's external knowledge API", async (t) => {
  const kb = (await api('POST', '/api/kb/config', { name: 'dify', vectorIds: [techId, foodId], retrievalConfig: { type: 'keyword', topK: 1, scoreThreshold: 0.9 } })).data;
  const other = (await api('POST', '/api/kb/config', { name: 'other', vectorIds: [foodId], retrievalConfig: keywordConfig })).data;
  const key: string = (await api('POST', `/api/kb/config/${kb.id}/keys`, { name: 'dify' })).data.key;
  const dify = async (body: object, authorization: string | null = `Bearer ${key}`) => {
    const res = await app.inject({ method: 'POST', url: '/api/kb/dify/retrieval', headers: authorization ? { authorization } : {}, payload: body });
    return { status: res.statusCode, body: res.json() };
  };
  const ask = (extra: object = {}) => ({ knowledge_id: String(kb.id), query: 'apple', retrieval_setting: { top_k: 5, score_threshold: 0 }, ...extra });

  const ok = await dify(ask());
  t.equal(ok.status, 200);
  t.same(Object.keys(ok.body), ['records'], 'no envelope');
  t.equal(ok.body.records.length, 3, "top_k, not the knowledge base's topK");
  t.same(Object.keys(ok.body.records[0]).sort(), ['content', 'metadata', 'score', 'title']);
  t.match(ok.body.records.find((r: { content: string }) => r.content.startsWith('apple pie')), { title: `food #1`, metadata: { topic: 'dessert', vectorId: foodId, id: '1' } });
  t.equal((await dify(ask({ retrieval_setting: { top_k: 1, score_threshold: 0 } }))).body.records.length, 1, 'top_k honoured');
  const strict = await dify(ask({ retrieval_setting: { top_k: 5, score_threshold: 0.99 } }));
  t.ok(strict.body.records.length < 3, 'score_threshold honoured');
  for (const r of strict.body.records) t.ok(r.score >= 0.99);
  t.same((await dify(ask({ query: 'zzzz' }))).body, { records: [] });

  const filtered = await dify(ask({ metadata_condition: { logical_operator: 'and', conditions: [{ name: ['topic'], comparison_operator: 'is', value: 'fruit' }] } }));
  t.same(filtered.body.records.map((r: { content: string }) => r.content), ['an apple a day'], 'metadata_condition "is"');
  const anyOf = await dify(ask({ metadata_condition: { conditions: [{ name: ['topic'], comparison_operator: 'in', value: ['fruit', 'hardware'] }] } }));
  t.equal(anyOf.body.records.length, 2, 'metadata_condition "in"');
  const unsupported = await dify(ask({ metadata_condition: { conditions: [{ name: ['topic'], comparison_operator: 'contains', value: 'ru' }] } }));
  t.equal(unsupported.status, 400);
  t.match(unsupported.body, { error_code: 400, error_msg: /contains/ });

  t.same(await dify(ask(), null), { status: 403, body: { error_code: 1001, error_msg: "Invalid Authorization header format. Expected 'Bearer <api-key>' format." } });
  t.equal((await dify(ask(), key)).body.error_code, 1001, 'no Bearer');
  t.same(await dify(ask(), 'Bearer kb-wrong'), { status: 403, body: { error_code: 1002, error_msg: 'Authorization failed' } });
  t.same(await dify(ask({ knowledge_id: '999999' })), { status: 404, body: { error_code: 2001, error_msg: 'The knowledge does not exist' } });
  t.equal((await dify(ask({ knowledge_id: 'abc' }))).body.error_code, 2001);
  t.same((await dify(ask({ knowledge_id: String(other.id) }))).body.error_code, 1002, "a key opens only its own knowledge base");
  const bad = await dify({ knowledge_id: String(kb.id), query: 'apple' });
  t.equal(bad.status, 400);
  t.type(bad.body.error_code, 'number');
  t.notOk('code' in bad.body, 'errors are not enveloped either');

  const used = await db.kbApiKey.findFirstOrThrow({ where: { kbId: kb.id } });
  t.type(used.lastUsedAt, Date, 'the use is recorded');
  await api('DELETE', `/api/kb/config/${kb.id}/keys/${used.id}`);
  t.same((await dify(ask())).body, { error_code: 1002, error_msg: 'Authorization failed' }, 'a revoked key is refused');
});
