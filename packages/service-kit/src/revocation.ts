import type { Redis } from 'ioredis';
import { REVOCATION_KEYS } from '@app/contracts';
import type { AccessClaims } from './jwt.js';

/** Checks the revocation markers the auth service writes (logout, disable, delete, password change). */
export interface RevocationCheck {
  isRevoked(claims: AccessClaims): Promise<boolean>;
}

export function redisRevocationCheck(redis: Redis): RevocationCheck {
  return {
    async isRevoked(claims) {
      const [jti, userCutoff] = await redis.mget(REVOCATION_KEYS.jti(claims.jti), REVOCATION_KEYS.user(claims.sub));
      return jti !== null || (userCutoff !== null && claims.iat <= Number(userCutoff));
    },
  };
}

export const neverRevoked: RevocationCheck = { isRevoked: async () => false };
