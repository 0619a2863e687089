import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ForbiddenError, Page, PageQuerySchema, pageOf, type Identity } from '@app/service-kit';
import type { ComfyuiService } from '@app/db';
import type { ComfyuiServiceRepository } from '../../plugins/app/comfyui-service-repository.js';
import { present } from '../../plugins/app/present.js';
import type { InstanceNamer } from '../../plugins/app/names.js';
import type { Supervisor } from '../../plugins/app/supervisor.js';
import { ComfyServiceSchema, ServiceIdParams } from '../../schemas/services.js';
import { InstanceNotFoundError } from '../../errors.js';

const tags = ['comfy'];

/** The instances API of api.md: own instances, all of them for `*` holders. */
const servicesRoutes: FastifyPluginAsyncTypebox<{ instances: ComfyuiServiceRepository; supervisor: Supervisor; names: InstanceNamer }> = async (app, opts) => {
  /** Instances as the API shows them, with their project's and user's names. */
  async function named(rows: ComfyuiService[], requestId: string) {
    const nameOf = await opts.names.namesOf(rows, requestId);
    return rows.map((row) => ({ ...present(row), ...nameOf(row) }));
  }

  async function owned(serviceId: string, who: Identity) {
    const row = await opts.instances.find(serviceId);
    if (!row) throw new InstanceNotFoundError();
    if (!who.isSuper && row.userId !== who.userId) throw new ForbiddenError('权限不足');
    return row;
  }

  app.get(
    '/api/comfy/services',
    {
      schema: {
        tags,
        querystring: Type.Intersect([PageQuerySchema, Type.Object({ status: Type.Optional(Type.String({ maxLength: 16 })), projectId: Type.Optional(Type.Integer()) })]),
        response: { 200: Page(ComfyServiceSchema) },
      },
    },
    async (request) => {
      const { current, size, skip, take } = pageOf(request.query);
      const who = request.identity!;
      const userId = who.isSuper ? undefined : who.userId;
      const [rows, total] = await opts.instances.page({ userId, status: request.query.status, projectId: request.query.projectId, skip, take });
      return { records: await named(rows, request.id), total, current, size };
    },
  );

  app.get('/api/comfy/services/:serviceId', { schema: { tags, params: ServiceIdParams, response: { 200: ComfyServiceSchema } } }, async (request) =>
    (await named([await owned(request.params.serviceId, request.identity!)], request.id))[0],
  );

  app.post('/api/comfy/services/:serviceId/stop', { schema: { tags, params: ServiceIdParams, response: { 200: ComfyServiceSchema } } }, async (request) => {
    await owned(request.params.serviceId, request.identity!);
    return (await named([await opts.supervisor.stop(request.params.serviceId)], request.id))[0];
  });

  app.post('/api/comfy/services/:serviceId/restart', { schema: { tags, params: ServiceIdParams, response: { 200: ComfyServiceSchema } } }, async (request) => {
    await owned(request.params.serviceId, request.identity!);
    return (await named([await opts.supervisor.restart(request.params.serviceId)], request.id))[0];
  });
};
export default servicesRoutes;
