// What the vectors service answers about collections, the wizard and embedding models (api.md "Vectors").
import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from '../schema-types.js';
import { TASK_STATUSES } from '../statuses.js';

export const COLLECTION_STATUSES = ['building', 'ready', 'error'] as const;
export type CollectionStatus = (typeof COLLECTION_STATUSES)[number];
export const VECTOR_METRICS = ['cosine', 'l2', 'ip'] as const;

/** A table of a source database, as the wizard lists it. */
export const SourceTableSchema = Type.Object({
  id: Type.String({ description: 'table name (MySQL); PostgreSQL: the name in schema public, else schema.table' }),
  name: Type.String(),
  schema: Type.Optional(Type.String()),
  rowEstimate: Type.Integer({ description: "the source's statistics estimate, not an exact count; -1 when it has none" }),
  comment: Type.Optional(Type.String()),
});
export type SourceTableInfo = Static<typeof SourceTableSchema>;

export const SourceFieldSchema = Type.Object({
  key: Type.String({ description: '<tableId>.<column>' }),
  table: Type.String(),
  column: Type.String(),
  type: Type.String(),
  nullable: Type.Boolean(),
  primaryKey: Type.Boolean(),
  unique: Type.Boolean(),
  comment: Type.Optional(Type.String()),
});
export type SourceFieldInfo = Static<typeof SourceFieldSchema>;

/** `POST /api/vectors/wizard/preview`: the text that would be embedded for the first rows. */
export const PreviewSchema = Type.Object({
  rows: Type.Array(Type.Object({ key: Type.String(), content: Type.String(), metadata: Type.Record(Type.String(), Type.Unknown()) })),
  rowEstimate: Type.Integer(),
});
export type CollectionPreview = Static<typeof PreviewSchema>;

/** A background task as a collection shows it: the build or sync in progress or the last one. */
export const CollectionTaskSchema = Type.Object({
  id: Type.String(),
  type: Type.String({ description: 'vector_build or vector_sync' }),
  status: StringEnum(TASK_STATUSES),
  progress: Type.Integer(),
  error: Nullable(Type.String()),
  result: Type.Unknown({ description: 'counts: { rows, docs } for a build; { added, updated, removed, unchanged } for a sync' }),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});
export type CollectionTask = Static<typeof CollectionTaskSchema>;

export const CollectionSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  dbId: Nullable(Type.Integer()),
  connectionName: Nullable(Type.String()),
  tableIds: Type.Array(Type.String()),
  fieldKeys: Type.Array(Type.String()),
  joinConfig: Type.Array(Type.Object({ left: Type.String(), right: Type.String(), type: Type.String() })),
  advancedConfig: Type.Record(Type.String(), Type.Unknown()),
  embeddingModel: Type.String(),
  dimension: Type.Integer(),
  metric: StringEnum(VECTOR_METRICS),
  efSearch: Type.Integer({ description: "hnsw.ef_search of this collection's vector searches (advancedConfig.efSearch; pgvector's 40 until set)" }),
  docCount: Type.Integer(),
  status: StringEnum(COLLECTION_STATUSES),
  lastError: Nullable(Type.String()),
  isEnabled: Type.Boolean(),
  syncEnabled: Type.Boolean(),
  syncExpression: Nullable(Type.String()),
  lastSyncAt: Nullable(Type.String()),
  /** The latest build or sync task of this collection. */
  task: Nullable(CollectionTaskSchema),
  createdBy: Nullable(Type.Integer()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Collection = Static<typeof CollectionSchema>;

/** `GET /api/vectors/embedding-models`: what a collection can be built with. */
export const EmbeddingModelSchema = Type.Object({
  model: Type.String(),
  provider: Type.String({ description: 'lexical (built in, not semantic) or openai (an OpenAI-compatible endpoint)' }),
  dimension: Nullable(Type.Integer({ description: 'null until the provider has been asked' })),
  isDefault: Type.Boolean(),
});
export type EmbeddingModel = Static<typeof EmbeddingModelSchema>;

/** `GET /api/vectors/cron-preview`: the next run times of a sync schedule in PLATFORM_TIMEZONE. */
export const CronPreviewSchema = Type.Object({ expression: Type.String(), zone: Type.String(), next: Type.Array(Type.String({ format: 'date-time' })) });
export type CronPreview = Static<typeof CronPreviewSchema>;

const searchScalar = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);

/** `POST /api/search/vector`'s body. */
export const SearchRequestSchema = Type.Object(
  {
    vectorId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    query: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
    type: Type.Union([Type.Literal('vector'), Type.Literal('keyword'), Type.Literal('hybrid')], { default: 'vector' }),
    topK: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
    scoreThreshold: Type.Optional(Type.Number({ description: 'results scoring below it are dropped (after fusion for hybrid); scores are higher-is-better' })),
    filters: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 128 }), Type.Union([searchScalar, Type.Array(searchScalar, { minItems: 1, maxItems: 100 })]), {
        maxProperties: 16,
        description: 'metadata equality filters: { column: value } or { column: [values] } (any of them); values compare as text',
      }),
    ),
    fusion: Type.Optional(
      Type.Object(
        {
          k: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'reciprocal-rank constant (60)' })),
          vectorWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
          keywordWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SearchRequestBody = Static<typeof SearchRequestSchema>;
export type SearchKind = SearchRequestBody['type'];

/** One result of `POST /api/search/vector`. */
export const SearchHitSchema = Type.Object({
  id: Type.String({ description: "the row's key in the collection (its source primary key)" }),
  score: Type.Number({ description: 'higher is better: 1 − cosine distance, 1/(1+L2), the inner product, the text rank, or the fused 0…1' }),
  content: Type.String(),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  highlights: Type.Array(Type.Object({ start: Type.Integer(), end: Type.Integer() }), { description: "where the query's words occur in content: [start, end) offsets" }),
});
export type SearchHit = Static<typeof SearchHitSchema>;

export const SearchAnswerSchema = Type.Object({
  results: Type.Array(SearchHitSchema),
  type: Type.String(),
  tookMs: Type.Number(),
});
export type SearchAnswer = Static<typeof SearchAnswerSchema>;

/** `PUT /api/vectors/:id/search-config`'s body. */
export const SearchConfigRequestSchema = Type.Object(
  { efSearch: Type.Integer({ minimum: 1, maximum: 1000, description: 'hnsw.ef_search of every vector search of the collection: higher finds more of the true nearest, slower' }) },
  { additionalProperties: false },
);
export type SearchConfigRequest = Static<typeof SearchConfigRequestSchema>;

/** `POST /api/vectors/:id/recall`'s body: every field optional. */
export const RecallRequestSchema = Type.Object(
  {
    sample: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'random stored rows whose embeddings are the queries' })),
    topK: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
    efSearch: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "try another ef_search; default: the collection's" })),
  },
  { additionalProperties: false },
);
export type RecallRequest = Static<typeof RecallRequestSchema>;

/** `POST /api/vectors/:id/recall`: recall@topK of HNSW at efSearch against exact search. */
export const RecallAnswerSchema = Type.Object({
  efSearch: Type.Integer({ description: 'the ef_search HNSW searched with' }),
  sample: Type.Integer({ description: 'queries measured' }),
  topK: Type.Integer(),
  docCount: Type.Integer(),
  recall: Nullable(Type.Number({ description: 'mean recall@topK, 0…1; null when the collection has no rows to sample' })),
  perQuery: Type.Array(Type.Object({ key: Type.String({ description: "the sampled row's key" }), recall: Type.Number() })),
  hnswMs: Type.Number({ description: 'mean milliseconds a query through the HNSW index' }),
  exactMs: Type.Number({ description: 'mean milliseconds a query by exact search (every row compared)' }),
});
export type RecallAnswer = Static<typeof RecallAnswerSchema>;

/** A source connection as answered (`/api/vectors/connections`): no password field at all, only whether one is stored. */
export const SourceConnectionSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: StringEnum(['mysql', 'postgres'] as const),
  host: Type.String(),
  port: Type.Integer(),
  database: Type.String(),
  username: Type.String(),
  hasPassword: Type.Boolean(),
  options: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'free-form driver hints, kept as given' })),
  createdBy: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
}, { description: 'a source database the platform reads from (read-only); the password is never returned' });

export const ConnectionTestResultSchema = Type.Object({
  ok: Type.Boolean(),
  version: Type.Optional(Type.String({ description: 'server version reported by the source' })),
  tookMs: Type.Integer(),
});
export type SourceConnectionInfo = Static<typeof SourceConnectionSchema>;
export type ConnectionTestResult = Static<typeof ConnectionTestResultSchema>;
