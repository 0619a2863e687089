import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ForbiddenError, NotFoundError, Page, PageQuerySchema, pageOf, type Identity } from '@app/service-kit';
import type { ComfyuiService } from '@app/db';
import { present } from '../../plugins/app/present.js';
import type { InstanceNamer } from '../../plugins/app/names.js';
import type { Supervisor } from '../../plugins/app/supervisor.js';
import { ServiceIdParams, ServiceViewSchema } from '../../schemas/services.js';

const tags = ['comfy'];

/** The instances API of api.md: own instances, all of them for `*` holders. */
const servicesRoutes: FastifyPluginAsyncTypebox<{ supervisor: Supervisor; names: InstanceNamer }> = async (app, opts) => {
  /** Instances as the API shows them, with their project's and user's names. */
  async function named(rows: ComfyuiService[], requestId: string) {
    const nameOf = await opts.names.namesOf(rows, requestId);
    return rows.map((row) => ({ ...present(row), ...nameOf(row) }));
  }

  async function owned(serviceId: string, who: Identity) {
    const row = await app.db.comfyuiService.findUnique({ where: { serviceId } });
    if (!row) throw new NotFoundError('实例不存在');
    if (!who.isSuper && row.userId !== who.userId) throw new ForbiddenError('权限不足');
    return row;
  }

  app.get(
    '/api/comfy/services',
    {
      schema: {
        tags,
        querystring: Type.Intersect([PageQuerySchema, Type.Object({ status: Type.Optional(Type.String({ maxLength: 16 })), projectId: Type.Optional(Type.Integer()) })]),
        response: { 200: Page(ServiceViewSchema) },
      },
    },
    async (request) => {
      const { current, size, skip, take } = pageOf(request.query);
      const who = request.identity!;
      const where = {
        ...(who.isSuper ? {} : { userId: who.userId }),
        ...(request.query.status ? { status: request.query.status } : {}),
        ...(request.query.projectId ? { projectId: request.query.projectId } : {}),
      };
      const [rows, total] = await Promise.all([
        app.db.comfyuiService.findMany({ where, orderBy: { createdAt: 'desc' }, skip, take }),
        app.db.comfyuiService.count({ where }),
      ]);
      return { records: await named(rows, request.id), total, current, size };
    },
  );

  app.get('/api/comfy/services/:serviceId', { schema: { tags, params: ServiceIdParams, response: { 200: ServiceViewSchema } } }, async (request) =>
    (await named([await owned(request.params.serviceId, request.identity!)], request.id))[0],
  );

  app.post('/api/comfy/services/:serviceId/stop', { schema: { tags, params: ServiceIdParams, response: { 200: ServiceViewSchema } } }, async (request) => {
    await owned(request.params.serviceId, request.identity!);
    return (await named([await opts.supervisor.stop(request.params.serviceId)], request.id))[0];
  });

  app.post('/api/comfy/services/:serviceId/restart', { schema: { tags, params: ServiceIdParams, response: { 200: ServiceViewSchema } } }, async (request) => {
    await owned(request.params.serviceId, request.identity!);
    return (await named([await opts.supervisor.restart(request.params.serviceId)], request.id))[0];
  });
};
export default servicesRoutes;
