import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { UnauthorizedError, type RevocationWriter } from '@app/service-kit';
import type { RefreshTokenRepository } from './refresh-token-repository.js';
import type { UserRepository } from './user-repository.js';

export interface TokenPair {
  token: string;
  refreshToken: string;
  expiresIn: number;
}

export interface TokenServiceDeps {
  refreshTokens: RefreshTokenRepository;
  users: UserRepository;
  sign: (claims: { sub: string; role: string; fid: string }) => string;
  revocation: RevocationWriter;
  accessTtlSec: number;
  refreshTtlSec: number;
  onReuse?: (userId: number, familyId: string) => Promise<void>;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Access tokens are short-lived JWTs; refresh tokens are opaque, stored hashed, rotated on every use, and
 * grouped in a family per login. Presenting a token that was already rotated means it was copied:
 * the whole family is revoked.
 */
export function tokenService(deps: TokenServiceDeps) {
  const { refreshTokens, users } = deps;

  async function mint(user: { id: number; roleKey: string }, familyId: string): Promise<{ pair: TokenPair; id: string }> {
    await deps.revocation.waitPastCutoff(user.id);
    const refreshToken = randomBytes(32).toString('base64url');
    const row = await refreshTokens.create({
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + deps.refreshTtlSec * 1000),
    });
    const token = deps.sign({ sub: String(user.id), role: user.roleKey, fid: familyId });
    return { pair: { token, refreshToken, expiresIn: deps.accessTtlSec }, id: row.id };
  }

  /** Ends a login session: its refresh tokens, and its access tokens (claim `fid`) on every replica at once. */
  async function revokeFamily(familyId: string) {
    await refreshTokens.revokeFamily(familyId);
    await deps.revocation.revokeFamily(familyId);
  }

  return {
    /** A new login: a new refresh family. */
    issue: async (user: { id: number; roleKey: string }) => (await mint(user, randomUUID())).pair,

    async rotate(refreshToken: string): Promise<TokenPair> {
      const row = await refreshTokens.findByHash(sha256(refreshToken));
      if (!row) throw new UnauthorizedError('刷新令牌无效');
      if (row.replacedBy) {
        // Rotated already: whoever presents it again holds a copy. End the whole session, access tokens too.
        await revokeFamily(row.familyId);
        await deps.onReuse?.(row.userId, row.familyId);
        throw new UnauthorizedError('刷新令牌已失效，请重新登录');
      }
      if (row.revokedAt) throw new UnauthorizedError('刷新令牌已失效，请重新登录');
      if (row.expiresAt.getTime() <= Date.now()) throw new UnauthorizedError('刷新令牌已过期，请重新登录');
      const user = await users.findActive(row.userId);
      if (!user || user.status !== 1) {
        await revokeFamily(row.familyId);
        throw new UnauthorizedError('账户不可用');
      }
      const next = await mint(user, row.familyId);
      // Only one caller may rotate a given token: a concurrent second rotation counts as reuse.
      if (!(await refreshTokens.claim(row.id, next.id))) {
        await revokeFamily(row.familyId);
        await deps.onReuse?.(row.userId, row.familyId);
        throw new UnauthorizedError('刷新令牌已失效，请重新登录');
      }
      return next.pair;
    },

    /** Logout: the whole session (its refresh family and every access token of it), and the token in hand. */
    async logout(claims: { jti: string; exp: number; fid?: string }) {
      if (claims.fid) await revokeFamily(claims.fid);
      await deps.revocation.revokeToken(claims.jti, claims.exp);
    },

    /** Disable, delete, password change: every session of the user, at once, on every replica. */
    async revokeUser(userId: number, opts: { exceptFamily?: string } = {}) {
      await refreshTokens.revokeUser(userId, opts.exceptFamily);
      await deps.revocation.revokeUser(userId);
    },
  };
}
export type TokenService = ReturnType<typeof tokenService>;
