import { Queue } from 'bullmq';
import { DASHBOARD_QUEUES, JOB_STATES, QUEUES, type JobState, type QueueCounts, type QueueName, type TaskJob, type TaskType } from '@app/contracts';
import { bullPrefix, closeRedis, createRedis, reportError, type JobsConnection } from '@app/service-kit';

/** The queue each task type runs on: its job id is the task's id (stats' exports, vectors' builds and syncs). */
const QUEUE_OF_TYPE: Record<TaskType, QueueName> = { export: QUEUES.exports, vector_build: QUEUES.vectorBuild, vector_sync: QUEUES.vectorSync };

const COUNTED = ['waiting', 'active', 'completed', 'failed', 'delayed'] as const;

/** `value`, or null when it fails or takes longer than `ms` (a page is not held up by a slow Redis). */
async function within<T>(ms: number, value: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([value, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The platform's BullMQ queues read live, read-only (the monitor adds, moves and removes nothing): counts per
 * queue, and the job behind a task. One connection (failing fast, as HTTP paths must) serves every queue.
 * Each read gives up after `timeoutMs` with null: the tasks' own rows still answer.
 */
export function taskQueues(c: JobsConnection, timeoutMs: number) {
  const connection = createRedis(c.redisUrl, { name: 'monitor-queues', log: c.log });
  const queues = new Map(
    DASHBOARD_QUEUES.map((name) => {
      const queue = new Queue(name, { connection, prefix: bullPrefix(c.keyPrefix) });
      queue.on('error', (err) => reportError(c.log, err, { queue: name }, 'queue error'));
      return [name, queue] as const;
    }),
  );

  async function jobOf(task: { id: string; type: string }): Promise<TaskJob | null> {
    const name = QUEUE_OF_TYPE[task.type as TaskType];
    const queue = name && queues.get(name);
    if (!queue) return null;
    const job = await queue.getJob(task.id);
    if (!job) return { queue: name, state: 'missing', progress: null, attemptsMade: 0 };
    const state = await job.getState();
    return {
      queue: name,
      state: (JOB_STATES as readonly string[]).includes(state) ? (state as JobState) : 'missing',
      progress: typeof job.progress === 'number' ? job.progress : null,
      attemptsMade: job.attemptsMade,
    };
  }

  return {
    /** Every queue's jobs by state, in QUEUES order; null when Redis cannot say in time. */
    counts: (): Promise<QueueCounts[] | null> =>
      within(
        timeoutMs,
        Promise.all(
          [...queues].map(async ([name, queue]) => {
            const counts = await queue.getJobCounts(...COUNTED);
            return { name, ...Object.fromEntries(COUNTED.map((state) => [state, counts[state] ?? 0])) } as QueueCounts;
          }),
        ),
      ),
    /** Each task's job (by task id), all read at once; null for a task whose queue cannot be read in time. */
    jobsOf: async (tasks: { id: string; type: string }[]): Promise<(TaskJob | null)[]> => (await within(timeoutMs, Promise.all(tasks.map(jobOf)))) ?? tasks.map(() => null),
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      await closeRedis(connection);
    },
  };
}
export type TaskQueues = ReturnType<typeof taskQueues>;
