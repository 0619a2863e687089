import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ProjectService } from '@app/contracts';
import type { Project } from '@app/db';
import { ForbiddenError, Page, pageOf, type Identity, type NamesOf } from '@app/service-kit';
import type { OrchestratorClient } from '../../plugins/app/orchestrator.js';
import type { ProjectRepository } from '../../plugins/app/project-repository.js';
import { OpenComfyResultSchema, ProjectCreateSchema, ProjectListQuery, ProjectParams, ProjectSchema, ProjectUpdateSchema } from '../../schemas/projects.js';
import { ProjectNotFoundError } from '../../errors.js';

const tags = ['projects'];

function present(p: Project, service: ProjectService | null, ownerNames: Map<number, string>) {
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

/** Projects of seed 000 §2.2: owned by their creator; `*` holders see and manage all of them. */
const projectRoutes: FastifyPluginAsyncTypebox<{ projects: ProjectRepository; orchestrator: OrchestratorClient; userNames: NamesOf }> = async (app, opts) => {
  async function visible(projectId: number, who: Identity) {
    const project = await opts.projects.find(projectId);
    if (!project) throw new ProjectNotFoundError();
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
    const ownerUserId = who.isSuper ? undefined : who.userId;
    const [rows, total] = await opts.projects.page({ ownerUserId, keyword: request.query.keyword?.trim(), skip, take });
    const [services, owners] = await Promise.all([statusOf(rows.map((r) => r.id), request.id), opts.userNames(rows.map((r) => r.ownerUserId), request.id)]);
    return { records: rows.map((p) => present(p, services[p.id] ?? null, owners)), total, current, size };
  });

  app.post('/api/projects', { schema: { tags, body: ProjectCreateSchema, response: { 201: ProjectSchema } } }, async (request, reply) => {
    const project = await opts.projects.create({ name: request.body.name.trim(), code: request.body.code, note: request.body.note ?? null, ownerUserId: request.identity!.userId });
    reply.code(201);
    return present(project, null, await opts.userNames([project.ownerUserId], request.id));
  });

  app.get('/api/projects/:projectId', { schema: { tags, params: ProjectParams, response: { 200: ProjectSchema } } }, async (request) => {
    const project = await visible(request.params.projectId, request.identity!);
    const owners = await opts.userNames([project.ownerUserId], request.id);
    return present(project, (await statusOf([project.id], request.id))[project.id] ?? null, owners);
  });

  app.put('/api/projects/:projectId', { schema: { tags, params: ProjectParams, body: ProjectUpdateSchema, response: { 200: ProjectSchema } } }, async (request) => {
    const project = await visible(request.params.projectId, request.identity!);
    const updated = await opts.projects.update(project.id, { name: request.body.name?.trim(), code: request.body.code, note: request.body.note });
    const owners = await opts.userNames([updated.ownerUserId], request.id);
    return present(updated, (await statusOf([project.id], request.id))[project.id] ?? null, owners);
  });

  // The instance is stopped first: if that fails nothing is deleted (503), so no instance is orphaned.
  app.delete('/api/projects/:projectId', { schema: { tags, params: ProjectParams, response: { 200: Type.Object({ id: Type.Integer(), deleted: Type.Boolean() }) } } }, async (request) => {
    const project = await visible(request.params.projectId, request.identity!);
    await opts.orchestrator.stopProject(project.id, request.id);
    await opts.projects.remove(project);
    return { id: project.id, deleted: true };
  });

  app.post('/api/projects/:projectId/open_comfy', { schema: { tags, params: ProjectParams, response: { 200: OpenComfyResultSchema } } }, async (request) => {
    const project = await visible(request.params.projectId, request.identity!);
    // The browser session it opens belongs to the caller's login session: logging out ends it too.
    return opts.orchestrator.open(project.id, request.identity!.userId, request.identity!.claims.fid, request.id);
  });
};
export default projectRoutes;
