import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
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
/** Hooks a route needs beyond the access check (login's brute-force guard, the audit of mutations). */
export type RouteHooks = (rule: RouteRule) => Pick<RouteOptions, 'preHandler' | 'onSend' | 'onResponse'>;

export default async function upstreams(app: FastifyInstance, opts: { upstreams: Upstreams; timeoutMs: number; hooks: RouteHooks }) {
  for (const [service, base] of Object.entries(opts.upstreams) as [ServiceName, string][]) {
    await app.register(async (scope) => {
      await scope.register(replyFrom, {
        base,
        undici: { connections: 128, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs },
        disableRequestLogging: true,
      });
      for (const rule of routesOf(service)) register(scope, rule, service, opts.hooks(rule));
    });
  }
}

// Built once, not per request: the proxy options and their hooks.
function proxyOptions(service: ServiceName) {
  return {
    rewriteRequestHeaders: (req: FastifyRequest, headers: Record<string, unknown>) => {
      // reply-from hands us its own copy of the headers: edit it in place.
      delete headers[INTERNAL_HEADER];
      headers['x-request-id'] = req.id;
      headers['x-forwarded-for'] = req.ip;
      return headers;
    },
    onError: (reply: FastifyReply, { error }: { error: Error }) => {
      reply.log.warn({ err: error, service }, 'upstream unreachable');
      reply.code(503).send(envelope(503, new ServiceUnavailableError(`${MSG.unavailable}: ${service}`).message, null));
    },
  };
}

function register(scope: FastifyInstance, rule: RouteRule, service: ServiceName, hooks: ReturnType<RouteHooks>) {
  const rateLimit = RATE_LIMITS[`${rule.method} ${rule.path}`];
  const options = proxyOptions(service) as never;
  scope.route({
    ...hooks,
    method: rule.method,
    url: rule.path,
    schema: { hide: true },
    config: { envelope: false, ...(rateLimit ? { rateLimit } : {}) },
    handler: (request: FastifyRequest, reply: FastifyReply) => reply.from(request.url, options),
  });
}
