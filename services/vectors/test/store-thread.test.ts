// The default vector store: PGlite + pgvector on a worker thread of the service, reached over `pg` on a private
// unix socket. What it promises: the service's event loop keeps answering while the store runs a long statement
// (an HNSW build), statements from many callers queue on its one backend and each gets its own answer, and a
// data directory written by PGlite (also by the earlier in-process store) opens again with its data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { seededRandom } from '@app/testing';
import { openVectorStore } from '../src/plugins/external/vector-store.js';
import { vectorsApp } from './vectors-harness.js';

const row = (key: string, embedding: number[]) => ({ key, content: `content ${key}`, hash: `h-${key}`, metadata: { key }, embedding });

t.test('the service answers while the store builds an index', async (t) => {
  const { app } = await vectorsApp(t, 'vectors-thread');
  const store = app.vectorStore;
  const random = seededRandom(7);
  const dim = 64;
  const vectors = Array.from({ length: 8000 }, (_, i) => row(`k${i}`, Array.from({ length: dim }, () => random() * 2 - 1)));
  await store.ensureCollection('busy', dim, 'cosine');
  for (let i = 0; i < vectors.length; i += 2000) await store.upsert('busy', vectors.slice(i, i + 2000));

  let built = false;
  const build = store.buildIndex('busy', { m: 16, efConstruction: 128 }).then(() => (built = true));
  // A search sent during the build waits for it on the store's one connection, then answers.
  const waiting = store.search('busy', vectors[5]!.embedding, 3);

  // While the statement runs on the store's thread, this thread keeps serving requests.
  const answered: { url: string; status: number; ready?: boolean }[] = [];
  while (!built && answered.length < 20) {
    for (const url of ['/healthz', '/readyz']) {
      const res = await app.inject({ method: 'GET', url });
      if (!built) answered.push({ url, status: res.statusCode, ready: url === '/readyz' ? res.json().data?.checks?.['vector-store']?.ok : undefined });
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Not one answer slipped in between two statements: round after round of them while the one statement ran.
  t.ok(answered.length >= 6, `requests were answered again and again before the build ended (${answered.length})`);
  t.ok(answered.every((a) => a.status === 200), 'health and readiness answer 200 while the store is busy');
  t.ok(answered.filter((a) => a.url === '/readyz').every((a) => a.ready === true), 'a busy store reads as ready');

  await build;
  const hits = await waiting;
  t.equal(hits[0]?.key, 'k5', 'the search queued behind the build answered');
  t.equal(hits.length, 3);

  // Many callers at once: each statement gets its own rows back.
  const keys = Array.from({ length: 40 }, (_, i) => i * 97);
  const results = await Promise.all(keys.map((k) => store.search('busy', vectors[k]!.embedding, 1)));
  t.same(results.map((r) => r[0]?.key), keys.map((k) => `k${k}`), 'concurrent searches each got their own answer');
  const [count, ready] = await Promise.all([store.count('busy'), app.inject({ method: 'GET', url: '/readyz' })]);
  t.equal(count, vectors.length);
  t.equal(ready.json().data?.checks?.['vector-store']?.ok, true, 'an idle store answers the readiness probe with a query');
});

t.test('a PGlite data directory opens again with its data', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vectors-thread-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // Written as the earlier in-process store wrote it: PGlite + pgvector in this thread.
  const direct = await PGlite.create(dir, { extensions: { vector } });
  await direct.exec(`CREATE EXTENSION IF NOT EXISTS vector;
    CREATE TABLE vector_collections (id text PRIMARY KEY, dimension int NOT NULL, metric text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
    INSERT INTO vector_collections (id, dimension, metric) VALUES ('old', 2, 'l2');
    CREATE TABLE "vec_old" (key text PRIMARY KEY, content text NOT NULL, hash text NOT NULL, metadata jsonb NOT NULL DEFAULT '{}',
      embedding vector(2) NOT NULL, words text[] NOT NULL DEFAULT '{}');
    INSERT INTO "vec_old" (key, content, hash, embedding) VALUES ('a', 'A', 'h', '[1,0]'), ('b', 'B', 'h', '[0,1]');`);
  await direct.close();

  const store = await openVectorStore({ dataDir: dir });
  t.equal(await store.count('old'), 2, 'rows written before open');
  t.same((await store.search('old', [0, 1], 1)).map((h) => h.key), ['b']);
  await store.ensureCollection('new', 2, 'cosine');
  await store.upsert('new', [row('x', [1, 1])]);
  await store.close();
  await store.close(); // closing twice is fine

  const again = await openVectorStore({ dataDir: dir });
  t.teardown(() => again.close());
  t.equal(await again.count('new'), 1, 'rows written through the thread are there after a close and reopen');
  t.equal(await again.count('old'), 2);
});
