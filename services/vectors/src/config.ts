import { Type, type Static } from 'typebox';
import { DatabaseConfig, UrlString, platformConfig } from '@app/service-kit';

export const ConfigSchema = Type.Object({
  ...platformConfig('vectors'),
  ...DatabaseConfig,
  /** A PostgreSQL with pgvector; unset → in-process PGlite + pgvector stored in VECTOR_DATA_DIR. */
  VECTOR_DB_URL: Type.Optional(UrlString(['postgres', 'postgresql'], 'postgres://… with the pgvector extension')),
  VECTOR_DATA_DIR: Type.String({ default: '.data/vectors', description: 'PGlite data dir, or memory:// for an in-memory store' }),
  SECRETS_KEY: Type.String({ minLength: 32, description: 'key that encrypts source-database passwords (≥ 32 chars)' }),
  SOURCE_CONNECT_TIMEOUT_MS: Type.Integer({ default: 5000, minimum: 100, maximum: 60_000, description: 'connect and query timeout when testing a source database, in ms' }),
  EMBEDDING_URL: Type.Optional(UrlString(['http', 'https'], 'OpenAI-compatible base URL')),
  EMBEDDING_MODEL: Type.String({ default: 'lexical-hash-384' }),
  /** Dimension of the built-in lexical (hashing, not semantic) embedder's vectors. */
  EMBEDDING_DIMENSION: Type.Integer({ default: 384, minimum: 8, maximum: 4096 }),
});
export type Config = Static<typeof ConfigSchema>;
