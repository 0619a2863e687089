import { Type } from 'typebox';
import { Nullable, PageQuerySchema } from '@app/service-kit';

// Source databases the vector builds read from. The platform only reads them (SELECT): give it a read-only
// account. The password is write-only: stored encrypted (AES-256-GCM), never part of any answer.

const name = Type.String({ minLength: 1, maxLength: 64, pattern: '\\S', description: 'display name, 1–64 characters' });
const type = Type.Union([Type.Literal('mysql'), Type.Literal('postgres')], { description: 'mysql (MySQL or MariaDB) or postgres' });
const host = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^\\s/]+$', description: 'host name or IP address of the source' });
const port = Type.Integer({ minimum: 1, maximum: 65535 });
const database = Type.String({ minLength: 1, maxLength: 128, description: 'database (schema) to read' });
const username = Type.String({ minLength: 1, maxLength: 128, description: 'a read-only account is enough: the platform never writes to a source' });
const password = Type.String({ maxLength: 512, description: 'write-only: stored encrypted, never returned; empty when the account has none' });
const options = Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'free-form driver hints, kept as given' }));

export const ConnectionCreateSchema = Type.Object(
  { name, type, host, port, database, username, password: Type.Optional(password), options: Type.Optional(options) },
  { additionalProperties: false, description: 'a source database the platform reads from (read-only)' },
);
export const ConnectionUpdateSchema = Type.Object(
  {
    name: Type.Optional(name), type: Type.Optional(type), host: Type.Optional(host), port: Type.Optional(port),
    database: Type.Optional(database), username: Type.Optional(username),
    password: Type.Optional(Type.String({ maxLength: 512, description: 'omit to keep the stored password; an empty string removes it' })),
    options: Type.Optional(options),
  },
  { additionalProperties: false },
);
export const ConnectionParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export const ConnectionListQuery = PageQuerySchema;

/** A connection as answered: no password field at all, only whether one is stored. */
export const ConnectionSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type,
  host: Type.String(),
  port: Type.Integer(),
  database: Type.String(),
  username: Type.String(),
  hasPassword: Type.Boolean(),
  options: options,
  createdBy: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
}, { description: 'a source database the platform reads from (read-only); the password is never returned' });

export const ConnectionTestResultSchema = Type.Object({
  ok: Type.Boolean(),
  version: Type.Optional(Type.String({ description: 'server version reported by the source' })),
  tookMs: Type.Integer(),
});
