import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { ServiceName } from '@app/contracts';
import { trustProxyOf } from './config.js';
import { guardPlugin } from './guard.js';
import { createServer, type ServerOptions } from './server.js';
import { createTokenVerifier } from './jwt.js';
import { closeRedis, createRedis } from './redis.js';
import { cachedRevocationCheck } from './revocation.js';
import { authServiceRoleLoader, cachedRoleResolver } from './roles.js';


declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
    /** A connection in subscribe mode, shared by every cache-invalidation channel of this service. */
    subscriber: Redis;
  }
}

/** One Redis connection per service for commands, closed on shutdown and reported by /readyz. */
export const redisPlugin = fp(
  async (app: FastifyInstance, opts: { url: string; keyPrefix?: string; name: string }) => {
    const redis = createRedis(opts.url, { name: opts.name, keyPrefix: opts.keyPrefix, log: app.log });
    app.decorate('redis', redis);
    app.readiness.add('redis', () => redis.ping());
    app.addHook('onClose', () => closeRedis(redis));
  },
  { name: 'service-kit-redis', dependencies: ['service-kit-health'] },
);

export interface IdentityOptions {
  publicKey: string;
  /** The iss and aud every token must carry (`JWT_ISSUER`, `JWT_AUDIENCE`). */
  issuer: string;
  audience: string;
  /** Where role permissions come from; defaults to the auth service's internal route. */
  loadRole?: (roleKey: string) => Promise<string[]>;
  authUrl: string;
  internalToken: string;
  keyPrefix?: string;
}

/** Token verification, revocation and permissions for a service; needs `redisPlugin` first. */
export const identityPlugin = fp(
  async (app: FastifyInstance, opts: IdentityOptions) => {
    // One subscriber connection per service carries every invalidation channel.
    const subscriber = app.redis.duplicate({ keyPrefix: undefined });
    subscriber.on('error', () => {});
    app.decorate('subscriber', subscriber);
    app.addHook('onClose', () => closeRedis(subscriber));
    const keyPrefix = opts.keyPrefix;
    await app.register(guardPlugin, {
      verifyToken: createTokenVerifier({ publicKey: opts.publicKey, issuer: opts.issuer, audience: opts.audience }),
      revocation: cachedRevocationCheck({ redis: app.redis, subscriber, keyPrefix }),
      roles: cachedRoleResolver({ load: opts.loadRole ?? authServiceRoleLoader(opts.authUrl, opts.internalToken), subscriber, keyPrefix }),
    });
  },
  { name: 'service-kit-identity', dependencies: ['service-kit-redis'] },
);

export interface PlatformServiceOptions {
  service: ServiceName;
  config: {
    LOG_LEVEL: string;
    REQUEST_TIMEOUT_MS: number;
    BODY_LIMIT_BYTES: number;
    TRUST_PROXY: string;
    REDIS_URL: string;
    REDIS_KEY_PREFIX: string;
    JWT_PUBLIC_KEY: string;
    JWT_ISSUER: string;
    JWT_AUDIENCE: string;
    AUTH_URL: string;
    INTERNAL_TOKEN: string;
  };
  loadRole?: IdentityOptions['loadRole'];
  logger?: ServerOptions['logger'];
  probes?: ServerOptions['probes'];
}

/** The server factory's options from a service's platform settings (every listener of a service uses them). */
export function serverOptionsOf(service: string, config: Pick<PlatformServiceOptions['config'], 'LOG_LEVEL' | 'REQUEST_TIMEOUT_MS' | 'BODY_LIMIT_BYTES' | 'TRUST_PROXY'>): ServerOptions {
  return {
    service,
    logLevel: config.LOG_LEVEL,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    trustProxy: trustProxyOf(config.TRUST_PROXY),
  };
}

/** The common start of every backend service: server factory + Redis + identity (token, revocation, RBAC). */
export async function createPlatformService(opts: PlatformServiceOptions) {
  const { config } = opts;
  const app = await createServer({ ...serverOptionsOf(opts.service, config), logger: opts.logger, probes: opts.probes });
  await app.register(redisPlugin, { url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, name: opts.service });
  await app.register(identityPlugin, {
    publicKey: config.JWT_PUBLIC_KEY,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    authUrl: config.AUTH_URL,
    internalToken: config.INTERNAL_TOKEN,
    keyPrefix: config.REDIS_KEY_PREFIX,
    loadRole: opts.loadRole,
  });
  return app;
}
