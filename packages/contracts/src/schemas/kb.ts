// What the vectors service answers about knowledge bases (api.md "Vectors, search, knowledge bases, tools").
import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from '../schema-types.js';

export const KB_RETRIEVAL_TYPES = ['vector', 'keyword', 'hybrid'] as const;

export const KbRetrievalConfigSchema = Type.Object({
  type: StringEnum(KB_RETRIEVAL_TYPES),
  topK: Type.Integer({ minimum: 1, maximum: 100 }),
  scoreThreshold: Type.Number({ minimum: 0, maximum: 1 }),
});
export type KbRetrievalConfig = Static<typeof KbRetrievalConfigSchema>;

export const KnowledgeBaseSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Nullable(Type.String()),
  vectorIds: Type.Array(Type.Integer()),
  retrievalConfig: KbRetrievalConfigSchema,
  createdBy: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type KnowledgeBase = Static<typeof KnowledgeBaseSchema>;

export const KbRetrievalHitSchema = Type.Object({
  id: Type.String({ description: "the row's source key within its collection" }),
  score: Type.Number({ description: '0…1 after fusion across the collections, higher is better' }),
  content: Type.String(),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  vectorId: Type.Integer(),
  highlights: Type.Array(Type.Object({ start: Type.Integer(), end: Type.Integer() })),
});

export const KbRetrievalAnswerSchema = Type.Object({
  results: Type.Array(KbRetrievalHitSchema),
  /** Collections of the knowledge base not searched (disabled, building, failed or deleted), with why. */
  skipped: Type.Array(Type.Object({ vectorId: Type.Integer(), title: Nullable(Type.String()), reason: StringEnum(['disabled', 'not-ready', 'missing'] as const) })),
  tookMs: Type.Number(),
});
export type KbRetrievalAnswer = Static<typeof KbRetrievalAnswerSchema>;

/** An API key as listed: never the key, only its prefix and last four characters. */
export const KbApiKeySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  masked: Type.String({ description: 'prefix…last4' }),
  createdBy: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type KbApiKey = Static<typeof KbApiKeySchema>;

/** The answer to creating a key: the only time the key itself is shown. */
export const KbApiKeyCreatedSchema = Type.Object({ ...KbApiKeySchema.properties, key: Type.String({ description: 'the key itself, shown this once' }) });
