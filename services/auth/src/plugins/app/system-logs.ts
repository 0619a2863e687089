import type { PrismaClient } from '@app/db';
import { scrub } from '@app/service-kit';

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

/** xl_system_logs writer: every detail is scrubbed of secrets before it is stored. */
export function systemLogs(db: PrismaClient) {
  const row = (e: LogEntry) => ({
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
  });
  return {
    write: async (entry: LogEntry) => {
      await db.systemLog.create({ data: row(entry) });
    },
    writeMany: async (entries: LogEntry[]) => {
      if (entries.length) await db.systemLog.createMany({ data: entries.map(row) });
    },
  };
}
export type SystemLogs = ReturnType<typeof systemLogs>;
