import { mkdirSync } from 'node:fs';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import pg from 'pg';

/** The pgvector SQL the vectors service speaks; the same statements run on PGlite and on PostgreSQL. */
export interface VectorStore {
  kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    vectorStore: VectorStore;
  }
}

async function openPglite(dataDir: string): Promise<VectorStore> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, { extensions: { vector } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
  return {
    kind: 'pglite',
    query: async (sql, params) => (await db.query(sql, params)).rows as never,
    close: () => db.close(),
  };
}

async function openPostgres(url: string): Promise<VectorStore> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
  return {
    kind: 'postgres',
    query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
    close: () => pool.end(),
  };
}

export const vectorStorePlugin = fp(
  async (app: FastifyInstance, opts: { url?: string; dataDir: string }) => {
    const store = opts.url ? await openPostgres(opts.url) : await openPglite(opts.dataDir);
    app.decorate('vectorStore', store);
    app.readiness.add('vector-store', () => store.query("SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector AS d"));
    app.addHook('onClose', () => store.close());
  },
  { name: 'vector-store', dependencies: ['service-kit-health'] },
);
