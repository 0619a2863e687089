/**
 * Collections of embedded rows in pgvector, the same SQL on in-process PGlite and on PostgreSQL.
 *
 * Layout: one table per collection, `"vec_<id>"` (key, content, hash, metadata, embedding vector(dim)), so each
 * has its own fixed dimension, its own HNSW index and a cheap DROP; `vector_collections` records each
 * collection's dimension and distance metric. Scores are higher-is-better for every metric:
 * cosine → 1 − cosine distance (−1…1), l2 → 1 / (1 + euclidean distance) (0…1], ip → the inner product.
 */
/** The pgvector SQL connection underneath: in-process PGlite or PostgreSQL (plugins/external/vector-store.ts). */
export interface VectorSql {
  kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export type VectorMetric = 'cosine' | 'l2' | 'ip';

export interface VectorRow {
  key: string;
  content: string;
  /** Hash of the source row, so a sync re-embeds only what changed. */
  hash: string;
  metadata: Record<string, unknown>;
  embedding: number[];
}

export interface VectorHit {
  key: string;
  content: string;
  metadata: Record<string, unknown>;
  score: number;
}

export interface HnswOptions {
  m?: number;
  efConstruction?: number;
}

export interface VectorStore {
  kind: VectorSql['kind'];
  /** Creates the collection, or checks that an existing one has this dimension and metric. */
  ensureCollection(id: string, dimension: number, metric: VectorMetric): Promise<void>;
  /** Inserts rows or replaces those with the same key. */
  upsert(id: string, rows: VectorRow[]): Promise<void>;
  delete(id: string, keys: string[]): Promise<number>;
  /** The HNSW index; build it once after a bulk load (idempotent). */
  buildIndex(id: string, opts?: HnswOptions): Promise<void>;
  /** The k nearest rows, best first; none for a cosine search with the zero vector. */
  search(id: string, embedding: number[], k: number): Promise<VectorHit[]>;
  count(id: string): Promise<number>;
  /** Each stored key with its source hash, for incremental sync. */
  hashes(id: string): Promise<Map<string, string>>;
  drop(id: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A caller's mistake (bad id or embedding, unknown or mismatched collection). It has no HTTP status, so one
 * that escapes a route is a masked 500: routes check first or map these to typed errors in src/errors.ts.
 */
export class VectorStoreError extends Error {
  constructor(readonly code: 'VEC_STORE_BAD_COLLECTION_ID' | 'VEC_STORE_NO_COLLECTION' | 'VEC_STORE_COLLECTION_MISMATCH' | 'VEC_STORE_BAD_EMBEDDING', message: string) {
    super(message);
    this.name = 'VectorStoreError';
  }
}

// Per metric: pgvector's distance operator, its HNSW operator class, and distance → higher-is-better score.
const METRICS: Record<VectorMetric, { op: string; opclass: string; score: string }> = {
  cosine: { op: '<=>', opclass: 'vector_cosine_ops', score: '1 - d' },
  l2: { op: '<->', opclass: 'vector_l2_ops', score: '1 / (1 + d)' },
  ip: { op: '<#>', opclass: 'vector_ip_ops', score: '-d' }, // <#> is the negative inner product
};

// Quoted identifiers keep ids exact; 48 characters leave room for "vec_" and "_hnsw" within PostgreSQL's 63.
const ID = /^[A-Za-z0-9_-]{1,48}$/;
const BATCH = 500;

function table(id: string): string {
  if (!ID.test(id)) throw new VectorStoreError('VEC_STORE_BAD_COLLECTION_ID', `collection id must be 1–48 of [A-Za-z0-9_-]: ${JSON.stringify(id)}`);
  return `"vec_${id}"`;
}

const literal = (v: number[]) => `[${v.join(',')}]`;

export function createVectorStore(sql: VectorSql): VectorStore {
  let catalogReady: Promise<unknown> | undefined;
  const catalog = () =>
    (catalogReady ??= sql
      .query(
        `CREATE TABLE IF NOT EXISTS vector_collections (
           id text PRIMARY KEY, dimension int NOT NULL, metric text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
      )
      .catch((err: unknown) => {
        catalogReady = undefined; // try again next time rather than fail forever
        throw err;
      }));

  async function info(id: string): Promise<{ dimension: number; metric: VectorMetric }> {
    table(id);
    await catalog();
    const [row] = await sql.query<{ dimension: number; metric: VectorMetric }>('SELECT dimension, metric FROM vector_collections WHERE id = $1', [id]);
    if (!row) throw new VectorStoreError('VEC_STORE_NO_COLLECTION', `no vector collection ${id}`);
    return row;
  }

  function checkEmbedding(v: number[], dimension: number) {
    if (v.length !== dimension || !v.every(Number.isFinite)) {
      throw new VectorStoreError('VEC_STORE_BAD_EMBEDDING', `embedding must be ${dimension} finite numbers (got ${v.length})`);
    }
  }

  return {
    kind: sql.kind,

    async ensureCollection(id, dimension, metric) {
      const t = table(id);
      if (!Number.isInteger(dimension) || dimension < 1 || dimension > 16000) throw new VectorStoreError('VEC_STORE_BAD_EMBEDDING', `bad dimension ${dimension}`);
      if (!(metric in METRICS)) throw new VectorStoreError('VEC_STORE_COLLECTION_MISMATCH', `unknown metric ${metric}`);
      await catalog();
      await sql.query('INSERT INTO vector_collections (id, dimension, metric) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [id, dimension, metric]);
      const have = await info(id);
      if (have.dimension !== dimension || have.metric !== metric) {
        throw new VectorStoreError('VEC_STORE_COLLECTION_MISMATCH', `collection ${id} is ${have.dimension}-d ${have.metric}, not ${dimension}-d ${metric}`);
      }
      await sql.query(
        `CREATE TABLE IF NOT EXISTS ${t} (
           key text PRIMARY KEY, content text NOT NULL, hash text NOT NULL,
           metadata jsonb NOT NULL DEFAULT '{}', embedding vector(${dimension}) NOT NULL)`,
      );
    },

    async upsert(id, rows) {
      const { dimension } = await info(id);
      for (const r of rows) checkEmbedding(r.embedding, dimension);
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        // One statement per batch: atomic without a transaction, which a shared connection could interleave.
        await sql.query(
          `INSERT INTO ${table(id)} (key, content, hash, metadata, embedding)
           SELECT k, c, h, m::jsonb, e::vector FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(k, c, h, m, e)
           ON CONFLICT (key) DO UPDATE SET content = EXCLUDED.content, hash = EXCLUDED.hash, metadata = EXCLUDED.metadata, embedding = EXCLUDED.embedding`,
          [
            batch.map((r) => r.key),
            batch.map((r) => r.content),
            batch.map((r) => r.hash),
            batch.map((r) => JSON.stringify(r.metadata ?? {})),
            batch.map((r) => literal(r.embedding)),
          ],
        );
      }
    },

    async delete(id, keys) {
      await info(id);
      if (keys.length === 0) return 0;
      const rows = await sql.query(`DELETE FROM ${table(id)} WHERE key = ANY($1::text[]) RETURNING key`, [keys]);
      return rows.length;
    },

    async buildIndex(id, opts = {}) {
      const { metric } = await info(id);
      const m = Math.trunc(opts.m ?? 16);
      const ef = Math.trunc(opts.efConstruction ?? 64);
      await sql.query(
        `CREATE INDEX IF NOT EXISTS "vec_${id}_hnsw" ON ${table(id)} USING hnsw (embedding ${METRICS[metric].opclass}) WITH (m = ${m}, ef_construction = ${ef})`,
      );
    },

    async search(id, embedding, k) {
      const { dimension, metric } = await info(id);
      checkEmbedding(embedding, dimension);
      // The zero vector (an empty text's embedding) has no direction: cosine would score every row NaN.
      if (metric === 'cosine' && embedding.every((x) => x === 0)) return [];
      const { op, score } = METRICS[metric];
      // ORDER BY the bare operator expression so the planner can use the HNSW index.
      const rows = await sql.query<VectorHit>(
        `SELECT key, content, metadata, ${score} AS score FROM (
           SELECT key, content, metadata, embedding ${op} $1::vector AS d FROM ${table(id)} ORDER BY embedding ${op} $1::vector LIMIT $2
         ) nearest ORDER BY d`,
        [literal(embedding), Math.max(1, Math.trunc(k))],
      );
      return rows.map((r) => ({ key: r.key, content: r.content, metadata: r.metadata, score: Number(r.score) }));
    },

    async count(id) {
      await info(id);
      const [row] = await sql.query<{ n: number | string }>(`SELECT count(*)::int AS n FROM ${table(id)}`);
      return Number(row?.n ?? 0);
    },

    async hashes(id) {
      await info(id);
      const rows = await sql.query<{ key: string; hash: string }>(`SELECT key, hash FROM ${table(id)}`);
      return new Map(rows.map((r) => [r.key, r.hash]));
    },

    async drop(id) {
      const t = table(id);
      await catalog();
      await sql.query(`DROP TABLE IF EXISTS ${t}`);
      await sql.query('DELETE FROM vector_collections WHERE id = $1', [id]);
    },

    async ping() {
      await sql.query("SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector AS d");
    },

    close: () => sql.close(),
  };
}
