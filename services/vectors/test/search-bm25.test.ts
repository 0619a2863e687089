// BM25 statistics cached per collection (issue 15, search performance): keyword and hybrid search answer
// exactly what counting per query answered, count the collection once per version of it rather than per query,
// and a sync that adds rows changes the statistics, so the ranking reflects the new rows.
import t from 'tap';
import { tokenize } from '../src/plugins/app/embedders/lexical.js';
import { bm25Stats, keywordTopK } from '../src/plugins/app/search.js';
import { mariadbTables, MARIADB, vectorsApp } from './vectors-harness.js';

const { app, api, settled, db } = await vectorsApp(t, 'vectors-bm25');
const my = await mariadbTables(t);
const docs = await my.table('docs', 'id INT PRIMARY KEY, body TEXT NOT NULL');

// Row 1 has the word alpha, row 2 beta, otherwise alike; beta is common (rows 10–15), alpha rare: so for
// "alpha beta" the rarer word's row ranks first.
const ROWS: [number, string][] = [
  [1, 'alpha report'],
  [2, 'beta report'],
  [3, 'gamma delta report with several more words than the others have'],
  ...Array.from({ length: 6 }, (_, i): [number, string] => [10 + i, `beta common filler line ${i}`]),
  ...Array.from({ length: 20 }, (_, i): [number, string] => [100 + i, `unrelated text number ${i} about delta and epsilon`]),
];
await my.conn.query(`INSERT INTO \`${docs}\` (id, body) VALUES ?`, [ROWS]);

const connection = (await api('POST', '/api/vectors/connections', { name: 'maria', ...MARIADB })).data;
const created = await api('POST', '/api/vectors/create', { title: 'bm25', dbId: connection.id, tableIds: [docs], fieldKeys: [`${docs}.body`], advancedConfig: { template: '{{body}}' } });
const vectorId: number = created.data.id;
if ((await settled(created.data.taskId)).status !== 'completed') throw new Error('the collection did not build');
const id = String(vectorId);
const store = app.vectorStore;

// Counts the store's statistics queries: the real store's methods, wrapped.
const counted = { corpus: 0, words: [] as string[] };
const { corpusStats, documentFrequencies } = store;
store.corpusStats = (sid) => (counted.corpus++, corpusStats.call(store, sid));
store.documentFrequencies = (sid, words) => (counted.words.push(...words), documentFrequencies.call(store, sid, words));

const search = async (query: string, type = 'keyword', topK = 10) =>
  (await api('POST', '/api/search/vector', { vectorId, query, type, topK })).data.results as { id: string; score: number }[];
const order = (results: { id: string }[], a: string, b: string) => results.findIndex((r) => r.id === a) < results.findIndex((r) => r.id === b);

t.test('cached statistics give exactly the scores that counting per query gives', async (t) => {
  const vector = (await db.vector.findUniqueOrThrow({ where: { id: vectorId } }));
  for (const query of ['alpha beta', 'report', 'delta epsilon report', 'beta common filler', 'nothing matches']) {
    const words = tokenize(query);
    const counting = await store.keywordSearch(id, words, 10); // no statistics given: counted in the query
    const cached = await store.keywordSearch(id, words, 10, undefined, await bm25Stats(store, vector, words));
    t.same(cached, counting, `"${query}": same rows, same order, same scores`);
    if (query === 'alpha beta') t.ok(counting.length > 0, 'a query that finds rows');
    const routed = await search(query);
    t.same(routed.map((r) => [r.id, r.score]), counting.map((h) => [h.key, h.score]), `"${query}" through the route too`);
  }
});

t.test('the collection is counted once per version, each word once', async (t) => {
  const before = { corpus: counted.corpus, words: counted.words.length };
  await search('alpha beta');
  await search('alpha beta', 'hybrid');
  await search('beta report');
  t.equal(counted.corpus, before.corpus, 'no count of the collection for words already seen');
  t.equal(counted.words.length, before.words, 'nor of their document frequencies');
  await search('epsilon zeta');
  t.same(counted.words.slice(before.words), ['zeta'], 'a new word is counted, alone');
  t.equal(counted.corpus, before.corpus);
  // Renaming writes the record too: its statistics are counted again (a write the store did not see is harmless).
  await api('PUT', `/api/vectors/${vectorId}`, { title: 'bm25 renamed' });
  await search('alpha');
  t.equal(counted.corpus, before.corpus + 1, 'a new version of the record, counted again');
});

t.test('a sync that adds rows changes the statistics and the ranking', async (t) => {
  const first = await search('alpha beta');
  t.ok(order(first, '1', '2'), 'alpha is rarer than beta: its row first');
  const vector = await db.vector.findUniqueOrThrow({ where: { id: vectorId } });
  const stale = await bm25Stats(store, vector, ['alpha', 'beta']);
  t.same([stale.docs, stale.df.get('alpha'), stale.df.get('beta')], [29, 1, 7]);

  // Ten rows with alpha: now beta (7 rows) is the rarer word.
  await my.conn.query(`INSERT INTO \`${docs}\` (id, body) VALUES ?`, [Array.from({ length: 10 }, (_, i) => [200 + i, `alpha extra row ${i}`])]);
  const sync = await api('POST', `/api/vectors/${vectorId}/sync`);
  t.equal((await settled(sync.data.taskId)).status, 'completed');
  const after = await search('alpha beta', 'keyword', 40);
  t.ok(order(after, '2', '1'), 'beta is now the rarer word: its row first');
  const fresh = await bm25Stats(store, await db.vector.findUniqueOrThrow({ where: { id: vectorId } }), ['alpha', 'beta']);
  t.same([fresh.docs, fresh.df.get('alpha'), fresh.df.get('beta')], [39, 11, 7], 'the counts after the sync');
  t.same(after.map((r) => [r.id, r.score]), (await store.keywordSearch(id, ['alpha', 'beta'], 40)).map((h) => [h.key, h.score]), 'exactly what counting now gives');
  t.ok(order(await search('alpha beta', 'hybrid', 40), '2', '1'), 'hybrid search too');
});

t.test('scoring only the rows that can rank (MaxScore) answers what scoring every candidate does', async (t) => {
  const vector = await db.vector.findUniqueOrThrow({ where: { id: vectorId } });
  const { keywordSearch } = store;
  const scans: (string[] | undefined)[] = [];
  store.keywordSearch = (...args) => (scans.push(args[5]), keywordSearch.apply(store, args));
  t.teardown(() => void (store.keywordSearch = keywordSearch));
  let pruned = 0;
  let fellBack = 0;
  // A rare word with common ones (unrelated: 20 rows, report: 3, text: 20), at several depths.
  for (const query of ['gamma unrelated text', 'alpha unrelated', 'epsilon gamma report', 'beta text number', 'report alpha beta delta'])
    for (const k of [1, 3, 5, 12]) {
      const words = tokenize(query);
      scans.length = 0;
      const got = await keywordTopK(store, vector, words, k);
      scans.length === 1 && scans[0] ? pruned++ : scans.length === 2 ? fellBack++ : 0;
      const every = await keywordSearch.call(store, id, words, k);
      t.same(got.map((h) => h.key), every.map((h) => h.key), `"${query}" top ${k}: the same rows in the same order`);
      t.ok(got.every((h, i) => Math.abs(h.score - every[i]!.score) < 1e-9), 'with the same scores');
    }
  t.ok(pruned > 0, `some answered scanning only the rows with a rare word (${pruned})`);
  t.ok(fellBack > 0, `some had to scan every candidate (${fellBack})`);
});
