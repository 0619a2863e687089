import type { Prisma, PrismaClient, Task } from '@app/db';

/** Which tasks a dashboard list shows; an absent field does not filter. */
export interface TaskFilter {
  userId?: number;
  type?: string;
  status?: string;
  /** created at or after */
  start?: Date;
  /** created at or before */
  end?: Date;
}

/**
 * xl_tasks as the dashboard reads it (the services that run tasks write them: stats its exports, vectors its
 * builds and syncs). Read-only. Pass a transaction client to work inside one.
 */
export function tasksRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    /** A page of matching tasks, newest first, and how many match. */
    page(filter: TaskFilter, page: { skip: number; take: number }): Promise<[Task[], number]> {
      const where: Prisma.TaskWhereInput = {
        ...(filter.userId !== undefined ? { userId: filter.userId } : {}),
        ...(filter.type ? { type: filter.type } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.start || filter.end ? { createdAt: { ...(filter.start ? { gte: filter.start } : {}), ...(filter.end ? { lte: filter.end } : {}) } } : {}),
      };
      // The id breaks ties, so a page boundary between tasks created in the same millisecond is stable.
      return Promise.all([db.task.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: page.skip, take: page.take }), db.task.count({ where })]);
    },
    find: (id: string) => db.task.findUnique({ where: { id } }),
  };
}
export type TasksRepository = ReturnType<typeof tasksRepository>;
