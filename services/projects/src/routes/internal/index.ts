import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NamesQuerySchema, NamesSchema } from '@app/contracts';
import { internalOnly } from '@app/service-kit';
import type { ProjectRepository } from '../../plugins/app/project-repository.js';
import { ProjectOwnersSchema } from '../../schemas/projects.js';

/**
 * For other services: how many projects a user owns, or all of them (the dashboard); names by id (stats
 * labels); owners by id (stats' ownership check).
 */
const projectInternalRoutes: FastifyPluginAsyncTypebox<{ internalToken: string; projects: ProjectRepository }> = async (app, opts) => {
  app.addHook('preHandler', internalOnly(opts.internalToken));
  app.get(
    '/projects/count',
    { schema: { hide: true, querystring: Type.Object({ userId: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: Type.Object({ count: Type.Integer() }) } } },
    async (request) => ({ count: await opts.projects.count(request.query.userId) }),
  );
  // Deleted projects keep their name: their logs are still counted.
  app.post(
    '/projects/names',
    { schema: { hide: true, body: NamesQuerySchema, response: { 200: NamesSchema } } },
    async (request) => ({ names: await opts.projects.names(request.body.ids) }),
  );
  // Stats accepts a user's generation logs only for projects that user owns, and hides other projects' names.
  app.post(
    '/projects/owners',
    { schema: { hide: true, body: NamesQuerySchema, response: { 200: ProjectOwnersSchema } } },
    async (request) => ({ owners: await opts.projects.owners(request.body.ids) }),
  );
};
export default projectInternalRoutes;
