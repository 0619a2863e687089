import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequestError, addDays, dayOf, endOfDay, rangeOf, startOfDay } from '@app/service-kit';
import { StatsQuerySchema, StatsSchema } from '../../schemas/logs.js';
import type { Names } from '../../plugins/app/names.js';
import { scopedUser, viewerOf } from '../logs/index.js';

const MAX_DAYS = 731;
const DAY_MS = 86_400_000;

type Row = { key: Date | number; total: number; success: number; failed: number };

/**
 * `GET /api/stats`: whole days from the daily rollup. `start`/`end` follow the one date grammar (a day or a
 * date-time); a date-time inside a day makes that day partial, and a partial day is counted from the raw
 * logs (at most the two end days, on the timestamp index), so the figures always equal `/api/logs` with the
 * same filters. `zone` is the calendar of the rollup's days.
 */
const statsRoutes: FastifyPluginAsyncTypebox<{ names: Names; zone: string }> = async (app, opts) => {
  const { zone } = opts;
  app.get('/api/stats', { schema: { tags: ['stats'], querystring: StatsQuerySchema, response: { 200: StatsSchema } } }, async (request) => {
    const q = request.query;
    const range = rangeOf(q, zone);
    const [start, end] = [range.start!, range.end!];
    const firstDay = dayOf(start, zone);
    const lastDay = dayOf(end, zone);
    const days = Math.round((Date.parse(lastDay) - Date.parse(firstDay)) / DAY_MS) + 1;
    if (days > MAX_DAYS) throw new BadRequestError(`query range is limited to ${MAX_DAYS} days`);
    // The whole days inside [start, end] come from the rollup; what is left of the range from the raw logs.
    const wholeFrom = startOfDay(firstDay, zone).getTime() === start.getTime() ? firstDay : addDays(firstDay, 1);
    const wholeTo = endOfDay(lastDay, zone).getTime() === end.getTime() ? lastDay : addDays(lastDay, -1);
    const anyWhole = wholeFrom <= wholeTo;
    const partial = !anyWhole || wholeFrom !== firstDay || wholeTo !== lastDay;

    const userId = scopedUser(request.identity!, q.userId);
    const scope = (params: unknown[]) =>
      (userId !== undefined ? ` AND user_id = $${params.push(userId)}` : '') + (q.projectId ? ` AND project_id = $${params.push(q.projectId)}` : '');
    // Grouped by the column itself (a date or an integer), formatted here: grouping by a formatted text
    // costs PostgreSQL twice as much on a 90-day range.
    const column = { day: 'day', project: 'project_id', user: 'user_id' }[q.dimension];
    const fromRollup = async (): Promise<Row[]> => {
      const params: unknown[] = [wholeFrom, wholeTo];
      return app.db.$queryRawUnsafe<Row[]>(
        `SELECT ${column} AS key, sum(total)::int AS total, sum(success)::int AS success, sum(failed)::int AS failed
           FROM xl_generation_daily
          WHERE day BETWEEN $1::date AND $2::date${scope(params)}
          GROUP BY 1`,
        ...params,
      );
    };
    // The rollup's counting (ingest.ts): every log once, success/failed by its current status, on its day.
    const fromLogs = async (): Promise<Row[]> => {
      const params: unknown[] = [start.toISOString(), end.toISOString()];
      const key = q.dimension === 'day' ? `("timestamp" AT TIME ZONE $${params.push(zone)}::text)::date` : column;
      const outsideWhole = anyWhole ? ` AND NOT ("timestamp" >= $${params.push(startOfDay(wholeFrom, zone).toISOString())}::timestamptz AND "timestamp" <= $${params.push(endOfDay(wholeTo, zone).toISOString())}::timestamptz)` : '';
      return app.db.$queryRawUnsafe<Row[]>(
        `SELECT ${key} AS key, count(*)::int AS total,
                count(*) FILTER (WHERE status = 'success')::int AS success, count(*) FILTER (WHERE status = 'failed')::int AS failed
           FROM xl_generation_logs
          WHERE "timestamp" >= $1::timestamptz AND "timestamp" <= $2::timestamptz${outsideWhole}${scope(params)}
          GROUP BY 1`,
        ...params,
      );
    };
    const parts = await Promise.all([anyWhole ? fromRollup() : [], partial ? fromLogs() : []]);
    const summed = new Map<string, { key: string; total: number; success: number; failed: number }>();
    for (const r of parts.flat()) {
      const key = r.key instanceof Date ? r.key.toISOString().slice(0, 10) : String(r.key);
      const s = summed.get(key) ?? { key, total: 0, success: 0, failed: 0 };
      summed.set(key, { key, total: s.total + r.total, success: s.success + r.success, failed: s.failed + r.failed });
    }
    const rows = [...summed.values()];
    // Projects and users are labelled with their names; `项目 #id` / `用户 #id` when their service is down.
    const keys = rows.map((r) => Number(r.key));
    const names =
      q.dimension === 'day' ? null
      : q.dimension === 'project' ? await opts.names.projects(keys, request.id, viewerOf(request.identity!))
      : await opts.names.users(keys, request.id);
    const fallback = q.dimension === 'project' ? '项目' : '用户';
    let series = rows.map((r) => ({ ...r, label: names ? (names.get(Number(r.key)) ?? `${fallback} #${r.key}`) : r.key }));
    if (q.dimension === 'day') {
      // Every day the range touches, zero-filled, so a chart's x axis is continuous.
      const byDay = new Map(series.map((s) => [s.key, s]));
      series = Array.from({ length: days }, (_, i) => {
        const key = addDays(firstDay, i);
        return byDay.get(key) ?? { key, label: key, total: 0, success: 0, failed: 0 };
      });
    } else {
      series.sort((a, b) => b.total - a.total || Number(a.key) - Number(b.key));
    }
    const totals = series.reduce((acc, s) => ({ total: acc.total + s.total, success: acc.success + s.success, failed: acc.failed + s.failed }), { total: 0, success: 0, failed: 0 });
    return { series, totals };
  });
};
export default statsRoutes;
