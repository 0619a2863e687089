import { mkdirSync } from 'node:fs';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import pg from 'pg';
import { createVectorStore, type VectorSql, type VectorStore } from '../app/vector-index.js';
import { tokenize } from '../app/embedders/lexical.js';

declare module 'fastify' {
  interface FastifyInstance {
    vectorStore: VectorStore;
  }
}

async function openPglite(dataDir: string): Promise<VectorSql> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, { extensions: { vector } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
  return {
    kind: 'pglite',
    query: async (sql, params) => (await db.query(sql, params)).rows as never,
    close: () => db.close(),
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

/** VECTOR_DB_URL set → any PostgreSQL with pgvector over `pg`; unset → in-process PGlite + pgvector in dataDir. */
export function openVectorSql(opts: { url?: string; dataDir: string }): Promise<VectorSql> {
  return opts.url ? openPostgres(opts.url) : openPglite(opts.dataDir);
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
