import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PreviewSchema, SourceFieldSchema, SourceTableSchema } from '@app/contracts';
import type { ConnectionRepository } from '../../plugins/app/connection-repository.js';
import { withSource, type SourceOpener } from '../../plugins/app/sources.js';
import { PlanRequestFields, planOf } from '../../schemas/plan.js';

const tags = ['vectors'];
const dbId = PlanRequestFields.dbId;

const DatabaseSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: Type.String({ description: 'mysql or postgres' }),
  database: Type.String(),
  host: Type.String(),
});
const PreviewBodySchema = Type.Object(
  { ...PlanRequestFields, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5, description: 'main-table rows to render' })) },
  { additionalProperties: false },
);

type Options = { connections: ConnectionRepository; open: SourceOpener; defaultModel: string };

/**
 * The collection wizard (api.md "Vectors"): pick a saved connection, its tables, their fields, and see the
 * text the first rows would be embedded as. Each request opens the source read-only and closes it.
 */
const wizardRoutes: FastifyPluginAsyncTypebox<Options> = async (app, opts) => {
  app.get('/api/vectors/wizard/databases', { schema: { tags, response: { 200: Type.Array(DatabaseSchema) } } }, async () => {
    const rows = await opts.connections.all();
    return rows.map((c) => ({ id: c.id, name: c.name, type: c.type, database: c.database, host: c.host }));
  });

  app.get('/api/vectors/wizard/tables', {
    schema: { tags, querystring: Type.Object({ dbId }), response: { 200: Type.Array(SourceTableSchema) } },
  }, async (request) => withSource(opts.open, request.query.dbId, (source) => source.listTables()));

  app.get('/api/vectors/wizard/fields', {
    schema: { tags, querystring: Type.Object({ dbId, tableId: Type.String({ minLength: 1, maxLength: 200 }) }), response: { 200: Type.Array(SourceFieldSchema) } },
  }, async (request) => withSource(opts.open, request.query.dbId, (source) => source.listFields(request.query.tableId)));

  // Checks the plan as the create route will, then renders the first rows: what you see is what gets embedded.
  app.post('/api/vectors/wizard/preview', { schema: { tags, body: PreviewBodySchema, response: { 200: PreviewSchema } } }, async (request) => {
    const { limit = 5, ...body } = request.body;
    return withSource(opts.open, body.dbId, async (source) => {
      const plan = await source.validate(planOf(body, opts.defaultModel));
      const [page, rowEstimate] = await Promise.all([source.readPage(plan, null, limit), source.estimateRows(plan)]);
      return { rows: page.docs.map(({ key, content, metadata }) => ({ key, content, metadata })), rowEstimate };
    });
  });
};
export default wizardRoutes;
