import { request } from 'undici';
import type { Redis } from 'ioredis';
import { CHANNELS } from '@app/contracts';
import { onChannel } from './invalidation.js';

/** Answers "which permissions does this role hold now". Services ask auth; auth reads its own table. */
export interface RoleResolver {
  permissionsOf(roleKey: string): Promise<string[]>;
  close?(): Promise<void>;
}

export function staticRoleResolver(roles: Record<string, readonly string[]>): RoleResolver {
  return { permissionsOf: async (key) => [...(roles[key] ?? [])] };
}

export interface CachedResolverOptions {
  load: (roleKey: string) => Promise<string[]>;
  ttlMs?: number;
  /** A dedicated subscriber connection; a message on `rolesChanged` drops the cache on every replica. */
  subscriber?: Redis;
  /** REDIS_KEY_PREFIX, which namespaces channels too. */
  keyPrefix?: string;
}

export function cachedRoleResolver(opts: CachedResolverOptions): RoleResolver {
  const ttl = opts.ttlMs ?? 30_000;
  const cache = new Map<string, { perms: Promise<string[]>; at: number }>();
  // Dropped on every message and on every (re)subscription: invalidations sent while disconnected are lost.
  const detach = opts.subscriber
    ? onChannel(opts.subscriber, `${opts.keyPrefix ?? ''}${CHANNELS.rolesChanged}`, { message: () => cache.clear(), ready: () => cache.clear() })
    : undefined;
  return {
    permissionsOf(roleKey) {
      const hit = cache.get(roleKey);
      if (hit && Date.now() - hit.at < ttl) return hit.perms;
      const perms = opts.load(roleKey);
      cache.set(roleKey, { perms, at: Date.now() });
      perms.catch(() => cache.delete(roleKey));
      return perms;
    },
    async close() {
      detach?.();
    },
  };
}

/** Loads a role's permissions from the auth service's internal route. Unknown role → no permissions. */
export function authServiceRoleLoader(authUrl: string, internalToken: string) {
  return async (roleKey: string): Promise<string[]> => {
    const res = await request(`${authUrl}/internal/roles/${encodeURIComponent(roleKey)}`, {
      headers: { 'x-internal-token': internalToken },
      headersTimeout: 3000,
      bodyTimeout: 3000,
    });
    const body = (await res.body.json()) as { data?: { permissions?: string[] } };
    if (res.statusCode === 404) return [];
    if (res.statusCode !== 200) throw new Error(`auth service answered ${res.statusCode} for role ${roleKey}`);
    return body.data?.permissions ?? [];
  };
}
