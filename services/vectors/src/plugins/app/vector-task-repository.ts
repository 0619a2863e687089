import type { Prisma, PrismaClient, Task } from '@app/db';

export type VectorTaskType = 'vector_build' | 'vector_sync';
const TYPES: VectorTaskType[] = ['vector_build', 'vector_sync'];
const OPEN = ['waiting', 'active'];

/** Where a build stands: the page to read after, and what has been committed so far. */
export interface BuildCheckpoint {
  after: unknown[] | null;
  rows: number;
  docs: number;
}

/**
 * xl_tasks of the collections' builds and syncs. `payload.vectorId` links a task to its collection; while a
 * build runs, `result.checkpoint` says up to where it has committed, so a build that a killed worker left
 * behind carries on from there.
 */
export function vectorTaskRepository(db: PrismaClient | Prisma.TransactionClient) {
  // A cancelled task stays cancelled: a job finishing or failing at the same moment does not overwrite it.
  const set = (id: string, data: Prisma.TaskUpdateManyMutationInput) => db.task.updateMany({ where: { id, status: { not: 'cancelled' } }, data });
  return {
    create: (type: VectorTaskType, vectorId: number, userId: number | null) =>
      db.task.create({ data: { type, status: 'waiting', userId, payload: { vectorId } } }),
    find: (id: string) => db.task.findUnique({ where: { id } }),
    /** A task whose job could not be queued: it never existed. */
    remove: (id: string) => db.task.delete({ where: { id } }),

    /** The newest task of each collection. */
    async latestFor(vectorIds: number[]): Promise<Map<number, Task>> {
      if (vectorIds.length === 0) return new Map();
      const rows = await db.$queryRaw<{ id: string }[]>`
        SELECT DISTINCT ON ((payload->>'vectorId')::int) id FROM xl_tasks
        WHERE type IN ('vector_build', 'vector_sync') AND (payload->>'vectorId')::int = ANY(${vectorIds})
        ORDER BY (payload->>'vectorId')::int, created_at DESC`;
      const tasks = await db.task.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
      return new Map(tasks.map((t) => [Number((t.payload as { vectorId: number }).vectorId), t]));
    },

    /** The collections' tasks that are waiting or running. */
    open: (vectorIds: number[]) =>
      db.task.findMany({
        where: { type: { in: TYPES }, status: { in: OPEN }, OR: vectorIds.map((id) => ({ payload: { path: ['vectorId'], equals: id } })) },
      }),

    started: (id: string) => set(id, { status: 'active', startedAt: new Date(), error: null }),
    checkpoint: (id: string, progress: number, checkpoint: BuildCheckpoint) => set(id, { progress, result: { checkpoint } as object }),
    progress: (id: string, progress: number) => set(id, { progress }),
    completed: (id: string, result: object) => set(id, { status: 'completed', progress: 100, result, error: null, finishedAt: new Date() }),
    /** Failed for good; a checkpoint stays so a later retry of the same task could still resume. */
    failed: (id: string, error: string) => set(id, { status: 'failed', error, finishedAt: new Date() }),
    retrying: (id: string, error: string) => set(id, { status: 'waiting', error }),

    /** Cancels the task if it is still waiting or running; true when this call cancelled it. */
    async cancel(id: string): Promise<boolean> {
      const { count } = await db.task.updateMany({ where: { id, status: { in: OPEN } }, data: { status: 'cancelled', error: '已取消', finishedAt: new Date() } });
      return count > 0;
    },
    async isCancelled(id: string): Promise<boolean> {
      const t = await db.task.findUnique({ where: { id }, select: { status: true } });
      return !t || t.status === 'cancelled';
    },
  };
}
export type VectorTaskRepository = ReturnType<typeof vectorTaskRepository>;
