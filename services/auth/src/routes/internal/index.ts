import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NamesQuerySchema, NamesSchema } from '@app/contracts';
import { NotFoundError, internalOnly, startOfDay } from '@app/service-kit';
import type { AuthDomain } from '../../plugins/app/domain.js';
import { DailyLogsQuerySchema, DailyLogsSchema, RoleKeyParamsSchema, RolePermissionsSchema } from '../../schemas/internal.js';
import { InternalIpRulesSchema } from '../../schemas/settings.js';

export type InternalRoutesOptions = Pick<AuthDomain, 'roles' | 'users' | 'logs' | 'ipRules'> & { internalToken: string; zone: string };

/**
 * Routes for other services only: register with prefix `/internal`. The gateway never exposes them, and they
 * demand INTERNAL_TOKEN.
 */
const internalRoutes: FastifyPluginAsyncTypebox<InternalRoutesOptions> = async (app, opts) => {
  app.addHook('preHandler', internalOnly(opts.internalToken));

  app.get('/roles/:roleKey', { schema: { hide: true, params: RoleKeyParamsSchema, response: { 200: RolePermissionsSchema } } }, async (request) => {
    const { roleKey } = request.params;
    if (!(await opts.roles.exists(roleKey))) throw new NotFoundError(`role ${roleKey} not found`);
    return { roleKey, permissions: await opts.roles.permissionsOf(roleKey) };
  });

  // Display names for other services (stats labels); soft-deleted users keep theirs, their logs still count.
  app.post('/users/names', { schema: { hide: true, body: NamesQuerySchema, response: { 200: NamesSchema } } }, async (request) => {
    const users = await opts.users.names(request.body.ids);
    return { names: users.map((u) => ({ id: u.id, name: u.username })) };
  });

  // Per-day counts of one kind of system log (the dashboard's 每日查询 counts `search`), from `since` on:
  // calendar days of the platform zone (PLATFORM_TIMEZONE), the days of the generation rollup beside them.
  app.get('/logs/daily', { schema: { hide: true, querystring: DailyLogsQuerySchema, response: { 200: DailyLogsSchema } } }, async (request) => {
    const { type, since, userId } = request.query;
    return { days: await opts.logs.dailyCounts({ type, since: startOfDay(since, opts.zone), zone: opts.zone, userId }) };
  });

  // The bans every gateway enforces (banned, not expired), loaded at start and again on each `ipRulesChanged` message.
  app.get('/ip-rules', { schema: { hide: true, response: { 200: InternalIpRulesSchema } } }, async () => ({
    rules: (await opts.ipRules.activeBans()).map((r) => ({ ipOrCidr: r.ipOrCidr, expireAt: r.expireAt?.toISOString() ?? null })),
  }));
};
export default internalRoutes;
