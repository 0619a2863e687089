import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addDays, dayOf, type ServiceClient } from '@app/service-kit';
import type { GenerationDailyRepository } from '../../plugins/app/generation-daily-repository.js';
import { scopedUser } from '../../plugins/app/scope.js';
import { DashboardSchema } from '../../schemas/dashboard.js';

export interface DashboardPeers {
  projects: ServiceClient;
  orchestrator: ServiceClient;
  vectors: ServiceClient;
  auth: ServiceClient;
  /** PLATFORM_TIMEZONE: whose calendar "today" and the trend's days are. */
  zone: string;
  daily: GenerationDailyRepository;
}

/**
 * `GET /api/dashboard/stats` (seed 004 §3.1 plus the generation figures): generations from the rollup; the
 * project, instance and vector counts and the searches per day (xl_system_logs of type `search`) from the
 * services that own them. A non-admin sees their own generations, projects, instances and searches; the
 * vector collections are shared, so everyone sees their total. A peer that is down gives 0, not an error.
 * Today and the six days before are calendar days of the platform zone, in the rollup and in auth's counts.
 */
const dashboardRoutes: FastifyPluginAsyncTypebox<DashboardPeers> = async (app, opts) => {
  async function figure<T, R>(client: ServiceClient, path: string, pick: (data: T) => R, otherwise: R, requestId: string): Promise<R> {
    try {
      const res = await client.call<T>(path, { requestId, timeoutMs: 3000 });
      if (res.status === 200) return pick(res.body.data);
      app.log.warn({ path, status: res.status }, 'dashboard figure unavailable');
    } catch (err) {
      app.log.warn({ err, path }, 'dashboard figure unavailable');
    }
    return otherwise;
  }
  const count = <T>(client: ServiceClient, path: string, pick: (data: T) => number, requestId: string) => figure(client, path, pick, 0, requestId);

  app.get('/api/dashboard/stats', { schema: { tags: ['dashboard'], response: { 200: DashboardSchema } } }, async (request) => {
    const who = request.identity!;
    const mine = who.isSuper ? '' : `?userId=${who.userId}`;
    const since = addDays(dayOf(new Date(), opts.zone), -6);
    // The rollup and every peer at once: the slowest of them, not their sum, is the answer's time.
    const [rows, totalProjects, runningServices, totalVectors, queries] = await Promise.all([
      opts.daily.perDay(since, scopedUser(who)),
      count<{ count: number }>(opts.projects, `/internal/projects/count${mine}`, (d) => d.count, request.id),
      count<{ running: number }>(opts.orchestrator, `/internal/instances/count${mine}`, (d) => d.running, request.id),
      count<{ totalVectors: number }>(opts.vectors, '/internal/vectors/summary', (d) => d.totalVectors, request.id),
      figure<{ days: { date: string; count: number }[] }, Map<string, number>>(
        opts.auth,
        `/internal/logs/daily?type=search&since=${since}${who.isSuper ? '' : `&userId=${who.userId}`}`,
        (d) => new Map(d.days.map((x) => [x.date, x.count])),
        new Map(),
        request.id,
      ),
    ]);
    const generations = new Map(rows.map((r) => [r.day, r.generations]));
    const trend = Array.from({ length: 7 }, (_, i) => {
      const date = addDays(since, i);
      return { date, generations: generations.get(date) ?? 0, queries: queries.get(date) ?? 0 };
    });
    return { totalVectors, dailyQueries: trend[6].queries, trend, totalProjects, runningServices, todayGenerations: trend[6].generations };
  });
};
export default dashboardRoutes;
