import type { Prisma, PrismaClient } from '@app/db';
import { groupColumn, scopeSql, type CountsRow, type CountsScope, type Dimension } from './generation-counts.js';

/**
 * xl_generation_daily, the rollup charts read (ingest keeps it exact: generation-log-repository.ts). Pass a
 * transaction client to work inside one.
 */
export function generationDailyRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    /**
     * Counts of the whole days `from`…`to` (YYYY-MM-DD, inclusive) by `dimension`. Grouped by the column itself
     * (a date or an integer), formatted by the caller: grouping by a formatted text costs PostgreSQL twice as
     * much on a 90-day range.
     */
    countsBy(q: CountsScope & { dimension: Dimension; from: string; to: string }): Promise<CountsRow[]> {
      const params: unknown[] = [q.from, q.to];
      return db.$queryRawUnsafe<CountsRow[]>(
        `SELECT ${groupColumn(q.dimension)} AS key, sum(total)::int AS total, sum(success)::int AS success, sum(failed)::int AS failed
           FROM xl_generation_daily
          WHERE day BETWEEN $1::date AND $2::date${scopeSql(q, params)}
          GROUP BY 1`,
        ...params,
      );
    },

    /** Generations per day (YYYY-MM-DD) from `since` on: everyone's, or one user's. Days without any are absent. */
    perDay(since: string, userId?: number): Promise<{ day: string; generations: number }[]> {
      return db.$queryRawUnsafe<{ day: string; generations: number }[]>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(total)::int AS generations FROM xl_generation_daily
          WHERE day >= $1::date${userId === undefined ? '' : ' AND user_id = $2'} GROUP BY 1`,
        since,
        ...(userId === undefined ? [] : [userId]),
      );
    },

    /**
     * Recounts the rollup from the raw logs with the days of `zone`, in one transaction (the given one, or its
     * own): what `npm run stats:rebuild-rollup` does after PLATFORM_TIMEZONE changes. Running it again gives the
     * same table. Ingest waits on the table lock meanwhile (one ingest statement either ends before the
     * recount, which then counts its logs, or starts after it and adds to the new rows); charts keep reading
     * the old rows until the commit.
     */
    async rebuild(zone: string): Promise<{ rows: number; logs: number }> {
      const recount = async (tx: Prisma.TransactionClient) => {
        await tx.$executeRawUnsafe('LOCK TABLE xl_generation_daily IN EXCLUSIVE MODE');
        await tx.$executeRawUnsafe('DELETE FROM xl_generation_daily');
        // The counting of ingest: every log once on its day, success/failed by its current status.
        const rows = await tx.$executeRawUnsafe(
          `INSERT INTO xl_generation_daily (day, project_id, user_id, total, success, failed, updated_at)
           SELECT ("timestamp" AT TIME ZONE $1::text)::date, project_id, user_id, count(*)::int,
                  count(*) FILTER (WHERE status = 'success')::int, count(*) FILTER (WHERE status = 'failed')::int, now()
             FROM xl_generation_logs
            GROUP BY 1, 2, 3`,
          zone,
        );
        const [{ logs }] = await tx.$queryRawUnsafe<{ logs: number }[]>('SELECT count(*)::int AS logs FROM xl_generation_logs');
        return { rows, logs };
      };
      // A recount of millions of logs takes longer than Prisma's default 5 s.
      return '$transaction' in db ? db.$transaction(recount, { timeout: 30 * 60_000, maxWait: 60_000 }) : recount(db);
    },
  };
}
export type GenerationDailyRepository = ReturnType<typeof generationDailyRepository>;
