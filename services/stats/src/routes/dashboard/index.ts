import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceClient } from '@app/service-kit';

const DashboardSchema = Type.Object({
  totalVectors: Type.Integer(),
  dailyQueries: Type.Integer(),
  trend: Type.Array(Type.Object({ date: Type.String(), generations: Type.Integer(), queries: Type.Integer() })),
  totalProjects: Type.Integer(),
  runningServices: Type.Integer(),
  todayGenerations: Type.Integer(),
});

export interface DashboardPeers {
  projects: ServiceClient;
  orchestrator: ServiceClient;
  vectors: ServiceClient;
  auth: ServiceClient;
}

/**
 * `GET /api/dashboard/stats` (seed 004 §3.1 plus the generation figures): generations from the rollup; the
 * project, instance and vector counts and the searches per day (xl_system_logs of type `search`) from the
 * services that own them. A non-admin sees their own generations, projects, instances and searches; the
 * vector collections are shared, so everyone sees their total. A peer that is down gives 0, not an error.
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
    const today = new Date();
    const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 6));
    const since = first.toISOString().slice(0, 10);
    // The rollup and every peer at once: the slowest of them, not their sum, is the answer's time.
    const [rows, totalProjects, runningServices, totalVectors, queries] = await Promise.all([
      app.db.$queryRawUnsafe<{ day: string; generations: number }[]>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(total)::int AS generations FROM xl_generation_daily
          WHERE day >= $1::date${who.isSuper ? '' : ' AND user_id = $2'} GROUP BY 1`,
        since,
        ...(who.isSuper ? [] : [who.userId]),
      ),
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
      const date = new Date(first.getTime() + i * 86_400_000).toISOString().slice(0, 10);
      return { date, generations: generations.get(date) ?? 0, queries: queries.get(date) ?? 0 };
    });
    return { totalVectors, dailyQueries: trend[6].queries, trend, totalProjects, runningServices, todayGenerations: trend[6].generations };
  });
};
export default dashboardRoutes;
