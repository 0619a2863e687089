import type { Redis } from 'ioredis';
import { CHANNELS, REVOCATION_KEYS } from '@app/contracts';
import { ServiceUnavailableError, MSG } from './errors.js';
import { onChannel } from './invalidation.js';
import type { AccessClaims } from './jwt.js';

/** Checks the revocation markers the auth service writes (logout, refresh reuse, disable, delete, password change). */
export interface RevocationCheck {
  isRevoked(claims: AccessClaims): Promise<boolean>;
  close?(): Promise<void>;
}

type Message =
  | { kind: 'jti'; id: string; until: number }
  | { kind: 'user'; id: string; at: number }
  | { kind: 'family'; id: string; until: number };

const nowSec = () => Math.floor(Date.now() / 1000);

/** One Redis round trip per check; the fallback of the cached check while its subscription is down. */
export function redisRevocationCheck(redis: Redis): RevocationCheck {
  return {
    async isRevoked(claims) {
      let values: (string | null)[];
      const keys = [REVOCATION_KEYS.jti(claims.jti), REVOCATION_KEYS.user(claims.sub)];
      if (claims.fid) keys.push(REVOCATION_KEYS.family(claims.fid));
      try {
        values = await redis.mget(...keys);
      } catch (err) {
        // Without Redis nobody can tell whether the token was revoked: refuse rather than guess.
        throw new ServiceUnavailableError(MSG.unavailable, { cause: err });
      }
      const [jti, userCutoff, family = null] = values;
      return jti !== null || family !== null || (userCutoff !== null && claims.iat <= Number(userCutoff));
    },
  };
}

/**
 * Revocations held in memory, so checking a token costs no Redis round trip. Loaded from Redis whenever the
 * subscription (re)connects, then kept current by pub/sub messages from the auth service (milliseconds on
 * every replica). While the subscription is down, every check goes to Redis directly.
 */
export function cachedRevocationCheck(opts: { redis: Redis; subscriber: Redis; keyPrefix?: string }): RevocationCheck {
  const prefix = opts.keyPrefix ?? '';
  const channel = `${prefix}${CHANNELS.tokensRevoked}`;
  const jtis = new Map<string, number>();
  const users = new Map<string, number>();
  const families = new Map<string, number>();
  const direct = redisRevocationCheck(opts.redis);
  let live = false;

  const apply = (m: Message) => {
    if (m.kind === 'jti') jtis.set(m.id, m.until);
    else if (m.kind === 'family') families.set(m.id, m.until);
    else users.set(m.id, Math.max(users.get(m.id) ?? 0, m.at));
  };

  async function load() {
    jtis.clear();
    users.clear();
    families.clear();
    const jtiPrefix = REVOCATION_KEYS.jti('');
    const userPrefix = REVOCATION_KEYS.user('');
    const familyPrefix = REVOCATION_KEYS.family('');
    let cursor = '0';
    do {
      const [next, keys] = await opts.redis.scan(cursor, 'MATCH', `${prefix}xl:revoked:*`, 'COUNT', 1000);
      cursor = next;
      const names = keys.map((k) => k.slice(prefix.length));
      if (!names.length) continue;
      const values = await opts.redis.mget(...names);
      names.forEach((name, i) => {
        const value = Number(values[i]);
        if (values[i] === null) return;
        if (name.startsWith(jtiPrefix)) jtis.set(name.slice(jtiPrefix.length), value || nowSec() + 86_400);
        else if (name.startsWith(userPrefix)) users.set(name.slice(userPrefix.length), value);
        else if (name.startsWith(familyPrefix)) families.set(name.slice(familyPrefix.length), value || nowSec() + 86_400);
      });
    } while (cursor !== '0');
  }

  // Live only between a load after (re)subscribing and the next disconnect; until then Redis is asked.
  const detach = onChannel(opts.subscriber, channel, {
    message(raw) {
      try {
        apply(JSON.parse(raw) as Message);
      } catch {
        /* ignore malformed */
      }
    },
    async ready() {
      live = false;
      await load();
      live = true;
    },
    down() {
      live = false;
    },
  });

  // Drop markers once the tokens they name have expired anyway.
  const sweep = setInterval(() => {
    const now = nowSec();
    for (const [id, until] of jtis) if (until < now) jtis.delete(id);
    for (const [id, until] of families) if (until < now) families.delete(id);
  }, 60_000);
  sweep.unref();

  return {
    async isRevoked(claims) {
      if (!live) return direct.isRevoked(claims);
      if (jtis.has(claims.jti)) return true;
      if (claims.fid && families.has(claims.fid)) return true;
      const cutoff = users.get(claims.sub);
      return cutoff !== undefined && claims.iat <= cutoff;
    },
    async close() {
      clearInterval(sweep);
      detach();
    },
  };
}

/** What the auth service calls to revoke: writes the marker, then tells every replica. */
export function revocationWriter(redis: Redis, opts: { keyPrefix?: string; accessTtlSec: number; markerTtlSec?: number }) {
  // Session and user markers also cover credentials that live longer than an access token (a ComfyUI
  // browser session holds its login's `fid`): they are kept for the longest of those lives.
  const markerTtl = Math.max(opts.accessTtlSec + 60, opts.markerTtlSec ?? 0);
  const channel = `${opts.keyPrefix ?? ''}${CHANNELS.tokensRevoked}`;
  return {
    /** One access token (logout): the marker lives until the token would have expired. */
    async revokeToken(jti: string, exp: number) {
      const ttl = Math.max(1, exp - nowSec() + 5);
      await redis.set(REVOCATION_KEYS.jti(jti), String(exp), 'EX', ttl);
      await redis.publish(channel, JSON.stringify({ kind: 'jti', id: jti, until: exp } satisfies Message));
    },
    /**
     * Tokens carry whole seconds, so a token minted in the same second as a user-wide revocation would
     * count as revoked: wait until that second has passed before minting.
     */
    async waitPastCutoff(userId: number) {
      const cutoff = Number(await redis.get(REVOCATION_KEYS.user(userId)));
      const waitMs = (cutoff + 1) * 1000 - Date.now();
      if (cutoff && waitMs > 0) await new Promise((r) => setTimeout(r, Math.min(waitMs, 1100)));
    },
    /**
     * Every access token of one login session, the refresh family `fid` (logout, refresh-token reuse), and
     * the ComfyUI browser sessions opened from it. A revoked family never mints again, so the marker needs to
     * outlive only the credentials already issued.
     */
    async revokeFamily(familyId: string) {
      const ttl = markerTtl;
      const until = nowSec() + ttl;
      await redis.set(REVOCATION_KEYS.family(familyId), String(until), 'EX', ttl);
      await redis.publish(channel, JSON.stringify({ kind: 'family', id: familyId, until } satisfies Message));
    },
    /** Every access token of a user issued up to now (disable, delete, password change). */
    async revokeUser(userId: number) {
      const at = nowSec();
      await redis.set(REVOCATION_KEYS.user(userId), String(at), 'EX', markerTtl);
      await redis.publish(channel, JSON.stringify({ kind: 'user', id: String(userId), at } satisfies Message));
    },
  };
}
export type RevocationWriter = ReturnType<typeof revocationWriter>;

