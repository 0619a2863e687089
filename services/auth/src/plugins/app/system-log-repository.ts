import type { Prisma, PrismaClient } from '@app/db';
import { NotFoundError, scrub } from '@app/service-kit';

export type LogType = 'login' | 'operation' | 'security' | 'search' | 'error';

export interface LogEntry {
  type: LogType;
  action: string;
  userId?: number | null;
  username?: string | null;
  ip?: string | null;
  method?: string | null;
  path?: string | null;
  status?: number | null;
  durationMs?: number | null;
  detail?: unknown;
}

/** The settings list's filters; `from` / `to` bound the time, both inclusive. */
export interface LogFilter {
  type?: string;
  action?: string;
  usernameContains?: string;
  userId?: number;
  ip?: string;
  from?: Date;
  to?: Date;
}

/** xl_system_logs: every detail is scrubbed of secrets before it is stored. Pass a transaction client to work inside one. */
export function systemLogRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    write: async (e: LogEntry) => {
      await db.systemLog.create({
        data: {
          type: e.type,
          action: e.action.slice(0, 120),
          userId: e.userId ?? null,
          username: e.username ?? null,
          ip: e.ip ?? null,
          method: e.method ?? null,
          path: e.path ? e.path.split('?')[0].slice(0, 500) : null,
          status: e.status ?? null,
          durationMs: e.durationMs == null ? null : Math.round(e.durationMs),
          detail: e.detail === undefined ? undefined : (scrub(e.detail) as object),
        },
      });
    },

    /** Newest first. */
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

    /**
     * Logs of one type per calendar day of `zone` (YYYY-MM-DD), from the instant `since` on: everyone's, or one
     * user's. Days without any are absent.
     */
    dailyCounts(q: { type: string; since: Date; zone: string; userId?: number }): Promise<{ date: string; count: number }[]> {
      return db.$queryRawUnsafe<{ date: string; count: number }[]>(
        `SELECT to_char((created_at AT TIME ZONE $3::text)::date, 'YYYY-MM-DD') AS date, count(*)::int AS count
           FROM xl_system_logs
          WHERE type = $1 AND created_at >= $2::timestamptz${q.userId ? ' AND user_id = $4' : ''}
          GROUP BY 1 ORDER BY 1`,
        q.type,
        q.since.toISOString(),
        q.zone,
        ...(q.userId ? [q.userId] : []),
      );
    },
  };
}
export type SystemLogRepository = ReturnType<typeof systemLogRepository>;
