import type { GenerationLog, Prisma, PrismaClient } from '@app/db';
import { groupColumn, scopeSql, type CountsRow, type CountsScope, type Dimension } from './generation-counts.js';

export type GenerationStatus = 'running' | 'success' | 'failed';

export interface LogItem {
  /** Idempotency key: a retry with the same key is stored once. */
  key: string;
  userId: number;
  projectId: number;
  serviceId?: string | null;
  status: GenerationStatus;
  timestamp: Date;
  promptId?: string | null;
  concurrentId?: string | null;
  durationMs?: number | null;
  details?: Record<string, unknown> | null;
}

const FINAL = new Set<GenerationStatus>(['success', 'failed']);

/** Several items with one key in one batch (a `running` and its end): one item, as they would end up. */
export function mergeByKey(items: LogItem[]): LogItem[] {
  const byKey = new Map<string, LogItem>();
  for (const item of items) {
    const seen = byKey.get(item.key);
    if (!seen) {
      byKey.set(item.key, item);
      continue;
    }
    const [first, last] = seen.timestamp <= item.timestamp ? [seen, item] : [item, seen];
    const final = FINAL.has(last.status) ? last : FINAL.has(first.status) ? first : last;
    byKey.set(item.key, {
      ...final,
      timestamp: first.timestamp, // a prompt counts on the day it started
      details: { ...(first.details ?? {}), ...(final.details ?? {}) },
    });
  }
  return [...byKey.values()];
}

/** Which logs: the filters of `/api/logs`, the caller's scope already applied. */
export interface LogFilter {
  userId?: number;
  projectId?: number;
  status?: string;
  /** From this instant, inclusive. */
  start?: Date;
  /** Up to this instant, inclusive. */
  end?: Date;
}

function whereOf(f: LogFilter): Prisma.GenerationLogWhereInput {
  return {
    ...(f.userId !== undefined ? { userId: f.userId } : {}),
    ...(f.projectId ? { projectId: f.projectId } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.start || f.end ? { timestamp: { ...(f.start ? { gte: f.start } : {}), ...(f.end ? { lte: f.end } : {}) } } : {}),
  };
}

/** xl_generation_logs (and, as ingest keeps it exact, xl_generation_daily). Pass a transaction client to work inside one. */
export function generationLogRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    /**
     * Stores generation logs and keeps xl_generation_daily exact, in ONE statement (so atomically): new keys
     * are inserted (total +1, and success/failed +1 when already final); a `running` log whose end arrives is
     * completed (success/failed +1 on the day it started, total unchanged); anything else is a duplicate and
     * changes nothing. Charts read the rollup only. A log's day is its calendar day in `zone` (PLATFORM_TIMEZONE):
     * the rollup holds the days of one zone, and the daily repository's `rebuild` recounts it when the zone changes.
     */
    async ingest(raw: LogItem[], zone: string): Promise<{ inserted: number; completed: number; duplicates: number }> {
      const items = mergeByKey(raw);
      if (!items.length) return { inserted: 0, completed: 0, duplicates: 0 };
      const col = <T>(f: (i: LogItem) => T) => items.map(f);
      const rows = await db.$queryRawUnsafe<{ inserted: bigint; completed: bigint }[]>(
        `WITH input AS (
           SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[])
             AS t(client_id, user_id, project_id, service_id, status, ts, prompt_id, concurrent_id, duration_ms, details)
         ),
         ins AS (
           INSERT INTO xl_generation_logs (client_id, user_id, project_id, service_id, status, "timestamp", prompt_id, concurrent_id, duration_ms, details)
           SELECT client_id, user_id, project_id, service_id, status, ts::timestamptz, prompt_id, concurrent_id, duration_ms, details::jsonb FROM input
           ON CONFLICT (client_id) DO NOTHING
           RETURNING user_id, project_id, "timestamp", status, 1 AS counted
         ),
         upd AS (
           UPDATE xl_generation_logs l
              SET status = i.status,
                  duration_ms = COALESCE(i.duration_ms, l.duration_ms),
                  details = COALESCE(l.details, '{}'::jsonb) || COALESCE(i.details::jsonb, '{}'::jsonb)
             FROM input i
            WHERE l.client_id = i.client_id AND l.status = 'running' AND i.status IN ('success', 'failed')
           RETURNING l.user_id, l.project_id, l."timestamp", i.status, 0 AS counted
         ),
         delta AS (
           SELECT ("timestamp" AT TIME ZONE $11::text)::date AS day, project_id, user_id,
                  sum(counted)::int AS total,
                  count(*) FILTER (WHERE status = 'success')::int AS success,
                  count(*) FILTER (WHERE status = 'failed')::int AS failed
             FROM (SELECT * FROM ins UNION ALL SELECT * FROM upd) changed
            GROUP BY 1, 2, 3
         ),
         rollup AS (
           INSERT INTO xl_generation_daily (day, project_id, user_id, total, success, failed, updated_at)
           SELECT day, project_id, user_id, total, success, failed, now() FROM delta
           ON CONFLICT (day, project_id, user_id) DO UPDATE
             SET total = xl_generation_daily.total + excluded.total,
                 success = xl_generation_daily.success + excluded.success,
                 failed = xl_generation_daily.failed + excluded.failed,
                 updated_at = now()
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS completed, (SELECT count(*) FROM rollup) AS rolled`,
        col((i) => i.key),
        col((i) => i.userId),
        col((i) => i.projectId),
        col((i) => i.serviceId ?? null),
        col((i) => i.status),
        col((i) => i.timestamp.toISOString()),
        col((i) => i.promptId ?? null),
        col((i) => i.concurrentId ?? null),
        col((i) => (i.durationMs == null ? null : Math.round(i.durationMs))),
        col((i) => (i.details == null ? null : JSON.stringify(i.details))),
        zone,
      );
      const inserted = Number(rows[0].inserted);
      const completed = Number(rows[0].completed);
      return { inserted, completed, duplicates: raw.length - inserted - completed };
    },

    /** A page of logs, newest first, and how many match. */
    page(filter: LogFilter, page: { skip: number; take: number }): Promise<[GenerationLog[], number]> {
      const where = whereOf(filter);
      return Promise.all([
        db.generationLog.findMany({ where, orderBy: [{ timestamp: 'desc' }, { logId: 'desc' }], ...page }),
        db.generationLog.count({ where }),
      ]);
    },

    /**
     * Counts of the logs in [start, end] (instants) by `dimension`, with the rollup's counting (every log once,
     * success/failed by its current status, on its day in `zone`): what the rollup cannot answer for partial
     * days. `except` leaves out the instants of the whole days the rollup answers for.
     */
    countsBy(q: CountsScope & { dimension: Dimension; start: Date; end: Date; zone: string; except?: { start: Date; end: Date } }): Promise<CountsRow[]> {
      const params: unknown[] = [q.start.toISOString(), q.end.toISOString()];
      const key = q.dimension === 'day' ? `("timestamp" AT TIME ZONE $${params.push(q.zone)}::text)::date` : groupColumn(q.dimension);
      const except = q.except
        ? ` AND NOT ("timestamp" >= $${params.push(q.except.start.toISOString())}::timestamptz AND "timestamp" <= $${params.push(q.except.end.toISOString())}::timestamptz)`
        : '';
      return db.$queryRawUnsafe<CountsRow[]>(
        `SELECT ${key} AS key, count(*)::int AS total,
                count(*) FILTER (WHERE status = 'success')::int AS success, count(*) FILTER (WHERE status = 'failed')::int AS failed
           FROM xl_generation_logs
          WHERE "timestamp" >= $1::timestamptz AND "timestamp" <= $2::timestamptz${except}${scopeSql(q, params)}
          GROUP BY 1`,
        ...params,
      );
    },
  };
}
export type GenerationLogRepository = ReturnType<typeof generationLogRepository>;
