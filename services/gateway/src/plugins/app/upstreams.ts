import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import replyFrom from '@fastify/reply-from';
import { routesOf, type RouteRule, type ServiceName } from '@app/contracts';
import { INTERNAL_HEADER, ServiceUnavailableError, MSG, envelope } from '@app/service-kit';

export type Upstreams = Partial<Record<ServiceName, string>>;

/** Per-IP request rates for the unauthenticated entry points (brute force on top: login-guard). */
const RATE_LIMITS: Record<string, { max: number; timeWindow: number }> = {
  'GET /api/auth/captcha': { max: 30, timeWindow: 60_000 },
  'POST /api/auth/login': { max: 30, timeWindow: 60_000 },
  'POST /api/auth/register': { max: 10, timeWindow: 60_000 },
  'POST /api/auth/refresh': { max: 60, timeWindow: 60_000 },
};

/**
 * One proxy per backend service, with exactly the routes the contracts table gives it: an /api path that
 * is not in the table is never proxied (404). The guard has checked token, revocation and permission by the
 * time the handler runs; the service checks again.
 */
export default async function upstreams(app: FastifyInstance, opts: { upstreams: Upstreams; timeoutMs: number }) {
  for (const [service, base] of Object.entries(opts.upstreams) as [ServiceName, string][]) {
    await app.register(async (scope) => {
      await scope.register(replyFrom, {
        base,
        undici: { connections: 128, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs },
        disableRequestLogging: true,
      });
      for (const rule of routesOf(service)) register(scope, rule, service);
    });
  }
}

function register(scope: FastifyInstance, rule: RouteRule, service: ServiceName) {
  const rateLimit = RATE_LIMITS[`${rule.method} ${rule.path}`];
  scope.route({
    method: rule.method,
    url: rule.path,
    schema: { hide: true },
    config: { envelope: false, ...(rateLimit ? { rateLimit } : {}) },
    handler: (request: FastifyRequest, reply: FastifyReply) =>
      reply.from(request.url, {
        rewriteRequestHeaders: (req, headers) => {
          const { [INTERNAL_HEADER]: _dropped, ...rest } = headers;
          return { ...rest, 'x-request-id': req.id, 'x-forwarded-for': req.ip };
        },
        onError: (rep, { error }) => {
          rep.log.warn({ err: error, service }, 'upstream unreachable');
          const err = new ServiceUnavailableError(`${MSG.unavailable}: ${service}`);
          rep.code(503).send(envelope(503, err.message, null));
        },
      }),
  });
}
