import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ForbiddenError, Page, pageOf, rangeOf } from '@app/service-kit';
import type { GenerationLogRepository, LogItem } from '../../plugins/app/generation-log-repository.js';
import type { Names } from '../../plugins/app/names.js';
import { scopedUser, viewerOf } from '../../plugins/app/scope.js';
import { IngestResultSchema, LogBatchSchema, LogQuerySchema, LogSchema } from '../../schemas/logs.js';

const tags = ['stats'];

/** `zone`: the platform's calendar (a day `start`/`end` is a whole day of it). */
const logRoutes: FastifyPluginAsyncTypebox<{ names: Names; zone: string; logs: GenerationLogRepository }> = async (app, opts) => {
  app.post('/api/logs', { schema: { tags, body: LogBatchSchema, response: { 201: IngestResultSchema } } }, async (request, reply) => {
    const who = request.identity!;
    const inputs = Array.isArray(request.body) ? request.body : [request.body];
    const items: LogItem[] = inputs.map((l) => {
      const userId = l.userId ?? who.userId;
      if (userId !== who.userId && !who.isSuper) throw new ForbiddenError('只能记录自己的生成日志');
      return {
        // Namespaced by user: two users' client ids never collide; without an id every POST is new.
        key: `api:${userId}:${l.id ?? randomUUID()}`,
        userId,
        projectId: l.projectId,
        status: l.status,
        timestamp: l.timestamp ? new Date(l.timestamp) : new Date(),
        concurrentId: l.concurrentId ?? null,
        durationMs: l.durationMs ?? null,
        details: l.details ?? null,
      };
    });
    if (!who.isSuper) {
      // Only into the caller's own projects. One answer for someone else's and for a nonexistent project,
      // naming neither: the refusal reveals no project's name or existence.
      const projectIds = [...new Set(items.map((i) => i.projectId))];
      const ownerOf = await opts.names.owners(projectIds, request.id);
      if (projectIds.some((id) => ownerOf.get(id) !== who.userId)) throw new ForbiddenError('只能记录自己项目的生成日志');
    }
    const result = await opts.logs.ingest(items, opts.zone);
    reply.code(201);
    return { accepted: inputs.length, ...result };
  });

  app.get('/api/logs', { schema: { tags, querystring: LogQuerySchema, response: { 200: Page(LogSchema) } } }, async (request) => {
    const { current, size, skip, take } = pageOf(request.query);
    const q = request.query;
    const userId = scopedUser(request.identity!, q.userId);
    const { start, end } = rangeOf(q, opts.zone);
    const [rows, total] = await opts.logs.page({ userId, projectId: q.projectId, status: q.status, start, end }, { skip, take });
    const [projectNames, userNames] = await Promise.all([
      opts.names.projects(rows.map((r) => r.projectId), request.id, viewerOf(request.identity!)),
      opts.names.users(rows.map((r) => r.userId), request.id),
    ]);
    return {
      records: rows.map((r) => ({
        logId: r.logId.toString(),
        userId: r.userId,
        userName: userNames.get(r.userId) ?? null,
        projectId: r.projectId,
        projectName: projectNames.get(r.projectId) ?? null,
        serviceId: r.serviceId,
        promptId: r.promptId,
        status: r.status,
        timestamp: r.timestamp.toISOString(),
        durationMs: r.durationMs,
        concurrentId: r.concurrentId,
        details: r.details ?? null,
      })),
      total,
      current,
      size,
    };
  });
};
export default logRoutes;
