import type { Pool } from 'pg';
import type { Prisma, PrismaClient } from '@app/db';
import type { ExportJob } from '@app/contracts';

/** xl_tasks in the HTTP service. Pass a transaction client to work inside one. */
export function taskRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    find: (id: string) => db.task.findUnique({ where: { id } }),
    get: (id: string) => db.task.findUniqueOrThrow({ where: { id } }),
    /** A new export of `userId`, waiting for the worker; `filters` are what it was asked with. */
    createExport: (userId: number, filters: ExportJob['filters']) => db.task.create({ data: { type: 'export', status: 'waiting', userId, payload: filters } }),
  };
}
export type TaskRepository = ReturnType<typeof taskRepository>;

/**
 * xl_tasks as the export worker moves an export along: plain pg, like the rest of the worker (the separate
 * worker loads no Prisma), so `updated_at` is set here (Prisma's @updatedAt is not here to set it).
 */
export function taskProgress(pool: Pool) {
  const set = async (taskId: string, fields: Record<string, unknown>) => {
    const names = Object.keys(fields);
    const assignments = names.map((name, i) => `${name} = $${i + 2}`).join(', ');
    await pool.query(`UPDATE xl_tasks SET ${assignments}, updated_at = now() WHERE id = $1`, [taskId, ...names.map((n) => fields[n])]);
  };
  return {
    started: (taskId: string) => set(taskId, { status: 'active', started_at: new Date(), progress: 0, error: null }),
    progress: (taskId: string, progress: number) => set(taskId, { progress }),
    completed: (taskId: string, result: object) => set(taskId, { status: 'completed', progress: 100, finished_at: new Date(), result: JSON.stringify(result) }),
    failed: (taskId: string) => set(taskId, { status: 'failed', error: '导出失败', finished_at: new Date() }),
    retrying: (taskId: string) => set(taskId, { status: 'waiting' }),
  };
}
