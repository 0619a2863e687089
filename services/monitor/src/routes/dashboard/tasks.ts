import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DashboardTask, TaskJob } from '@app/contracts';
import type { Task } from '@app/db';
import { pageOf, rangeOf, type Identity, type NamesOf } from '@app/service-kit';
import { TaskNotFoundError } from '../../errors.js';
import type { TaskQueues } from '../../plugins/app/tasks-queues.js';
import type { TasksRepository } from '../../plugins/app/tasks-repository.js';
import { DashboardTaskSchema, DashboardTasksSchema, TaskIdParams, TaskListQuerySchema } from '../../schemas/tasks.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A task with its live job: while the job runs, its own progress is the fresher one. */
function present(task: Task, job: TaskJob | null, userName: string | null): DashboardTask {
  const live = job?.state === 'active' && job.progress !== null ? Math.round(Math.min(100, Math.max(0, job.progress))) : null;
  return {
    id: task.id,
    type: task.type as DashboardTask['type'],
    status: task.status as DashboardTask['status'],
    progress: live ?? task.progress,
    userId: task.userId,
    userName,
    payload: task.payload ?? null,
    result: task.result ?? null,
    error: task.error,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    startedAt: iso(task.startedAt),
    finishedAt: iso(task.finishedAt),
    job,
  };
}

export interface TaskViews {
  tasks: TasksRepository;
  queues: TaskQueues;
  /** Usernames from the auth service (absent when it cannot answer: the task shows without one). */
  userNames: NamesOf;
  /** PLATFORM_TIMEZONE: whose calendar days `start`/`end` are. */
  zone: string;
}

/** Whose tasks the caller sees: `*` holders anyone's (or `owner`'s), everyone else only their own. */
const ownerFor = (who: Identity, owner?: number) => (who.isSuper ? owner : who.userId);

/**
 * `GET /api/dashboard/tasks` and `/:id`: the background tasks (exports, collection builds, syncs) from xl_tasks,
 * newest first, each joined with its live BullMQ job, and every queue's counts. A non-admin sees only their
 * own tasks; another user's task id is a 404, as an unknown one is.
 */
const tasksRoutes: FastifyPluginAsyncTypebox<TaskViews> = async (app, opts) => {
  async function withJobs(tasks: Task[], requestId: string) {
    const [jobs, names] = await Promise.all([opts.queues.jobsOf(tasks), opts.userNames(tasks.flatMap((t) => (t.userId === null ? [] : [t.userId])), requestId)]);
    return tasks.map((task, i) => present(task, jobs[i], task.userId === null ? null : (names.get(task.userId) ?? null)));
  }

  app.get('/api/dashboard/tasks', { schema: { tags: ['dashboard'], querystring: TaskListQuerySchema, response: { 200: DashboardTasksSchema } } }, async (request) => {
    const q = request.query;
    const { start, end } = rangeOf(q, opts.zone);
    const page = pageOf(q);
    const [[rows, total], queues] = await Promise.all([
      opts.tasks.page({ userId: ownerFor(request.identity!, q.owner), type: q.type, status: q.status, start, end }, page),
      opts.queues.counts(),
    ]);
    return { records: await withJobs(rows, request.id), total, current: page.current, size: page.size, queues };
  });

  app.get('/api/dashboard/tasks/:id', { schema: { tags: ['dashboard'], params: TaskIdParams, response: { 200: DashboardTaskSchema } } }, async (request) => {
    const who = request.identity!;
    const task = await opts.tasks.find(request.params.id);
    if (!task || (!who.isSuper && task.userId !== who.userId)) throw new TaskNotFoundError();
    const [presented] = await withJobs([task], request.id);
    return presented;
  });
};
export default tasksRoutes;
