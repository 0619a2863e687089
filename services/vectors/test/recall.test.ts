// Recall check and ef_search per collection (issue 15 item 2): the recall route measures HNSW against exact
// search over random stored rows at the ef_search it reports; the collection's setting is what every vector
// search of it uses (and only of it); validation, the 404/409s and who may call them.
import t from 'tap';
import { seededRandom } from '@app/testing';
import { mariadbTables, MARIADB, vectorsApp, viewer } from './vectors-harness.js';

const { api, settled, db } = await vectorsApp(t, 'vectors-recall');
const my = await mariadbTables(t);
const docs = await my.table('docs', 'id INT PRIMARY KEY, body TEXT NOT NULL');

// 2500 rows of random words from a small vocabulary: many near neighbours. Fewer and the planner sorts every
// row instead of using the index (exact whatever ef_search says).
const random = seededRandom(15);
const WORDS = 'amber basil cedar delta ember fjord garnet harbor indigo juniper kelp lumen maple nectar onyx pepper quartz raven saffron tundra umber violet willow xenon yarrow zephyr'.split(' ');
const ROWS = Array.from({ length: 2500 }, (_, i) => [i + 1, Array.from({ length: 4 + Math.floor(random() * 8) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ')]);
await my.conn.query(`INSERT INTO \`${docs}\` (id, body) VALUES ?`, [ROWS]);

const connection = (await api('POST', '/api/vectors/connections', { name: 'maria', ...MARIADB })).data;
async function collection(title: string): Promise<number> {
  const created = await api('POST', '/api/vectors/create', { title, dbId: connection.id, tableIds: [docs], fieldKeys: [`${docs}.body`], advancedConfig: { template: '{{body}}' } });
  const built = await settled(created.data.taskId);
  if (built.status !== 'completed') throw new Error(`the collection did not build: ${built.error}`);
  return created.data.id;
}
const vectorId = await collection('recall');
const other = await collection('recall-other');

const recall = (body: object, id = vectorId, token?: string) => api('POST', `/api/vectors/${id}/recall`, body, token);
const setEf = (efSearch: unknown, id = vectorId, token?: string) => api('PUT', `/api/vectors/${id}/search-config`, { efSearch }, token);
const hits = async (id: number, topK: number) => (await api('POST', '/api/search/vector', { vectorId: id, query: 'amber basil cedar', type: 'vector', topK })).data.results.length;

t.test('a new collection searches with pgvector\'s default ef_search, and says so', async (t) => {
  t.equal((await api('GET', `/api/vectors/${vectorId}`)).data.efSearch, 40);
  const res = await recall({ sample: 20, topK: 10 });
  t.equal(res.status, 200);
  t.match(res.data, { efSearch: 40, sample: 20, topK: 10, docCount: 2500, recall: Number, hnswMs: Number, exactMs: Number });
  t.equal(res.data.perQuery.length, 20, 'one figure per sampled row');
  t.ok(res.data.perQuery.every((q: { key: string; recall: number }) => ROWS.some((r) => String(r[0]) === q.key) && q.recall >= 0 && q.recall <= 1), 'keys of stored rows, recall 0…1');
});

t.test('at a high ef_search HNSW finds the exact neighbours; at 1 it cannot', async (t) => {
  const high = await recall({ sample: 100, topK: 10, efSearch: 1000 });
  t.equal(high.data.efSearch, 1000, 'the ef_search asked for is the one reported');
  t.equal(high.data.recall, 1, 'every exact neighbour found over 2500 rows');
  t.ok(high.data.perQuery.every((q: { recall: number }) => q.recall === 1));
  const low = await recall({ sample: 50, topK: 10, efSearch: 1 });
  t.equal(low.data.efSearch, 1);
  t.ok(low.data.recall <= 0.1, `ef_search 1 gives HNSW one candidate: at most 1 of 10 (${low.data.recall})`);
  const mean = low.data.perQuery.reduce((s: number, q: { recall: number }) => s + q.recall, 0) / low.data.perQuery.length;
  t.equal(low.data.recall, Math.round(mean * 1e4) / 1e4, 'recall is the mean of the per-query figures');
});

t.test('the collection\'s ef_search is what its searches and the recall check use, and only its', async (t) => {
  const set = await setEf(1);
  t.equal(set.status, 200);
  t.equal(set.data.efSearch, 1, 'the collection as saved');
  t.equal((await api('GET', `/api/vectors/${vectorId}`)).data.efSearch, 1, 'and as read back');
  t.equal((await recall({ sample: 5 })).data.efSearch, 1, 'the recall check defaults to it');
  t.equal(await hits(vectorId, 5), 1, 'a vector search at ef_search 1 gets one candidate');
  t.ok((await api('POST', '/api/search/vector', { vectorId, query: 'amber basil', type: 'hybrid', topK: 5 })).data.results.length >= 1, 'hybrid still answers');
  t.equal(await hits(other, 5), 5, 'another collection keeps its own (the setting does not leak to the connection)');
  t.equal((await setEf(200)).data.efSearch, 200);
  t.equal(await hits(vectorId, 5), 5, 'raised again: topK results');
  t.equal((await recall({ sample: 5 })).data.efSearch, 200, 'which the recall check now measures');
  // A rebuild (here with the same model) keeps the setting.
  const rebuild = await api('POST', `/api/vectors/${vectorId}/rebuild`, {});
  await settled(rebuild.data.taskId);
  t.equal((await api('GET', `/api/vectors/${vectorId}`)).data.efSearch, 200, 'a rebuild keeps it');
});

t.test('validation, unknown and unbuilt collections, permissions', async (t) => {
  for (const ef of [0, 1001, 1.5, 'x', null]) t.equal((await setEf(ef)).status, 400, `efSearch ${JSON.stringify(ef)} → 400`);
  t.equal((await api('PUT', `/api/vectors/${vectorId}/search-config`, {})).status, 400, 'efSearch is required');
  for (const body of [{ sample: 0 }, { sample: 201 }, { topK: 0 }, { topK: 101 }, { efSearch: 0 }, { efSearch: 1001 }]) {
    t.equal((await recall(body)).status, 400, `recall ${JSON.stringify(body)} → 400`);
  }
  t.equal((await api('GET', `/api/vectors/${vectorId}`)).data.efSearch, 200, 'a refused setting changes nothing');

  t.equal((await setEf(10, 999999)).body.errorKey, 'VEC_COLLECTION_NOT_FOUND');
  t.equal((await recall({}, 999999)).body.errorKey, 'VEC_COLLECTION_NOT_FOUND');
  // Unbuilt (set directly: a 2500-row build is over too soon to catch).
  await db.vector.update({ where: { id: vectorId }, data: { status: 'building' } });
  const building = await recall({});
  t.equal(building.status, 409);
  t.equal(building.body.errorKey, 'VEC_COLLECTION_BUILDING');
  await db.vector.update({ where: { id: vectorId }, data: { status: 'error' } });
  t.equal((await recall({})).body.errorKey, 'VEC_COLLECTION_NOT_READY');
  t.equal((await setEf(64)).status, 200, 'the setting may be saved whatever the state');
  await db.vector.update({ where: { id: vectorId }, data: { status: 'ready', isEnabled: false } });
  t.equal((await recall({ sample: 5 })).status, 200, 'a disabled but built collection may be checked before it is enabled');
  await db.vector.update({ where: { id: vectorId }, data: { isEnabled: true } });
  // Vectors gone from the store: rebuild, not a 500.
  await api('DELETE', '/api/vectors', { ids: [other] });
  await db.vector.create({ data: { id: other, title: 'ghost', status: 'ready', advancedConfig: { embeddingModel: 'lexical-hash-384', dimension: 384, metric: 'cosine' } } });
  t.equal((await recall({}, other)).body.errorKey, 'VEC_COLLECTION_NOT_READY');

  t.equal((await setEf(10, vectorId, viewer)).status, 403, 'a viewer may not change it');
  t.equal((await recall({}, vectorId, viewer)).status, 403, 'nor run the check');
  t.equal((await api('GET', `/api/vectors/${vectorId}`)).data.efSearch, 64);
});
