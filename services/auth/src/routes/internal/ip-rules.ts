import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { internalOnly } from '@app/service-kit';
import { InternalIpRulesSchema } from '../../schemas/settings.js';
import { ipRules } from '../../plugins/app/settings/ip-rules.js';

/**
 * The bans every gateway enforces (banned, not expired), loaded at start and again on each
 * `ipRulesChanged` message. Register with prefix `/internal`: the gateway never exposes it.
 */
const internalIpRules: FastifyPluginAsyncTypebox = async (app) => {
  const ips = ipRules(app.db);
  app.get(
    '/ip-rules',
    { preHandler: internalOnly(app.config.INTERNAL_TOKEN), schema: { hide: true, response: { 200: InternalIpRulesSchema } } },
    async () => ({ rules: (await ips.activeBans()).map((r) => ({ ipOrCidr: r.ipOrCidr, expireAt: r.expireAt?.toISOString() ?? null })) }),
  );
};
export default internalIpRules;
