import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { InstanceHealthQuerySchema, InstanceHealthSchema } from '@app/contracts';
import { internalOnly } from '@app/service-kit';
import type { ComfyAccess } from '../../plugins/app/access.js';
import { ACTIVE, type ComfyuiServiceRepository } from '../../plugins/app/comfyui-service-repository.js';
import { instanceHealth } from '../../plugins/app/instance-health.js';
import { present } from '../../plugins/app/present.js';
import type { Supervisor } from '../../plugins/app/supervisor.js';
import { OpenBodySchema, OpenComfyResultSchema, ProjectIdsQuery, ProjectStatusSchema } from '../../schemas/services.js';

/** For the other services (projects, stats, monitor): never exposed by the gateway, and INTERNAL_TOKEN required. */
const internalRoutes: FastifyPluginAsyncTypebox<{
  instances: ComfyuiServiceRepository;
  supervisor: Supervisor;
  access: ComfyAccess;
  internalToken: string;
  publicUrl: string;
}> = async (app, opts) => {
  app.addHook('preHandler', internalOnly(opts.internalToken));

  /**
   * Start or reuse the project's instance for this user; 403 when another user's instance runs. The url is on
   * the ComfyUI origin, never the console's.
   */
  app.post('/instances/open', { schema: { hide: true, body: OpenBodySchema, response: { 200: OpenComfyResultSchema } } }, async (request) => {
    const { projectId, userId, sessionId } = request.body;
    const { serviceId, status } = present(await opts.supervisor.open(projectId, userId));
    const ticket = await opts.access.mintTicket(serviceId, userId, sessionId);
    return { serviceId, status, url: `${opts.publicUrl}/comfy/${serviceId}/?ticket=${ticket}` };
  });

  /** The latest instance of each project (live ones first), for the project cards. */
  app.get('/instances', { schema: { hide: true, querystring: ProjectIdsQuery, response: { 200: ProjectStatusSchema } } }, async (request) => {
    const ids = [...new Set(request.query.projectIds.split(',').map(Number))].slice(0, 500);
    const rows = await opts.instances.ofProjects(ids);
    const latest: Record<string, ReturnType<typeof present>> = {};
    for (const row of rows) {
      const key = String(row.projectId);
      const seen = latest[key];
      if (!seen || (!ACTIVE.includes(seen.status as never) && ACTIVE.includes(row.status as never))) latest[key] = present(row);
    }
    return latest;
  });

  /** Running instances (of one user, or all), for the dashboard. */
  app.get('/instances/count', { schema: { hide: true, querystring: Type.Object({ userId: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: Type.Object({ running: Type.Integer() }) } } }, async (request) => ({
    running: await opts.instances.countRunning(request.query.userId),
  }));

  /** Every live instance, each asked for `/system_stats` just now, for the monitor's health view. Read-only. */
  app.get('/instances/health', { schema: { hide: true, querystring: InstanceHealthQuerySchema, response: { 200: InstanceHealthSchema } } }, async (request) =>
    instanceHealth(opts.instances, request.query.timeoutMs),
  );

  app.post('/instances/stop-project', { schema: { hide: true, body: Type.Object({ projectId: Type.Integer({ minimum: 1 }) }), response: { 200: Type.Object({ stopped: Type.Boolean() }) } } }, async (request) => {
    await opts.supervisor.stopProject(request.body.projectId);
    return { stopped: true };
  });
};
export default internalRoutes;
