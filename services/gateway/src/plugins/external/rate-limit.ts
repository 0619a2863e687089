import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/**
 * @fastify/rate-limit over the shared Redis, with no global limit: routes opt in (the auth entry points,
 * routes/proxy/index.ts). Limits other than auth's may fail open; auth's own fail closed (routes/proxy).
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(rateLimit, {
      global: false,
      redis: app.redis,
      nameSpace: 'rl:',
      skipOnError: true,
      // One language per sentence: the plugin's `after` is English ("46 seconds"), its `ttl` milliseconds.
      errorResponseBuilder: (_request, context) => ({ statusCode: 429, message: `请求过于频繁，请 ${Math.max(1, Math.ceil(context.ttl / 1000))} 秒后再试` }),
    });
  },
  { name: 'gateway-rate-limit', dependencies: ['service-kit-redis'] },
);
