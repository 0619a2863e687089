import type { Prisma, PrismaClient, SystemLog } from '@app/db';
import { NotFoundError, scrub } from '@app/service-kit';

export interface LogFilter {
  type?: string;
  action?: string;
  usernameContains?: string;
  userId?: number;
  ip?: string;
  from?: Date;
  to?: Date;
}

export function systemLogView(log: SystemLog) {
  return {
    id: log.id,
    type: log.type,
    action: log.action,
    userId: log.userId,
    username: log.username,
    ip: log.ip,
    method: log.method,
    path: log.path,
    status: log.status,
    durationMs: log.durationMs,
    // Writers scrub before storing; scrubbing again costs little and covers rows written by older code.
    detail: scrub(log.detail ?? null),
    createdAt: log.createdAt.toISOString(),
  };
}

/** xl_system_logs for the settings pages (the writer is plugins/app/system-logs.ts). */
export function logAdmin(db: PrismaClient) {
  return {
    async page(filter: LogFilter, page: { skip: number; take: number }) {
      const where: Prisma.SystemLogWhereInput = {
        ...(filter.type ? { type: filter.type } : {}),
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.usernameContains ? { username: { contains: filter.usernameContains, mode: 'insensitive' } } : {}),
        ...(filter.userId !== undefined ? { userId: filter.userId } : {}),
        ...(filter.ip ? { ip: filter.ip } : {}),
        ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
      };
      const [rows, total] = await Promise.all([
        db.systemLog.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: page.skip, take: page.take }),
        db.systemLog.count({ where }),
      ]);
      return { rows, total };
    },

    async get(id: number) {
      const log = await db.systemLog.findUnique({ where: { id } });
      if (!log) throw new NotFoundError('日志不存在');
      return log;
    },

    deleteIds: async (ids: number[]) => (await db.systemLog.deleteMany({ where: { id: { in: ids } } })).count,
    deleteBefore: async (before: Date) => (await db.systemLog.deleteMany({ where: { createdAt: { lt: before } } })).count,
  };
}
export type LogAdmin = ReturnType<typeof logAdmin>;
