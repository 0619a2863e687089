import type { Prisma, PrismaClient } from '@app/db';

/** xl_captchas: challenges by key, their answer stored as a digest. Pass a transaction client to work inside one. */
export function captchaRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    /** Lazy cleanup (seed 004 §1.1): challenges past their expiry. */
    purgeExpired: async (now = new Date()) => {
      await db.captcha.deleteMany({ where: { expireAt: { lt: now } } });
    },

    create: async (data: { uuid: string; code: string; expireAt: Date }) => {
      await db.captcha.create({ data });
    },

    /** Deletes the challenge and hands back what it was, in one statement: two attempts cannot both read it. */
    async take(uuid: string): Promise<{ code: string; expireAt: Date } | null> {
      const rows = await db.$queryRaw<{ code: string; expire_at: Date }[]>`
        DELETE FROM xl_captchas WHERE uuid = ${uuid} RETURNING code, expire_at`;
      return rows[0] ? { code: rows[0].code, expireAt: rows[0].expire_at } : null;
    },
  };
}
export type CaptchaRepository = ReturnType<typeof captchaRepository>;
