// Search (issue 15 item 1) over collections built from the real MariaDB: each type returns known rows in a
// known order, hybrid finds what either alone misses, filters and thresholds, and the 409s and 403s.
import t from 'tap';
import { signTestToken } from '@app/testing';
import { mariadbTables, MARIADB, vectorsApp, viewer } from './vectors-harness.js';

const { app, api, settled, db } = await vectorsApp(t, 'vectors-search');
const my = await mariadbTables(t);
const docs = await my.table('docs', 'id INT PRIMARY KEY, body TEXT NOT NULL, topic VARCHAR(20) NOT NULL, year INT NOT NULL');

// Rows 1–8 are the ones the queries are about; 100+ are filler that shares common words with everything.
const ROWS: [number, string, string, number][] = [
  [1, 'pgvector adds a vector type and HNSW indexes to PostgreSQL', 'db', 2023],
  [2, 'indexes built over embeddings answer nearest neighbour queries', 'db', 2024],
  [3, '苹果 苹果 苹果 是一种水果', 'food', 2023],
  [4, '香蕉和苹果都是常见的水果，超市里的水果种类很多，价格也各不相同', 'food', 2024],
  [5, 'ComfyUI generates images from node graphs', 'ai', 2024],
  [6, 'a diffusion model for image generation', 'ai', 2023],
  [7, 'Redis keeps queues for background jobs', 'db', 2024],
  [8, 'BullMQ schedules repeatable jobs with cron patterns', 'db', 2022],
  // A short row spelled like the query without its word, and a long one that has the exact word once.
  [9, 'xylographs, xylographic xylography', 'misc', 2021],
  [10, 'the print shop keeps one xylograph among many posters, leaflets, brochures, banners, flyers, catalogues and postcards for the annual fair', 'misc', 2021],
];
for (let i = 0; i < 40; i++) ROWS.push([100 + i, `the platform report number ${i} about data and the system of the team`, 'misc', 2020 + (i % 5)]);
await my.conn.query(`INSERT INTO \`${docs}\` (id, body, topic, year) VALUES ?`, [ROWS]);

const connection = (await api('POST', '/api/vectors/connections', { name: 'maria', ...MARIADB })).data;
const created = await api('POST', '/api/vectors/create', {
  title: 'docs', dbId: connection.id, tableIds: [docs], fieldKeys: [`${docs}.body`, `${docs}.topic`, `${docs}.year`],
  advancedConfig: { template: '{{body}}', metadataFields: [`${docs}.topic`, `${docs}.year`] },
});
const vectorId: number = created.data.id;
const built = await settled(created.data.taskId);
if (built.status !== 'completed') throw new Error(`the collection did not build: ${built.error}`);

const search = async (body: object, token?: string) => api('POST', '/api/search/vector', { vectorId, ...body }, token);
const ids = async (query: string, type: string, topK = 3, extra: object = {}) =>
  ((await search({ query, type, topK, ...extra })).data.results as { id: string }[]).map((r) => r.id);

t.test('keyword: BM25 over the segmented text, Chinese cut by jieba', async (t) => {
  t.same(await ids('苹果', 'keyword', 5), ['3', '4'], 'the row that says 苹果 three times first, only rows with the word');
  t.same(await ids('水果 香蕉', 'keyword', 5), ['4', '3'], 'both words beat one word');
  t.same(await ids('cron', 'keyword'), ['8']);
  t.same(await ids('images', 'keyword'), ['5'], 'exact words only: "image" in row 6 does not match');
  t.same(await ids('zzzz', 'keyword'), [], 'no shared word, no result');
  const res = await search({ query: 'BullMQ cron', type: 'keyword', topK: 1 });
  t.equal(res.status, 200);
  t.match(res.data, { type: 'keyword', tookMs: Number });
  const [hit] = res.data.results;
  t.match(hit, { id: '8', content: ROWS[7]![1], metadata: { topic: 'db', year: 2022 } });
  const marked = hit.highlights.map((h: { start: number; end: number }) => hit.content.slice(h.start, h.end));
  t.same(marked, ['BullMQ', 'cron'], 'highlights are where the query words are');
});

t.test('vector: nearest by the collection model, spellings close enough count', async (t) => {
  t.equal((await ids('image generation', 'vector', 1))[0], '6');
  t.same(await ids('ComfyUi generats imagez', 'vector', 2), ['5', '6'], 'misspelt words still find both rows by their shared letters (lexical, not semantic)');
  t.same(await ids('ComfyUi generats imagez', 'keyword', 2), ['5'], 'where keyword search matches only the one exact word');
  const res = await search({ query: 'image generation', type: 'vector', topK: 3 });
  const scores = res.data.results.map((r: { score: number }) => r.score);
  t.same(scores, [...scores].sort((a, b) => b - a), 'best first, higher is better');
});

t.test('hybrid beats either alone on a mixed set', async (t) => {
  // Each query has one kind of search that fails it: the exact rare word that a closer spelling outranks for
  // vector search, and the misspelling keyword search cannot match. The top result of each, per type:
  const cases: [string, string[]][] = [
    ['xylograph', ['10']],
    ['Postgress vectr indexs', ['1', '2']],
  ];
  const hits = async (type: string) => {
    let found = 0;
    for (const [query, relevant] of cases) if (relevant.includes((await ids(query, type, 1))[0] ?? '')) found += 1;
    return found;
  };
  const [vector, keyword, hybrid] = [await hits('vector'), await hits('keyword'), await hits('hybrid')];
  t.same({ vector, keyword, hybrid }, { vector: 1, keyword: 1, hybrid: 2 }, 'relevant first results out of 2 queries');
  t.same(await ids('xylograph', 'vector', 2), ['9', '10'], 'vector ranks the look-alike first');
  t.same(await ids('xylograph', 'keyword', 2), ['10'], 'keyword has only the exact word');
  t.same(await ids('xylograph', 'hybrid', 2), ['10', '9'], 'in both lists beats first in one');
});

t.test('hybrid: reciprocal-rank fusion of the two lists', async (t) => {
  // A misspelt query: no word matches, so keyword finds nothing and hybrid still answers with vector's rows.
  t.same(await ids('Postgress vectr indexs', 'keyword'), []);
  const typo = await ids('Postgress vectr indexs', 'hybrid', 3);
  t.same(typo, await ids('Postgress vectr indexs', 'vector', 3), 'what only one list has keeps that list\'s order');
  t.ok(typo.includes('1') && typo.includes('2'), 'and it is the rows about pgvector indexes');
  // Both lists rank row 5 first: so does the fusion, with the best possible fused score.
  const both = (await search({ query: 'ComfyUI images', type: 'hybrid', topK: 3 })).data.results;
  t.equal(both[0].id, '5');
  t.equal(both[0].score, 1, 'first in every list scores 1');
  t.ok(both.every((r: { score: number }) => r.score > 0 && r.score <= 1), 'fused scores are 0…1');
  const keywordOnly = await ids('pgvector index', 'hybrid', 2, { fusion: { vectorWeight: 0 } });
  t.same(keywordOnly, await ids('pgvector index', 'keyword', 2), 'a weight of 0 leaves the other list alone');
});

t.test('filters on stored metadata, a threshold after fusion, topK', async (t) => {
  t.same(await ids('水果 苹果 images', 'keyword', 5, { filters: { topic: 'ai' } }), ['5']);
  t.same((await ids('jobs', 'keyword', 5, { filters: { year: [2022, 2023] } })), ['8'], 'any of the values; numbers compare as text');
  t.same(await ids('image generation', 'vector', 5, { filters: { topic: 'food' } }).then((r) => r.every((id) => ['3', '4'].includes(id))), true);
  const all = (await search({ query: 'the platform report', type: 'hybrid', topK: 20 })).data.results;
  const cut = all[5].score;
  const above = (await search({ query: 'the platform report', type: 'hybrid', topK: 20, scoreThreshold: cut })).data.results;
  t.ok(above.length >= 6 && above.every((r: { score: number }) => r.score >= cut), 'the threshold drops what scores below it');
  t.equal((await ids('the platform report', 'keyword', 7)).length, 7, 'topK results');
});

t.test('refusals: unknown, disabled, building; bad input; who may search', async (t) => {
  t.equal((await api('POST', '/api/search/vector', { vectorId: 9999, query: 'x' })).body.errorKey, 'VEC_COLLECTION_NOT_FOUND');
  await api('PUT', `/api/vectors/${vectorId}/status`, { isEnabled: false });
  const disabled = await search({ query: 'x' });
  t.equal(disabled.status, 409);
  t.equal(disabled.body.errorKey, 'VEC_COLLECTION_DISABLED');
  t.match(disabled.body.msg, /docs/, 'the reason names the collection');
  await api('PUT', `/api/vectors/${vectorId}/status`, { isEnabled: true });
  for (const body of [{ query: '' }, { query: '   ' }, { query: 'x', type: 'fuzzy' }, { query: 'x', topK: 0 }, { query: 'x', topK: 101 }, { query: 'x', filters: { a: { b: 1 } } }]) {
    t.equal((await search(body)).status, 400, `400 for ${JSON.stringify(body)}`);
  }
  t.equal((await search({ query: 'cron', type: 'keyword' }, viewer)).status, 200, 'a viewer may search');
  const user = `Bearer ${signTestToken({ sub: '3', role: 'user' })}`;
  t.equal((await search({ query: 'cron' }, user)).status, 403, 'a role without vector:search may not');

  // While a (re)build runs the collection says so (set here directly: a 48-row build is over too soon to catch).
  await db.vector.update({ where: { id: vectorId }, data: { status: 'building' } });
  t.equal((await search({ query: 'cron' })).body.errorKey, 'VEC_COLLECTION_BUILDING');
  await db.vector.update({ where: { id: vectorId }, data: { status: 'error' } });
  t.equal((await search({ query: 'cron' })).body.errorKey, 'VEC_COLLECTION_NOT_READY');
  // Ready in the platform's records but its vectors gone (a wiped vector store): a 409 saying to rebuild, not a 500.
  await db.vector.update({ where: { id: vectorId }, data: { status: 'ready' } });
  await app.vectorStore.drop(String(vectorId));
  for (const type of ['vector', 'keyword', 'hybrid']) {
    t.equal((await search({ query: 'cron', type })).body.errorKey, 'VEC_COLLECTION_NOT_READY', `${type} search of vanished vectors`);
  }
  const rebuild = await api('POST', `/api/vectors/${vectorId}/rebuild`, {});
  await settled(rebuild.data.taskId);
  t.equal((await search({ query: 'cron', type: 'keyword' })).data.results[0].id, '8', 'searchable again once rebuilt');
});
