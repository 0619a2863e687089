import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { NamesQuerySchema, NamesSchema } from '@app/contracts';
import { NotFoundError, internalOnly, startOfDay } from '@app/service-kit';
import type { roleRepository } from '../../plugins/app/role-repository.js';

const RolePermissions = Type.Object({ roleKey: Type.String(), permissions: Type.Array(Type.String()) });

/** Routes for other services only: the gateway never exposes /internal, and they demand INTERNAL_TOKEN. */
export default async function internalRoutes(
  app: FastifyInstance,
  opts: { internalToken: string; roles: ReturnType<typeof roleRepository>; zone: string },
) {
  app.addHook('preHandler', internalOnly(opts.internalToken));
  app.get(
    '/roles/:roleKey',
    {
      schema: {
        hide: true,
        params: Type.Object({ roleKey: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: RolePermissions },
      },
    },
    async (request) => {
      const { roleKey } = request.params as { roleKey: string };
      if (!(await opts.roles.exists(roleKey))) throw new NotFoundError(`role ${roleKey} not found`);
      return { roleKey, permissions: await opts.roles.permissionsOf(roleKey) };
    },
  );
  // Display names for other services (stats labels); soft-deleted users keep theirs, their logs still count.
  app.post('/users/names', { schema: { hide: true, body: NamesQuerySchema, response: { 200: NamesSchema } } }, async (request) => {
    const { ids } = request.body as { ids: number[] };
    const users = await app.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true }, orderBy: { id: 'asc' } });
    return { names: users.map((u) => ({ id: u.id, name: u.username })) };
  });
  // Per-day counts of one kind of system log (the dashboard's 每日查询 counts `search`), from `since` on:
  // calendar days of the platform zone (PLATFORM_TIMEZONE), the days of the generation rollup beside them.
  app.get(
    '/logs/daily',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          type: Type.Union(['login', 'operation', 'security', 'search', 'error'].map((v) => Type.Literal(v))),
          since: Type.String({ format: 'date' }),
          userId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: { 200: Type.Object({ days: Type.Array(Type.Object({ date: Type.String(), count: Type.Integer() })) }) },
      },
    },
    async (request) => {
      const q = request.query as { type: string; since: string; userId?: number };
      const days = await app.db.$queryRawUnsafe<{ date: string; count: number }[]>(
        `SELECT to_char((created_at AT TIME ZONE $3::text)::date, 'YYYY-MM-DD') AS date, count(*)::int AS count
           FROM xl_system_logs
          WHERE type = $1 AND created_at >= $2::timestamptz${q.userId ? ' AND user_id = $4' : ''}
          GROUP BY 1 ORDER BY 1`,
        q.type,
        startOfDay(q.since, opts.zone).toISOString(),
        opts.zone,
        ...(q.userId ? [q.userId] : []),
      );
      return { days };
    },
  );
}
