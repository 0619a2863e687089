// The vector store on both backends: PGlite on a thread of this process (the default), and the `pg` path (VECTOR_DB_URL) against a PGlite
// served over the PostgreSQL wire protocol by pglite-socket — the same suite runs on each.
import t, { type Test } from 'tap';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { freePort } from '@app/testing';
import { openVectorSql } from '../src/plugins/external/vector-store.js';
import { createVectorStore, type VectorMetric, type VectorSql, type VectorStore } from '../src/plugins/app/vector-index.js';

async function servedPglite(t: Test): Promise<string> {
  const db = await PGlite.create('memory://', { extensions: { vector } });
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 20 });
  await server.start();
  t.teardown(async () => {
    await server.stop();
    await db.close();
  });
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

// Deterministic pseudo-random numbers (mulberry32), so a failure reproduces.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const row = (key: string, embedding: number[], metadata: Record<string, unknown> = {}) => ({ key, content: `content ${key}`, hash: `h-${key}`, metadata, embedding });

function suite(t: Test, open: () => Promise<VectorSql>) {
  let sql: VectorSql;
  let store: VectorStore;
  t.before(async () => {
    sql = await open();
    store = createVectorStore(sql);
  });
  t.teardown(() => store.close());

  t.test('upsert, search, delete, count, drop', async (t) => {
    await store.ensureCollection('c1', 3, 'cosine');
    await store.ensureCollection('c1', 3, 'cosine'); // idempotent
    await store.upsert('c1', [row('a', [1, 0, 0], { n: 1 }), row('b', [0, 1, 0]), row('c', [0.9, 0.1, 0])]);
    t.equal(await store.count('c1'), 3);
    const hits = await store.search('c1', [1, 0, 0], 2);
    t.same(hits.map((h) => h.key), ['a', 'c']);
    t.same(hits[0], { key: 'a', content: 'content a', metadata: { n: 1 }, score: 1 });
    t.same(await store.search('c1', [0, 0, 0], 2), [], 'the zero vector (an empty text) matches nothing');

    await store.upsert('c1', [{ ...row('b', [1, 0, 0]), content: 'replaced', hash: 'h2' }]);
    t.equal(await store.count('c1'), 3, 'same key replaces');
    t.equal((await store.hashes('c1')).get('b'), 'h2');
    t.equal((await store.search('c1', [1, 0, 0], 1))[0]!.score, 1);

    t.equal(await store.delete('c1', ['a', 'zz']), 1);
    t.equal(await store.delete('c1', []), 0);
    t.equal(await store.count('c1'), 2);

    await store.drop('c1');
    await t.rejects(store.count('c1'), { code: 'VEC_STORE_NO_COLLECTION' });
    await store.drop('c1'); // dropping twice is fine
  });

  t.test('upsert keeps text, metadata and float4 values exactly (binary arrays)', async (t) => {
    await store.ensureCollection('exact', 4, 'l2');
    const tricky = 'quotes " and \' , braces {a,b} backslash \\ NULL 北京大学图书馆 emoji 🙂\nnew line';
    const embedding = [0.1, -1e-7, 123456.789, 1 / 3];
    await store.upsert('exact', [
      { key: 'k "1", {x}', content: tricky, hash: 'NULL', metadata: { s: tricky, n: 1.5, nested: { a: [1, 'b'] } }, embedding },
      { key: '', content: '', hash: '', metadata: {}, embedding: [0, 0, 0, 1] },
    ]);
    t.equal(await store.count('exact'), 2);
    const [hit] = await store.search('exact', embedding, 1);
    t.same(hit, { key: 'k "1", {x}', content: tricky, metadata: { s: tricky, n: 1.5, nested: { a: [1, 'b'] } }, score: 1 }, 'text and metadata as given');
    const [stored] = await sql.query<{ e: string }>(`SELECT embedding::text AS e FROM "vec_exact" WHERE key = $1`, ['k "1", {x}']);
    t.same((JSON.parse(stored!.e) as number[]).map(Math.fround), embedding.map(Math.fround), 'each number as the float4 it rounds to');
    t.equal((await store.hashes('exact')).get(''), '', 'empty strings stay empty (not NULL)');
    await store.drop('exact');
  });

  t.test('collections keep their shape', async (t) => {
    await store.ensureCollection('shape', 4, 'l2');
    await t.rejects(store.ensureCollection('shape', 5, 'l2'), { code: 'VEC_STORE_COLLECTION_MISMATCH' });
    await t.rejects(store.ensureCollection('shape', 4, 'cosine'), { code: 'VEC_STORE_COLLECTION_MISMATCH' });
    await t.rejects(store.upsert('shape', [row('x', [1, 2, 3])]), { code: 'VEC_STORE_BAD_EMBEDDING' });
    await t.rejects(store.search('shape', [1, 2, 3, Number.NaN], 1), { code: 'VEC_STORE_BAD_EMBEDDING' });
    await t.rejects(store.ensureCollection('bad"; DROP TABLE x; --', 4, 'l2'), { code: 'VEC_STORE_BAD_COLLECTION_ID' });
    await store.drop('shape');
  });

  for (const metric of ['cosine', 'l2', 'ip'] as VectorMetric[]) {
    t.test(`${metric}: scores are higher-is-better`, async (t) => {
      const id = `m_${metric}`;
      await store.ensureCollection(id, 2, metric);
      // Against the query [1, 0]: near is best by every metric, then mid, then far.
      await store.upsert(id, [row('far', [-1, 0.2]), row('near', [1, 0.05]), row('mid', [0.5, 0.5])]);
      const hits = await store.search(id, [1, 0], 3);
      t.same(hits.map((h) => h.key), ['near', 'mid', 'far']);
      t.ok(hits[0]!.score > hits[1]!.score && hits[1]!.score > hits[2]!.score, hits.map((h) => h.score).join(' > '));
      if (metric === 'ip') t.equal(hits[0]!.score, 1, 'ip score is the inner product');
      if (metric === 'l2') t.ok(hits.every((h) => h.score > 0 && h.score <= 1), 'l2 score in (0, 1]');
      await store.drop(id);
    });
  }

  t.test('HNSW index: built, used, recall@10 against brute force', async (t) => {
    const dim = 32;
    const n = 3000;
    const rand = random(42);
    const vec = () => Array.from({ length: dim }, () => rand() * 2 - 1);
    const data = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, v: vec() }));
    await store.ensureCollection('big', dim, 'cosine');
    await store.upsert('big', data.map((d) => row(d.key, d.v)));
    await store.buildIndex('big', { m: 16, efConstruction: 64 });
    await store.buildIndex('big'); // idempotent
    t.equal(await store.count('big'), n);

    const indexes = await sql.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'vec_big'");
    t.ok(indexes.some((i) => /USING hnsw \(embedding vector_cosine_ops\)/.test(i.indexdef)), 'pg_indexes lists the HNSW index');
    // Make sure the search below really goes through the approximate index, not an exact scan.
    const plan = await sql.query<Record<string, string>>(
      `EXPLAIN SELECT key FROM "vec_big" ORDER BY embedding <=> '[${Array(dim).fill(0.5).join(',')}]'::vector LIMIT 10`,
    );
    t.match(plan.map((p) => Object.values(p)[0]).join('\n'), /vec_big_hnsw/, 'the planner uses it');

    const cos = (a: number[], b: number[]) => {
      let d = 0, na = 0, nb = 0;
      for (let i = 0; i < a.length; i++) { d += a[i]! * b[i]!; na += a[i]! ** 2; nb += b[i]! ** 2; }
      return d / Math.sqrt(na * nb);
    };
    let found = 0;
    const queries = 20;
    for (let q = 0; q < queries; q++) {
      const query = vec();
      const exact = data.map((d) => ({ key: d.key, s: cos(query, d.v) })).sort((a, b) => b.s - a.s).slice(0, 10).map((d) => d.key);
      const hits = await store.search('big', query, 10);
      t.equal(hits.length, 10);
      found += hits.filter((h) => exact.includes(h.key)).length;
    }
    const recall = found / (queries * 10);
    t.ok(recall >= 0.9, `recall@10 ${recall}`);
    await store.drop('big');
  });
}

t.test('PGlite on its own thread', async (t) => suite(t, () => openVectorSql({ dataDir: 'memory://' })));
t.test('PostgreSQL over the wire (pg → pglite-socket)', async (t) => {
  const url = await servedPglite(t);
  suite(t, () => openVectorSql({ url, dataDir: 'unused' }));
});
