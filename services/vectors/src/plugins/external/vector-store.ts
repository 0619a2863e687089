import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { createVectorStore, type VectorSql, type VectorStore } from '../app/vector-index.js';
import { tokenize } from '../app/embedders/lexical.js';

declare module 'fastify' {
  interface FastifyInstance {
    vectorStore: VectorStore;
  }
}

/** How long a closing store waits for its thread to close PGlite (flushing the data directory) before ending it. */
const THREAD_CLOSE_MS = 60_000;

// The socket directories of the stores open in this process, removed at exit if a store was never closed.
const socketDirs = new Set<string>();
function removeSocketDirs() {
  for (const dir of socketDirs) rmSync(dir, { recursive: true, force: true });
}

/**
 * PGlite + pgvector in dataDir, run by a worker thread of this process (pglite-thread.mjs) and reached through
 * the same `pg` code path as VECTOR_DB_URL, over a unix socket in a private (0700) temporary directory.
 * A statement runs inside WebAssembly on that thread, so an HNSW build that takes minutes no longer stalls the
 * service's event loop. PGlite is one backend: the pool holds one connection and queues the rest, so a
 * statement waits for the one before it (never interleaves with it), as on a one-connection server.
 */
async function openPgliteThread(dataDir: string): Promise<VectorSql> {
  const dir = mkdtempSync(join(tmpdir(), 'vectors-pglite-'));
  if (socketDirs.size === 0) process.once('exit', removeSocketDirs);
  socketDirs.add(dir);
  const forget = () => {
    rmSync(dir, { recursive: true, force: true });
    socketDirs.delete(dir);
    if (socketDirs.size === 0) process.off('exit', removeSocketDirs);
  };
  const port = 5432;
  const worker = new Worker(new URL('./pglite-thread.mjs', import.meta.url), { workerData: { dataDir, socketPath: join(dir, `.s.PGSQL.${port}`), maxConnections: 4 } });
  let exited: string | undefined;
  const gone = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      exited ??= `exit code ${code}`;
      resolve();
    });
  });
  worker.on('error', (err) => (exited ??= err.message));
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('message', function started(m: { type: string; message?: string }) {
        if (m.type === 'ready') resolve();
        if (m.type === 'error') reject(new Error(`vector store (PGlite in ${dataDir}): ${m.message}`));
        if (m.type === 'ready' || m.type === 'error') worker.off('message', started);
      });
      void gone.then(() => reject(new Error(`vector store thread ended before it started: ${exited}`)));
    });
  } catch (err) {
    await worker.terminate();
    forget();
    throw err;
  }

  // One connection, kept open (PGlite has one backend); idle clients' errors (the thread gone) surface on the next query.
  const pool = new pg.Pool({ host: dir, port, user: 'postgres', database: 'postgres', max: 1, idleTimeoutMillis: 0 });
  pool.on('error', () => undefined);
  let pending = 0;
  let closing: Promise<void> | undefined;
  return {
    kind: 'pglite',
    async query(sql, params) {
      if (exited) throw new Error(`vector store thread stopped (${exited})`);
      pending++;
      try {
        return (await pool.query(sql, params as unknown[])).rows;
      } finally {
        pending--;
      }
    },
    busy: () => !exited && pending > 0,
    close: () =>
      (closing ??= (async () => {
        await pool.end(); // after the statements under way
        if (!exited) {
          worker.postMessage({ type: 'close' });
          const timer = setTimeout(() => void worker.terminate(), THREAD_CLOSE_MS);
          await gone;
          clearTimeout(timer);
        }
        forget();
      })()),
  };
}

async function openPostgres(url: string): Promise<VectorSql> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
  return {
    kind: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
    close: () => pool.end(),
  };
}

/** VECTOR_DB_URL set → any PostgreSQL with pgvector over `pg`; unset → PGlite + pgvector in dataDir, on a thread of this process, over `pg` too. */
export function openVectorSql(opts: { url?: string; dataDir: string }): Promise<VectorSql> {
  return opts.url ? openPostgres(opts.url) : openPgliteThread(opts.dataDir);
}

/** Opens the vector store and its SQL connection. */
export async function openVectorStore(opts: { url?: string; dataDir: string }): Promise<VectorStore> {
  // Keyword search cuts text as the lexical embedder does (jieba for Chinese).
  return createVectorStore(await openVectorSql(opts), { tokenize });
}

export const vectorStorePlugin = fp(
  async (app: FastifyInstance, opts: { url?: string; dataDir: string }) => {
    const store = await openVectorStore(opts);
    app.decorate('vectorStore', store);
    app.readiness.add('vector-store', () => store.ping());
    app.addHook('onClose', () => store.close());
  },
  { name: 'vector-store', dependencies: ['service-kit-health'] },
);
