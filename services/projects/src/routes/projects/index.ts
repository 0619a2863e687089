import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Project } from '@app/db';
import { NamesQuerySchema, NamesSchema } from '@app/contracts';
import { ConflictError, ForbiddenError, NotFoundError, Page, internalOnly, pageOf, type Identity, type NamesOf } from '@app/service-kit';
import type { InstanceView, OrchestratorClient } from '../../plugins/app/orchestrator.js';
import {
  OpenComfySchema, ProjectCreateSchema, ProjectListQuery, ProjectOwnersSchema, ProjectParams, ProjectSchema, ProjectUpdateSchema,
} from '../../schemas/projects.js';

const tags = ['projects'];

function present(p: Project, service: InstanceView | null, ownerNames: Map<number, string>) {
  return {
    id: p.id,
    name: p.name,
    code: p.code,
    note: p.note,
    ownerUserId: p.ownerUserId,
    ownerName: ownerNames.get(p.ownerUserId) ?? null,
    createTime: p.createTime.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    service: service
      ? {
          serviceId: service.serviceId,
          userId: service.userId,
          status: service.status,
          port: service.port,
          startedAt: service.startedAt,
          lastHeartbeat: service.lastHeartbeat,
          restarts: service.restarts,
          lastError: service.lastError,
        }
      : null,
  };
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === 'P2002';

/** Projects of seed 000 §2.2: owned by their creator; `*` holders see and manage all of them. */
const projectRoutes: FastifyPluginAsyncTypebox<{ orchestrator: OrchestratorClient; userNames: NamesOf }> = async (app, opts) => {
  async function visible(projectId: number, who: Identity) {
    const project = await app.db.project.findFirst({ where: { id: projectId, isDeleted: false } });
    if (!project) throw new NotFoundError('项目不存在');
    if (!who.isSuper && project.ownerUserId !== who.userId) throw new ForbiddenError('权限不足');
    return project;
  }

  async function statusOf(projectIds: number[], requestId: string) {
    try {
      return await opts.orchestrator.statuses(projectIds, requestId);
    } catch (err) {
      app.log.warn({ err }, 'no instance status: the orchestrator did not answer');
      return {};
    }
  }

  app.get('/api/projects', { schema: { tags, querystring: ProjectListQuery, response: { 200: Page(ProjectSchema) } } }, async (request) => {
    const who = request.identity!;
    const { current, size, skip, take } = pageOf(request.query);
    const keyword = request.query.keyword?.trim();
    const where = {
      isDeleted: false,
      ...(who.isSuper ? {} : { ownerUserId: who.userId }),
      ...(keyword ? { OR: [{ name: { contains: keyword, mode: 'insensitive' as const } }, { code: { contains: keyword, mode: 'insensitive' as const } }] } : {}),
    };
    const [rows, total] = await Promise.all([app.db.project.findMany({ where, orderBy: { createTime: 'desc' }, skip, take }), app.db.project.count({ where })]);
    const [services, owners] = await Promise.all([statusOf(rows.map((r) => r.id), request.id), opts.userNames(rows.map((r) => r.ownerUserId), request.id)]);
    return { records: rows.map((p) => present(p, services[p.id] ?? null, owners)), total, current, size };
  });

  app.post('/api/projects', { schema: { tags, body: ProjectCreateSchema, response: { 201: ProjectSchema } } }, async (request, reply) => {
    try {
      const project = await app.db.project.create({
        data: { name: request.body.name.trim(), code: request.body.code, note: request.body.note ?? null, ownerUserId: request.identity!.userId },
      });
      reply.code(201);
      return present(project, null, await opts.userNames([project.ownerUserId], request.id));
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('项目编号已存在');
      throw err;
    }
  });

  app.get('/api/projects/:projectId', { schema: { tags, params: ProjectParams, response: { 200: ProjectSchema } } }, async (request) => {
    const project = await visible(request.params.projectId, request.identity!);
    const owners = await opts.userNames([project.ownerUserId], request.id);
    return present(project, (await statusOf([project.id], request.id))[project.id] ?? null, owners);
  });

  app.put('/api/projects/:projectId', { schema: { tags, params: ProjectParams, body: ProjectUpdateSchema, response: { 200: ProjectSchema } } }, async (request) => {
    const project = await visible(request.params.projectId, request.identity!);
    try {
      const updated = await app.db.project.update({
        where: { id: project.id },
        data: { name: request.body.name?.trim(), code: request.body.code, note: request.body.note },
      });
      const owners = await opts.userNames([updated.ownerUserId], request.id);
      return present(updated, (await statusOf([project.id], request.id))[project.id] ?? null, owners);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('项目编号已存在');
      throw err;
    }
  });

  // The instance is stopped first: if that fails nothing is deleted (503), so no instance is orphaned.
  app.delete('/api/projects/:projectId', { schema: { tags, params: ProjectParams, response: { 200: Type.Object({ id: Type.Integer(), deleted: Type.Boolean() }) } } }, async (request) => {
    const project = await visible(request.params.projectId, request.identity!);
    await opts.orchestrator.stopProject(project.id, request.id);
    // Soft delete, and free the code for a new project: `~<id>` cannot clash (codes never contain `~`).
    await app.db.project.update({ where: { id: project.id }, data: { isDeleted: true, code: `${project.code}~${project.id}` } });
    return { id: project.id, deleted: true };
  });

  app.post('/api/projects/:projectId/open_comfy', { schema: { tags, params: ProjectParams, response: { 200: OpenComfySchema } } }, async (request) => {
    const project = await visible(request.params.projectId, request.identity!);
    // The browser session it opens belongs to the caller's login session: logging out ends it too.
    return opts.orchestrator.open(project.id, request.identity!.userId, request.identity!.claims.fid, request.id);
  });
};
export default projectRoutes;

/**
 * For other services: how many projects a user owns, or all of them (the dashboard); names by id (stats
 * labels); owners by id (stats' ownership check).
 */
export const projectInternalRoutes: FastifyPluginAsyncTypebox<{ internalToken: string }> = async (app, opts) => {
  app.addHook('preHandler', internalOnly(opts.internalToken));
  app.get(
    '/projects/count',
    { schema: { hide: true, querystring: Type.Object({ userId: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: Type.Object({ count: Type.Integer() }) } } },
    async (request) => ({
      count: await app.db.project.count({ where: { isDeleted: false, ...(request.query.userId ? { ownerUserId: request.query.userId } : {}) } }),
    }),
  );
  // Deleted projects keep their name: their logs are still counted.
  app.post(
    '/projects/names',
    { schema: { hide: true, body: NamesQuerySchema, response: { 200: NamesSchema } } },
    async (request) => ({
      names: await app.db.project.findMany({ where: { id: { in: request.body.ids } }, select: { id: true, name: true }, orderBy: { id: 'asc' } }),
    }),
  );
  // Stats accepts a user's generation logs only for projects that user owns, and hides other projects' names.
  app.post(
    '/projects/owners',
    { schema: { hide: true, body: NamesQuerySchema, response: { 200: ProjectOwnersSchema } } },
    async (request) => ({
      owners: await app.db.project.findMany({ where: { id: { in: request.body.ids } }, select: { id: true, ownerUserId: true }, orderBy: { id: 'asc' } }),
    }),
  );
};
