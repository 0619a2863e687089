import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions, onRequestAsyncHookHandler } from 'fastify';
import replyFrom from '@fastify/reply-from';
import { normalizeIP } from '@fastify/rate-limit';
import { routesOf, type RouteRule, type ServiceName } from '@app/contracts';
import { INTERNAL_HEADER, ServiceUnavailableError, MSG, envelope, outageLog } from '@app/service-kit';
import type { Config } from '../../config.js';
import type { Upstreams } from '../../plugins/app/upstreams.js';

/** Per-IP requests per minute for the unauthenticated entry points (settings; brute force on top: login-guard). */
export type RateLimits = Pick<Config, 'RATE_LIMIT_CAPTCHA_PER_MIN' | 'RATE_LIMIT_LOGIN_PER_MIN' | 'RATE_LIMIT_REGISTER_PER_MIN' | 'RATE_LIMIT_REFRESH_PER_MIN'>;

const RATE_LIMITED: Record<string, keyof RateLimits> = {
  'GET /api/auth/captcha': 'RATE_LIMIT_CAPTCHA_PER_MIN',
  'POST /api/auth/login': 'RATE_LIMIT_LOGIN_PER_MIN',
  'POST /api/auth/register': 'RATE_LIMIT_REGISTER_PER_MIN',
  'POST /api/auth/refresh': 'RATE_LIMIT_REFRESH_PER_MIN',
};

/** Hooks a route needs beyond the access check (login's brute-force guard, the audit of mutations). */
export type RouteHooks = (rule: RouteRule) => Pick<RouteOptions, 'preHandler' | 'onSend' | 'onResponse'>;

/**
 * One proxy per backend service, with exactly the routes the contracts table gives it: an /api path that
 * is not in the table is never proxied (404). The guard has checked token, revocation and permission by the
 * time the handler runs; the service checks again.
 */
export default async function proxyRoutes(
  app: FastifyInstance,
  opts: { upstreams: Upstreams; timeoutMs: number; hooks: RouteHooks; rateLimits: RateLimits },
) {
  for (const [service, base] of Object.entries(opts.upstreams) as [ServiceName, string][]) {
    await app.register(async (scope) => {
      await scope.register(replyFrom, {
        base,
        undici: { connections: 128, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs },
        disableRequestLogging: true,
      });
      for (const rule of routesOf(service)) register(scope, rule, service, opts.hooks(rule), limiter(scope, rule, opts.rateLimits));
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

/**
 * The per-IP limit of an auth entry point, failing closed: when Redis cannot count, the request is refused
 * with 503 rather than let through (these limits are what stands between the internet and password guessing,
 * captcha rows and account spam). @fastify/rate-limit only fails open or throws the store's error (a masked
 * 500), so its limiter is wrapped rather than set as route config.
 */
function limiter(scope: FastifyInstance, rule: RouteRule, limits: RateLimits): onRequestAsyncHookHandler | undefined {
  const setting = RATE_LIMITED[`${rule.method} ${rule.path}`];
  if (!setting) return undefined;
  const route = `${rule.method}${rule.path}`;
  const limit = scope.rateLimit({
    max: limits[setting],
    timeWindow: 60_000,
    skipOnError: false,
    // One counter per route and client (IPv6 by /64, as the plugin's own key does).
    keyGenerator: (request) => `${route}-${normalizeIP(request.ip)}`,
  });
  return async function (request, reply) {
    try {
      await limit.call(this, request, reply);
    } catch (err) {
      if (typeof (err as { statusCode?: unknown }).statusCode === 'number') throw err; // the limit's own 429
      outageLog(scope.log, 'redis').down(err); // once per outage, then with backoff
      throw new ServiceUnavailableError(MSG.unavailable);
    }
  };
}

function register(scope: FastifyInstance, rule: RouteRule, service: ServiceName, hooks: ReturnType<RouteHooks>, rateLimit?: onRequestAsyncHookHandler) {
  const options = proxyOptions(service) as never;
  scope.route({
    ...hooks,
    ...(rateLimit ? { onRequest: rateLimit } : {}),
    method: rule.method,
    url: rule.path,
    schema: { hide: true },
    config: { envelope: false },
    handler: (request: FastifyRequest, reply: FastifyReply) => reply.from(request.url, options),
  });
}
