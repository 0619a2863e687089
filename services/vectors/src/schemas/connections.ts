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

// The answers' shapes live in the contracts (the console imports them as types).
export { SourceConnectionSchema as ConnectionSchema, ConnectionTestResultSchema } from '@app/contracts';
