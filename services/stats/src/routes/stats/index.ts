import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequestError, addDays, dayOf, endOfDay, rangeOf, startOfDay } from '@app/service-kit';
import type { GenerationDailyRepository } from '../../plugins/app/generation-daily-repository.js';
import type { GenerationLogRepository } from '../../plugins/app/generation-log-repository.js';
import type { Names } from '../../plugins/app/names.js';
import { scopedUser, viewerOf } from '../../plugins/app/scope.js';
import { CalendarSchema, StatsQuerySchema, StatsSchema } from '../../schemas/logs.js';

const MAX_DAYS = 731;
const DAY_MS = 86_400_000;

/**
 * `GET /api/stats`: whole days from the daily rollup. `start`/`end` follow the one date grammar (a day or a
 * date-time); a date-time inside a day makes that day partial, and a partial day is counted from the raw
 * logs (at most the two end days, on the timestamp index), so the figures always equal `/api/logs` with the
 * same filters. `zone` is the calendar of the rollup's days; `GET /api/stats/calendar` tells clients which it is.
 */
const statsRoutes: FastifyPluginAsyncTypebox<{ names: Names; zone: string; logs: GenerationLogRepository; daily: GenerationDailyRepository }> = async (app, opts) => {
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

    const scope = { dimension: q.dimension, userId: scopedUser(request.identity!, q.userId), projectId: q.projectId };
    const parts = await Promise.all([
      anyWhole ? opts.daily.countsBy({ ...scope, from: wholeFrom, to: wholeTo }) : [],
      // What is left of the range: its partial days, from the raw logs.
      partial
        ? opts.logs.countsBy({ ...scope, start, end, zone, except: anyWhole ? { start: startOfDay(wholeFrom, zone), end: endOfDay(wholeTo, zone) } : undefined })
        : [],
    ]);
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

  // The zone the figures are counted in: clients compute "today" and their presets in it, not in their own.
  app.get('/api/stats/calendar', { schema: { tags: ['stats'], response: { 200: CalendarSchema } } }, async () => ({ zone, today: dayOf(new Date(), zone) }));
};
export default statsRoutes;
