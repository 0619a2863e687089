import type { Prisma, PrismaClient } from '@app/db';

/** xl_refresh_tokens: stored as hashes, grouped in a family per login. Pass a transaction client to work inside one. */
export function refreshTokenRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    create: (data: { userId: number; familyId: string; tokenHash: string; expiresAt: Date }) => db.refreshToken.create({ data }),

    findByHash: (tokenHash: string) => db.refreshToken.findUnique({ where: { tokenHash } }),

    /**
     * Marks a token used and names its successor, unless it was revoked or used already: true for the one
     * caller that did (a concurrent second rotation gets false).
     */
    claim: async (id: string, replacedBy: string) =>
      (await db.refreshToken.updateMany({ where: { id, revokedAt: null, replacedBy: null }, data: { revokedAt: new Date(), replacedBy } })).count === 1,

    revokeFamily: async (familyId: string) => {
      await db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
    },

    /** Every live token of the user, but those of `exceptFamily`. */
    revokeUser: async (userId: number, exceptFamily?: string) => {
      await db.refreshToken.updateMany({
        where: { userId, revokedAt: null, ...(exceptFamily ? { NOT: { familyId: exceptFamily } } : {}) },
        data: { revokedAt: new Date() },
      });
    },
  };
}
export type RefreshTokenRepository = ReturnType<typeof refreshTokenRepository>;
