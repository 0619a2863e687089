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

/**
 * `GET /api/dashboard/stats` (seed 004 §3.1 plus the generation figures): generations from the rollup, the
 * project and instance counts from the services that own them. A non-admin sees their own figures. The
 * vector figures come with the vectors service; until then they are 0.
 */
const dashboardRoutes: FastifyPluginAsyncTypebox<{ projects: ServiceClient; orchestrator: ServiceClient }> = async (app, opts) => {
  async function count<T>(client: ServiceClient, path: string, pick: (data: T) => number, requestId: string): Promise<number> {
    try {
      const res = await client.call<T>(path, { requestId, timeoutMs: 3000 });
      return res.status === 200 ? pick(res.body.data) : 0;
    } catch (err) {
      app.log.warn({ err, path }, 'dashboard figure unavailable');
      return 0;
    }
  }

  app.get('/api/dashboard/stats', { schema: { tags: ['dashboard'], response: { 200: DashboardSchema } } }, async (request) => {
    const who = request.identity!;
    const mine = who.isSuper ? '' : `?userId=${who.userId}`;
    const today = new Date();
    const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 6));
    const rows = await app.db.$queryRawUnsafe<{ day: string; generations: number }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(total)::int AS generations FROM xl_generation_daily
        WHERE day >= $1::date${who.isSuper ? '' : ' AND user_id = $2'} GROUP BY 1`,
      first.toISOString().slice(0, 10),
      ...(who.isSuper ? [] : [who.userId]),
    );
    const byDay = new Map(rows.map((r) => [r.day, r.generations]));
    const trend = Array.from({ length: 7 }, (_, i) => {
      const date = new Date(first.getTime() + i * 86_400_000).toISOString().slice(0, 10);
      return { date, generations: byDay.get(date) ?? 0, queries: 0 };
    });
    const [totalProjects, runningServices] = await Promise.all([
      count<{ count: number }>(opts.projects, `/internal/projects/count${mine}`, (d) => d.count, request.id),
      count<{ running: number }>(opts.orchestrator, `/internal/instances/count${mine}`, (d) => d.running, request.id),
    ]);
    return { totalVectors: 0, dailyQueries: 0, trend, totalProjects, runningServices, todayGenerations: trend[6].generations };
  });
};
export default dashboardRoutes;
