import { createReadStream, existsSync } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Task } from '@app/db';
import { ConflictError, ForbiddenError, NotFoundError, Nullable, rangeOf, type Identity } from '@app/service-kit';
import { exportFile, type exportQueue } from '../../plugins/app/exports.js';
import { LogFiltersSchema } from '../../schemas/logs.js';
import { scopedUser } from '../logs/index.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const TaskSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  status: Type.String(),
  progress: Type.Integer(),
  error: Nullable(Type.String()),
  result: Type.Unknown(),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

const present = (t: Task) => ({
  id: t.id,
  type: t.type,
  status: t.status,
  progress: t.progress,
  error: t.error,
  result: t.result ?? null,
  createdAt: t.createdAt.toISOString(),
  finishedAt: t.finishedAt?.toISOString() ?? null,
});

/** The export file of a finished task, as a download with a proper Content-Disposition. */
function sendFile(reply: FastifyReply, task: Task, dir: string) {
  const file = exportFile(dir, task.id);
  const expiresAt = (task.result as { expiresAt?: string } | null)?.expiresAt;
  if (!existsSync(file) || (expiresAt && Date.parse(expiresAt) < Date.now())) throw new NotFoundError('导出文件已过期，请重新导出');
  const name = `generation-logs-${task.createdAt.toISOString().slice(0, 10)}.xlsx`;
  reply
    .type(XLSX)
    .header('content-disposition', `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store');
  return reply.send(createReadStream(file));
}

/**
 * GET /api/export runs a BullMQ job and streams the .xlsx when it finishes within EXPORT_WAIT_MS, else answers
 * 202 { taskId }; the task endpoints report progress and hand the file to its owner only.
 */
const exportRoutes: FastifyPluginAsyncTypebox<{ queue: ReturnType<typeof exportQueue>; dir: string; waitMs: number; zone: string }> = async (app, opts) => {
  async function ownTask(id: string, who: Identity) {
    const task = await app.db.task.findUnique({ where: { id } });
    if (!task) throw new NotFoundError('任务不存在');
    if (task.userId !== who.userId) throw new ForbiddenError('权限不足');
    return task;
  }

  app.get(
    '/api/export',
    { schema: { tags: ['stats'], querystring: LogFiltersSchema, response: { 202: Type.Object({ taskId: Type.String() }) } } },
    async (request, reply) => {
      const who = request.identity!;
      // The worker gets instants: a day `start`/`end` is resolved here, in the platform zone, once.
      const { start, end } = rangeOf(request.query, opts.zone);
      const filters = { ...request.query, start: start?.toISOString(), end: end?.toISOString(), userId: scopedUser(who, request.query.userId) };
      const task = await app.db.task.create({ data: { type: 'export', status: 'waiting', userId: who.userId, payload: filters } });
      const job = await opts.queue.enqueue({ taskId: task.id, userId: who.userId, allUsers: who.isSuper, filters });
      if (await opts.queue.finishedWithin(job, opts.waitMs)) {
        const done = await app.db.task.findUniqueOrThrow({ where: { id: task.id } });
        if (done.status === 'completed') return sendFile(reply, done, opts.dir);
        if (done.status === 'failed') throw new Error(`export ${task.id} failed`);
      }
      reply.code(202);
      return { taskId: task.id };
    },
  );

  app.get('/api/tasks/:taskId', { schema: { tags: ['stats'], params: Type.Object({ taskId: Type.String({ format: 'uuid' }) }), response: { 200: TaskSchema } } }, async (request) =>
    present(await ownTask(request.params.taskId, request.identity!)),
  );

  app.get(
    '/api/tasks/:taskId/download',
    { schema: { tags: ['stats'], params: Type.Object({ taskId: Type.String({ format: 'uuid' }) }) }, config: { envelope: false } },
    async (request, reply) => {
      const task = await ownTask(request.params.taskId, request.identity!);
      if (task.status !== 'completed') throw new ConflictError(`任务尚未完成（${task.status}）`);
      return sendFile(reply, task, opts.dir);
    },
  );
};
export default exportRoutes;
