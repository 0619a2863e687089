import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DbConnection } from '@app/db';
import { Page, pageOf } from '@app/service-kit';
import type { ConnectionRepository } from '../../plugins/app/connection-repository.js';
import type { SecretBox } from '../../plugins/app/secret-box.js';
import type { VectorRepository } from '../../plugins/app/vector-repository.js';
import type { probeSource } from '../../plugins/app/source-probe.js';
import {
  ConnectionCreateSchema, ConnectionListQuery, ConnectionParams, ConnectionSchema, ConnectionTestResultSchema, ConnectionUpdateSchema,
} from '../../schemas/connections.js';
import { ConnectionFailedError, ConnectionInUseError, ConnectionNotFoundError, ConnectionSecretUnreadableError } from '../../errors.js';

const tags = ['vectors'];
/** How many of the collections using a connection a refused delete names. */
const IN_USE_NAMED = 3;

function present(c: DbConnection) {
  return {
    id: c.id,
    name: c.name,
    type: c.type as 'mysql' | 'postgres',
    host: c.host,
    port: c.port,
    database: c.database,
    username: c.username,
    hasPassword: c.passwordEncrypted !== '',
    options: (c.options ?? null) as Record<string, unknown> | null,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

type Options = { connections: ConnectionRepository; vectors: VectorRepository; secrets: SecretBox; probe: typeof probeSource; timeoutMs: number };

/** Source connections of seed 004 §4 (api.md "Vectors"): the databases vector builds read from. */
const connectionRoutes: FastifyPluginAsyncTypebox<Options> = async (app, opts) => {
  const seal = (password: string) => (password === '' ? '' : opts.secrets.seal(password));

  async function existing(id: number) {
    const found = await opts.connections.find(id);
    if (!found) throw new ConnectionNotFoundError();
    return found;
  }

  app.get('/api/vectors/connections', { schema: { tags, querystring: ConnectionListQuery, response: { 200: Page(ConnectionSchema) } } }, async (request) => {
    const { current, size, skip, take } = pageOf(request.query);
    const [rows, total] = await opts.connections.page({ skip, take });
    return { records: rows.map(present), total, current, size };
  });

  app.post('/api/vectors/connections', { schema: { tags, body: ConnectionCreateSchema, response: { 201: ConnectionSchema } } }, async (request, reply) => {
    const { password = '', options = null, name, ...rest } = request.body;
    const created = await opts.connections.create({
      ...rest, name: name.trim(), passwordEncrypted: seal(password), options, createdBy: request.identity?.userId ?? null,
    });
    reply.code(201);
    return present(created);
  });

  app.put('/api/vectors/connections/:id', { schema: { tags, params: ConnectionParams, body: ConnectionUpdateSchema, response: { 200: ConnectionSchema } } }, async (request) => {
    await existing(request.params.id);
    const { password, options, name, ...rest } = request.body;
    const updated = await opts.connections.update(request.params.id, {
      ...rest,
      name: name?.trim(),
      passwordEncrypted: password === undefined ? undefined : seal(password),
      options,
    });
    return present(updated);
  });

  app.delete('/api/vectors/connections/:id', { schema: { tags, params: ConnectionParams, response: { 200: Type.Object({ id: Type.Integer(), deleted: Type.Boolean() }) } } }, async (request) => {
    await existing(request.params.id);
    // A collection without its source could neither sync nor rebuild: the collections go first.
    const using = await opts.vectors.usingConnection(request.params.id, IN_USE_NAMED + 1);
    if (using.length > 0) {
      const named = using.slice(0, IN_USE_NAMED).map((v) => `「${v.title}」`).join('、');
      throw new ConnectionInUseError(using.length > IN_USE_NAMED ? `${named} 等` : named);
    }
    await opts.connections.remove(request.params.id);
    return { id: request.params.id, deleted: true };
  });

  // Connects with the saved settings, runs SELECT 1 and closes: any failure is the caller's to fix (400).
  app.post('/api/vectors/connections/:id/test', { schema: { tags, params: ConnectionParams, response: { 200: ConnectionTestResultSchema } } }, async (request) => {
    const c = await existing(request.params.id);
    const password = c.passwordEncrypted === '' ? '' : opts.secrets.open(c.passwordEncrypted);
    if (password === null) throw new ConnectionSecretUnreadableError();
    const started = Date.now();
    const result = await opts.probe({ type: c.type, host: c.host, port: c.port, database: c.database, username: c.username, password }, opts.timeoutMs);
    if (!result.ok) throw new ConnectionFailedError(result.error);
    return { ok: true, version: result.version, tookMs: Date.now() - started };
  });
};
export default connectionRoutes;
