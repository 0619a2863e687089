import { Type, type Static } from 'typebox';
import { CalendarConfig, DatabaseConfig, UrlString, platformConfig } from '@app/service-kit';

export const ConfigSchema = Type.Object({
  ...platformConfig('vectors'),
  ...DatabaseConfig,
  ...CalendarConfig,
  VECTOR_WORKER: Type.Union([Type.Literal('inprocess'), Type.Literal('off')], {
    default: 'inprocess',
    description: 'inprocess: this process also builds and syncs collections (required with the in-process PGlite store); off: only separate workers do (VECTOR_DB_URL set)',
  }),
  VECTOR_JOB_LOCK_MS: Type.Integer({ default: 30_000, minimum: 500, description: 'a build worker silent this long has died: its build goes on elsewhere from its last committed page' }),
  VECTOR_JOB_CONCURRENCY: Type.Integer({ default: 1, minimum: 1, maximum: 16, description: 'builds and syncs one process runs at once, per kind' }),
  /** A PostgreSQL with pgvector; unset → in-process PGlite + pgvector stored in VECTOR_DATA_DIR. */
  VECTOR_DB_URL: Type.Optional(UrlString(['postgres', 'postgresql'], 'postgres://… with the pgvector extension')),
  VECTOR_DATA_DIR: Type.String({ default: '.data/vectors', description: 'PGlite data dir, or memory:// for an in-memory store' }),
  SECRETS_KEY: Type.String({ minLength: 32, description: 'key that encrypts source-database passwords (≥ 32 chars)' }),
  SECRETS_KEY_PREVIOUS: Type.Optional(Type.String({ minLength: 32, description: 'during a key rotation, the old SECRETS_KEY: passwords it sealed still open until vectors:rotate-secrets re-seals them' })),
  SOURCE_CONNECT_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 60_000, description: 'connect and query timeout when testing a source database, in ms' }),
  EMBEDDING_URL: Type.Optional(UrlString(['http', 'https'], 'OpenAI-compatible base URL (OpenAI, Ollama, vLLM, TEI), with or without /v1')),
  EMBEDDING_REMOTE_MODELS: Type.String({ default: '', description: 'models served at EMBEDDING_URL, comma separated; name:dim skips the probe that learns the dimension' }),
  EMBEDDING_API_KEY: Type.Optional(Type.String({ minLength: 1, description: 'sent as Authorization: Bearer to EMBEDDING_URL (or EMBEDDING_API_KEY_FILE)' })),
  /** Unset → the built-in lexical model, lexical-hash-<EMBEDDING_DIMENSION> (lexical-hash-384 by default). */
  EMBEDDING_MODEL: Type.Optional(Type.String({ minLength: 1, description: 'the default model of new collections: the lexical one or one of EMBEDDING_REMOTE_MODELS' })),
  EMBEDDING_BATCH_SIZE: Type.Integer({ default: 64, minimum: 1, maximum: 2048, description: 'texts per request to EMBEDDING_URL' }),
  EMBEDDING_RETRIES: Type.Integer({ default: 3, minimum: 0, maximum: 10, description: 'retries of a request to EMBEDDING_URL after a 429, a 5xx, a timeout or a network error' }),
  EMBEDDING_TIMEOUT_MS: Type.Integer({ default: 30_000, minimum: 100, maximum: 600_000, description: 'timeout of one request to EMBEDDING_URL, in ms' }),
  /** Dimension of the built-in lexical (hashing, not semantic) embedder's vectors. */
  EMBEDDING_DIMENSION: Type.Integer({ default: 384, minimum: 8, maximum: 4096, description: 'dimension of the built-in lexical embedder' }),
  // Half the gateway's BODY_LIMIT_BYTES by default, so text over the cap meets this 413 with its own key rather
  // than the gateway's body limit; raise both together.
  LLM_CLEAN_MAX_BYTES: Type.Integer({ default: 524_288, minimum: 1024, maximum: 16_777_216, description: 'largest text POST /api/tools/llm-clean cleans, in UTF-8 bytes (413 above); keep it at most half the gateway BODY_LIMIT_BYTES' }),
});
export type Config = Static<typeof ConfigSchema>;
