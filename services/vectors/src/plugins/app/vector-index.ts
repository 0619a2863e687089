/**
 * Collections of embedded rows in pgvector, the same SQL on in-process PGlite and on PostgreSQL.
 *
 * Layout: one table per collection, `"vec_<id>"` (key, content, hash, metadata, embedding vector(dim)), so each
 * has its own fixed dimension, its own HNSW index and a cheap DROP; `vector_collections` records each
 * collection's dimension and distance metric. Scores are higher-is-better for every metric:
 * cosine → 1 − cosine distance (−1…1), l2 → 1 / (1 + euclidean distance) (0…1], ip → the inner product.
 */
import { textArray, vectorArray } from './pg-binary.js';

/**
 * The pgvector SQL connection underneath: PGlite on a thread of this process, or PostgreSQL, both through `pg`
 * (plugins/external/vector-store.ts), which sends Buffer parameters in binary (the bulk upsert relies on it).
 */
export interface VectorSql {
  kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * True while a live one-connection store runs or queues a statement (an index build can hold it for minutes):
   * ping answers from this rather than wait behind it.
   */
  busy?(): boolean;
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

/** How a nearest-neighbour search runs: HNSW with this ef_search (for this query only), or exact (no index, every row compared). */
export interface NearestOptions {
  efSearch?: number;
  exact?: boolean;
}

/** What BM25 needs besides the matching rows: corpusStats, and the document frequency of every query word. */
export interface Bm25Stats {
  docs: number;
  avgLength: number;
  df: Map<string, number>;
}

/** Equality filters on stored metadata: each key's value (compared as text) must be the value or one of the values. */
export type MetadataFilter = Record<string, string | number | boolean | (string | number | boolean)[]>;

export interface VectorStore {
  kind: VectorSql['kind'];
  /** Creates the collection, or checks that an existing one has this dimension and metric. */
  ensureCollection(id: string, dimension: number, metric: VectorMetric): Promise<void>;
  /** Inserts rows or replaces those with the same key. */
  upsert(id: string, rows: VectorRow[]): Promise<void>;
  delete(id: string, keys: string[]): Promise<number>;
  /** The HNSW index, and the word index keyword search uses; build them once after a bulk load (idempotent). */
  buildIndex(id: string, opts?: HnswOptions): Promise<void>;
  /** The k nearest rows (among those the filter keeps), best first; none for a cosine search with the zero vector. */
  search(id: string, embedding: number[], k: number, filter?: MetadataFilter, opts?: NearestOptions): Promise<VectorHit[]>;
  /**
   * The k rows that best match these words (cut by the store's tokenizer) by BM25 over each row's segmented text, best first.
   * `stats` (corpusStats and documentFrequencies of these words, e.g. cached) spares counting the collection per query.
   * `candidates` (some of the words): only rows with one of them are scored (still by every word), for a caller
   * that knows no other row can rank in the k (MaxScore pruning, search.ts).
   */
  keywordSearch(id: string, words: string[], k: number, filter?: MetadataFilter, stats?: Bm25Stats, candidates?: string[]): Promise<VectorHit[]>;
  /** BM25's collection-wide figures: how many rows, and their mean length in words (at least 1). */
  corpusStats(id: string): Promise<{ docs: number; avgLength: number }>;
  /** How many rows contain each of these words. */
  documentFrequencies(id: string, words: string[]): Promise<Map<string, number>>;
  /** Up to n random rows' keys and stored embeddings (query samples for a recall check). */
  sample(id: string, n: number): Promise<{ key: string; embedding: number[] }[]>;
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
/** maintenance_work_mem of an HNSW build: the graph of ~200 k vectors of 384 dimensions fits in memory. */
const INDEX_BUILD_MEMORY = '512MB';

function table(id: string): string {
  if (!ID.test(id)) throw new VectorStoreError('VEC_STORE_BAD_COLLECTION_ID', `collection id must be 1–48 of [A-Za-z0-9_-]: ${JSON.stringify(id)}`);
  return `"vec_${id}"`;
}

// pgvector stores float4: each number as the float it becomes, in the 9 digits that say that float exactly
// (half the text of a double's shortest form, so less to build here and to parse in the database).
const literal = (v: number[]) => `[${v.map((x) => Math.fround(x).toPrecision(9)).join(',')}]`;

/** `AND …` conditions for a metadata filter, its values appended to `params` (compared as text). */
function filterSql(filter: MetadataFilter | undefined, params: unknown[]): string {
  let where = '';
  for (const [name, value] of Object.entries(filter ?? {})) {
    params.push(name, (Array.isArray(value) ? value : [value]).map(String));
    where += ` AND metadata->>$${params.length - 1} = ANY($${params.length}::text[])`;
  }
  return where;
}

// BM25's usual constants: term-frequency saturation and length normalisation.
export const BM25_K1 = 1.2;
const BM25_B = 0.75;

/**
 * `tokenize` segments each row's text for keyword search (the lexical embedder's tokenizer, jieba for
 * Chinese); the words are stored with the row, so a query's words are matched exactly as they were cut.
 */
export function createVectorStore(sql: VectorSql, opts: { tokenize?: (text: string) => string[] } = {}): VectorStore {
  const tokenize = opts.tokenize ?? ((text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
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

  // pgvector's type OID in this database (binary vector[] parameters name their element type).
  let vectorOidReady: Promise<number> | undefined;
  const vectorOid = () =>
    (vectorOidReady ??= sql.query<{ oid: number }>(`SELECT 'vector'::regtype::oid AS oid`).then(
      ([row]) => Number(row!.oid),
      (err: unknown) => {
        vectorOidReady = undefined;
        throw err;
      },
    ));

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
           metadata jsonb NOT NULL DEFAULT '{}', embedding vector(${dimension}) NOT NULL,
           words text[] NOT NULL DEFAULT '{}')`,
      );

    },

    async upsert(id, rows) {
      const { dimension } = await info(id);
      for (const r of rows) checkEmbedding(r.embedding, dimension);
      const oid = await vectorOid();
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        // One statement per batch: atomic without a transaction, which a shared connection could interleave.
        // Arrays in binary (pg-binary.ts): the embeddings as float4s, never formatted here or parsed there.
        await sql.query(
          `INSERT INTO ${table(id)} (key, content, hash, metadata, embedding, words)
           SELECT k, c, h, m::jsonb, e, string_to_array(w, ' ')
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::vector[], $6::text[]) AS u(k, c, h, m, e, w)
           ON CONFLICT (key) DO UPDATE SET content = EXCLUDED.content, hash = EXCLUDED.hash, metadata = EXCLUDED.metadata,
             embedding = EXCLUDED.embedding, words = EXCLUDED.words`,
          [
            textArray(batch.map((r) => r.key)),
            textArray(batch.map((r) => r.content)),
            textArray(batch.map((r) => r.hash)),
            textArray(batch.map((r) => JSON.stringify(r.metadata ?? {}))),
            vectorArray(oid, batch.map((r) => r.embedding)),
            // Words are letters and digits only, so a space joins them unambiguously.
            textArray(batch.map((r) => tokenize(r.content).join(' '))),
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
      // pgvector builds the graph in memory only while it fits maintenance_work_mem (64 MB by default: about 30 k
      // vectors of 384 dimensions), then goes on inserting on disk, several times slower. One statement raises it
      // for this build alone (never lowering a larger server setting), on PGlite and on a pooled connection alike.
      await sql.query(
        `DO $$ BEGIN
           IF pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes('${INDEX_BUILD_MEMORY}') THEN
             PERFORM set_config('maintenance_work_mem', '${INDEX_BUILD_MEMORY}', true);
           END IF;
           CREATE INDEX IF NOT EXISTS "vec_${id}_hnsw" ON ${table(id)} USING hnsw (embedding ${METRICS[metric].opclass}) WITH (m = ${m}, ef_construction = ${ef});
         END $$`,
      );
      // Keyword search finds its candidates through this one (words && query words).
      await sql.query(`CREATE INDEX IF NOT EXISTS "vec_${id}_words" ON ${table(id)} USING gin (words)`);
    },

    async search(id, embedding, k, filter, opts = {}) {
      const { dimension, metric } = await info(id);
      checkEmbedding(embedding, dimension);
      // The zero vector (an empty text's embedding) has no direction: cosine would score every row NaN.
      if (metric === 'cosine' && embedding.every((x) => x === 0)) return [];
      const { op, score } = METRICS[metric];
      const params: unknown[] = [literal(embedding), Math.max(1, Math.trunc(k))];
      let where = filterSql(filter, params);
      // hnsw.ef_search for this statement alone (set_config local to its implicit transaction, like SET LOCAL): an
      // InitPlan that the plan's one-time filter runs before the index scan reads the setting on its first row.
      if (opts.efSearch !== undefined && !opts.exact) {
        params.push(String(Math.min(1000, Math.max(1, Math.trunc(opts.efSearch)))));
        where += ` AND (SELECT set_config('hnsw.ef_search', $${params.length}, true)) IS NOT NULL`;
      }
      // ORDER BY the bare operator expression so the planner can use the HNSW index; exact: an expression it
      // cannot, so every row's distance is sorted.
      const order = opts.exact ? `(embedding ${op} $1::vector) + 0` : `embedding ${op} $1::vector`;
      const rows = await sql.query<VectorHit>(
        `SELECT key, content, metadata, ${score} AS score FROM (
           SELECT key, content, metadata, embedding ${op} $1::vector AS d FROM ${table(id)}
           WHERE true${where} ORDER BY ${order} LIMIT $2
         ) nearest ORDER BY d`,
        params,
      );
      return rows.map((r) => ({ key: r.key, content: r.content, metadata: r.metadata, score: Number(r.score) }));
    },

    async keywordSearch(id, words, k, filter, given, candidates) {
      await info(id);
      const t = table(id);
      // Words as this store's tokenizer cuts them (the caller cut the query with it): matched exactly.
      const wanted = [...new Set(words)].filter((w) => w.length > 0);
      if (wanted.length === 0) return [];
      const params: unknown[] = [wanted, Math.max(1, Math.trunc(k))];
      const where = filterSql(filter, params);
      let scan = '$1';
      if (candidates) {
        params.push(candidates);
        scan = `$${params.length}`;
      }
      let stats = `SELECT count(*)::float8 AS n, greatest(avg(cardinality(words)), 1)::float8 AS avglen FROM ${t}`;
      let df = `SELECT q.word, (SELECT count(*) FROM ${t} WHERE words @> ARRAY[q.word])::float8 AS n FROM q`;
      if (given) {
        params.push(given.docs, given.avgLength, wanted.map((w) => given.df.get(w) ?? 0));
        stats = `SELECT $${params.length - 2}::float8 AS n, $${params.length - 1}::float8 AS avglen`;
        df = `SELECT * FROM unnest($1::text[], $${params.length}::float8[]) AS d(word, n)`;
      }
      // BM25: Σ over the query's words of idf × tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen)), over the rows that
      // share a word with the query (found through the GIN index), the best k. One expression a row, the words'
      // idf worked out once (w): no join or aggregate per row, and a top-k sort.
      const tf = (i: number) => `cardinality(array_positions(h.words, ($1::text[])[${i}]))`;
      const score = wanted.map((_, i) => `w.idf[${i + 1}] * ${tf(i + 1)} * ${BM25_K1 + 1} / (${tf(i + 1)} + h.norm)`).join(' + ');
      const rows = await sql.query<VectorHit>(
        `WITH q AS (SELECT word, ord FROM unnest($1::text[]) WITH ORDINALITY AS u(word, ord)),
         stats AS MATERIALIZED (${stats}),
         df AS MATERIALIZED (${df}),
         w AS MATERIALIZED (
           SELECT s.avglen, array_agg(ln(1 + (s.n - df.n + 0.5) / (df.n + 0.5)) ORDER BY q.ord) AS idf
           FROM q JOIN df USING (word) CROSS JOIN stats s GROUP BY s.avglen),
         scored AS (
           SELECT h.key, (${score})::float8 AS score
           FROM (SELECT key, words, ${BM25_K1} * (${1 - BM25_B} + ${BM25_B} * cardinality(words) / w.avglen) AS norm
                 FROM ${t} CROSS JOIN w WHERE words && ${scan}::text[]${where}) h
           CROSS JOIN w
           ORDER BY score DESC, h.key LIMIT $2)
         SELECT r.key, r.content, r.metadata, scored.score FROM scored JOIN ${t} r USING (key) ORDER BY scored.score DESC, r.key`,
        params,
      );
      return rows.map((r) => ({ key: r.key, content: r.content, metadata: r.metadata, score: Number(r.score) }));
    },

    async corpusStats(id) {
      await info(id);
      const [row] = await sql.query<{ n: number; avglen: number }>(
        `SELECT count(*)::float8 AS n, greatest(avg(cardinality(words)), 1)::float8 AS avglen FROM ${table(id)}`,
      );
      return { docs: Number(row?.n ?? 0), avgLength: Number(row?.avglen ?? 1) };
    },

    async documentFrequencies(id, words) {
      await info(id);
      const wanted = [...new Set(words)].filter((w) => w.length > 0);
      if (wanted.length === 0) return new Map();
      const rows = await sql.query<{ word: string; n: number | string }>(
        `SELECT q.word, (SELECT count(*) FROM ${table(id)} WHERE words @> ARRAY[q.word])::int AS n FROM unnest($1::text[]) AS q(word)`,
        [wanted],
      );
      return new Map(rows.map((r) => [r.word, Number(r.n)]));
    },

    async sample(id, n) {
      await info(id);
      const rows = await sql.query<{ key: string; embedding: string }>(
        `SELECT key, embedding::text AS embedding FROM ${table(id)} ORDER BY random() LIMIT $1`,
        [Math.max(0, Math.trunc(n))],
      );
      return rows.map((r) => ({ key: r.key, embedding: JSON.parse(r.embedding) as number[] }));
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
      if (sql.busy?.()) return;
      await sql.query("SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector AS d");
    },

    close: () => sql.close(),
  };
}
