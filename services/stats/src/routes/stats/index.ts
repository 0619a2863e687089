import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequestError } from '@app/service-kit';
import { StatsQuerySchema, StatsSchema } from '../../schemas/logs.js';
import type { Names } from '../../plugins/app/names.js';
import { scopedUser, viewerOf } from '../logs/index.js';

const MAX_DAYS = 731;
const DAY_MS = 86_400_000;

/** `GET /api/stats`: from the daily rollup only, never from the raw logs. */
const statsRoutes: FastifyPluginAsyncTypebox<{ names: Names }> = async (app, opts) => {
  app.get('/api/stats', { schema: { tags: ['stats'], querystring: StatsQuerySchema, response: { 200: StatsSchema } } }, async (request) => {
    const q = request.query;
    const start = Date.parse(`${q.start}T00:00:00Z`);
    const end = Date.parse(`${q.end}T00:00:00Z`);
    if (end < start) throw new BadRequestError('query.end must not be before query.start');
    if ((end - start) / DAY_MS + 1 > MAX_DAYS) throw new BadRequestError(`query range is limited to ${MAX_DAYS} days`);
    const userId = scopedUser(request.identity!, q.userId);
    const column = { day: 'day', project: 'project_id', user: 'user_id' }[q.dimension];
    const params: unknown[] = [q.start, q.end];
    let filter = '';
    if (userId !== undefined) filter += ` AND user_id = $${params.push(userId)}`;
    if (q.projectId) filter += ` AND project_id = $${params.push(q.projectId)}`;
    // Grouped by the column itself (a date or an integer), formatted here: grouping by a formatted text
    // costs PostgreSQL twice as much on a 90-day range.
    const grouped = await app.db.$queryRawUnsafe<{ key: Date | number; total: number; success: number; failed: number }[]>(
      `SELECT ${column} AS key, sum(total)::int AS total, sum(success)::int AS success, sum(failed)::int AS failed
         FROM xl_generation_daily
        WHERE day BETWEEN $1::date AND $2::date${filter}
        GROUP BY 1`,
      ...params,
    );
    const rows = grouped.map((r) => ({ ...r, key: r.key instanceof Date ? r.key.toISOString().slice(0, 10) : String(r.key) }));
    // Projects and users are labelled with their names; `项目 #id` / `用户 #id` when their service is down.
    const keys = rows.map((r) => Number(r.key));
    const names =
      q.dimension === 'day' ? null
      : q.dimension === 'project' ? await opts.names.projects(keys, request.id, viewerOf(request.identity!))
      : await opts.names.users(keys, request.id);
    const fallback = q.dimension === 'project' ? '项目' : '用户';
    let series = rows.map((r) => ({ ...r, label: names ? (names.get(Number(r.key)) ?? `${fallback} #${r.key}`) : r.key }));
    if (q.dimension === 'day') {
      // Every day of the range, zero-filled, so a chart's x axis is continuous.
      const byDay = new Map(series.map((s) => [s.key, s]));
      series = [];
      for (let t = start; t <= end; t += DAY_MS) {
        const key = new Date(t).toISOString().slice(0, 10);
        series.push(byDay.get(key) ?? { key, label: key, total: 0, success: 0, failed: 0 });
      }
    } else {
      series.sort((a, b) => b.total - a.total || Number(a.key) - Number(b.key));
    }
    const totals = series.reduce((acc, s) => ({ total: acc.total + s.total, success: acc.success + s.success, failed: acc.failed + s.failed }), { total: 0, success: 0, failed: 0 });
    return { series, totals };
  });
};
export default statsRoutes;
