import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { BadRequestError } from '@app/service-kit';
import { IdParamsSchema, IpCreateSchema, IpListQuerySchema, IpPageSchema, IpRuleSchema, IpStatusBodySchema } from '../../schemas/settings.js';
import type { AuthDomain } from '../../plugins/app/domain.js';
import { listPage } from '../../plugins/app/list-page.js';
import { formatIpRange, ipRuleView, parseIpRange, rangeContains, type IpRange } from '../../plugins/app/settings/ip-rules.js';
import { fieldError } from '../../plugins/app/settings/validation.js';

/**
 * IP security (seed 004 §8.4). Gateways load the active bans from /internal/ip-rules and reload on the
 * `ipRulesChanged` message published after every write.
 */
const ipRoutes: FastifyPluginAsyncTypebox<Pick<AuthDomain, 'ipRules' | 'events'>> = async (app, opts) => {
  const { ipRules: ips, events } = opts;
  const tags = ['settings'];

  /** An admin must not lock themselves out: no ban may cover the address the request came from. */
  function assertNotOwnAddress(request: FastifyRequest, range: IpRange) {
    const own = parseIpRange(request.ip);
    if (own && rangeContains(range, own)) throw new BadRequestError('不能封禁自己的 IP');
  }

  app.get(
    '/api/settings/ips',
    { schema: { tags, querystring: IpListQuerySchema, response: { 200: IpPageSchema } } },
    async (request) => {
      const q = request.query;
      const now = new Date();
      return listPage(q, (page) => ips.page({ status: q.status, keyword: q.keyword?.trim() }, page), (r) => ipRuleView(r, now));
    },
  );

  app.post(
    '/api/settings/ips',
    { schema: { tags, body: IpCreateSchema, response: { 201: IpRuleSchema } } },
    async (request, reply) => {
      const body = request.body;
      const range = parseIpRange(body.ipOrCidr);
      if (!range) throw fieldError('body.ipOrCidr', '不是有效的 IPv4/IPv6 地址或 CIDR 网段');
      const expireAt = body.expireAt ? new Date(body.expireAt) : null;
      if (expireAt && expireAt.getTime() <= Date.now()) throw fieldError('body.expireAt', '必须晚于当前时间');
      const status = body.status ?? 'banned';
      if (status === 'banned') assertNotOwnAddress(request, range);
      const rule = await ips.create({
        ipOrCidr: formatIpRange(range),
        status,
        reason: body.reason?.trim() || null,
        expireAt,
        createdBy: request.identity!.userId,
      });
      await events.publish('ipRulesChanged');
      await events.record(request, status === 'banned' ? 'IP_BAN' : 'IP_ALLOW', { id: rule.id, ipOrCidr: rule.ipOrCidr, expireAt }, 201);
      return reply.code(201).send(ipRuleView(rule));
    },
  );

  app.put(
    '/api/settings/ips/:id/status',
    { schema: { tags, params: IdParamsSchema, body: IpStatusBodySchema, response: { 200: IpRuleSchema } } },
    async (request) => {
      const { status } = request.body;
      const rule = await ips.get(request.params.id);
      const range = parseIpRange(rule.ipOrCidr);
      if (status === 'banned' && range) assertNotOwnAddress(request, range);
      const updated = await ips.setStatus(rule.id, status);
      await events.publish('ipRulesChanged');
      await events.record(request, status === 'banned' ? 'IP_BAN' : 'IP_UNBAN', { id: rule.id, ipOrCidr: rule.ipOrCidr });
      return ipRuleView(updated);
    },
  );
};
export default ipRoutes;
