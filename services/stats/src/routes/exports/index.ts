import { createReadStream, existsSync } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Task } from '@app/db';
import { ConflictError, ForbiddenError, NotFoundError, dayOf, rangeOf, type Identity } from '@app/service-kit';
import { exportFile, type exportQueue } from '../../plugins/app/exports.js';
import { scopedUser } from '../../plugins/app/scope.js';
import type { TaskRepository } from '../../plugins/app/task-repository.js';
import { LogFiltersSchema } from '../../schemas/logs.js';
import { TaskSchema } from '../../schemas/tasks.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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

/** The export file of a finished task, as a download named after the day it was asked for (in `zone`). */
function sendFile(reply: FastifyReply, task: Task, dir: string, zone: string) {
  const file = exportFile(dir, task.id);
  const expiresAt = (task.result as { expiresAt?: string } | null)?.expiresAt;
  if (!existsSync(file) || (expiresAt && Date.parse(expiresAt) < Date.now())) throw new NotFoundError('导出文件已过期，请重新导出');
  const name = `generation-logs-${dayOf(task.createdAt, zone)}.xlsx`;
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
const exportRoutes: FastifyPluginAsyncTypebox<{ queue: ReturnType<typeof exportQueue>; tasks: TaskRepository; dir: string; waitMs: number; zone: string }> = async (
  app,
  opts,
) => {
  async function ownTask(id: string, who: Identity) {
    const task = await opts.tasks.find(id);
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
      const task = await opts.tasks.createExport(who.userId, filters);
      const job = await opts.queue.enqueue({ taskId: task.id, userId: who.userId, allUsers: who.isSuper, filters });
      if (await opts.queue.finishedWithin(job, opts.waitMs)) {
        const done = await opts.tasks.get(task.id);
        if (done.status === 'completed') return sendFile(reply, done, opts.dir, opts.zone);
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
      return sendFile(reply, task, opts.dir, opts.zone);
    },
  );
};
export default exportRoutes;
