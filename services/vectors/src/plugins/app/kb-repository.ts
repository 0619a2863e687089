import { createHash, randomBytes } from 'node:crypto';
import type { KbApiKey as KbApiKeyRow, KnowledgeBase, Prisma, PrismaClient } from '@app/db';

/** The sha-256 of an API key, hex: what is stored and looked up; the key itself never is. */
export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A new key: `kb-` and 32 random bytes in base64url (43 characters). */
export function newKey(): { key: string; keyHash: string; keyPrefix: string; last4: string } {
  const key = `kb-${randomBytes(32).toString('base64url')}`;
  return { key, keyHash: hashKey(key), keyPrefix: key.slice(0, 6), last4: key.slice(-4) };
}

export type KbWrite = Pick<Prisma.KnowledgeBaseUncheckedCreateInput, 'name' | 'description' | 'vectorIds' | 'retrievalConfig' | 'createdBy'>;

/**
 * xl_knowledge_bases and their API keys (xl_kb_api_keys). The table's own `api_key_hash` column stays unused:
 * a knowledge base has many keys, each revocable on its own. Pass a transaction client to work inside one.
 */
export function kbRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    find: (id: number) => db.knowledgeBase.findUnique({ where: { id } }),

    /** A page of knowledge bases, newest first, and how many match; `keyword` searches the name. */
    page(q: { keyword?: string; skip: number; take: number }): Promise<[KnowledgeBase[], number]> {
      const where: Prisma.KnowledgeBaseWhereInput = q.keyword ? { name: { contains: q.keyword, mode: 'insensitive' } } : {};
      return Promise.all([db.knowledgeBase.findMany({ where, orderBy: { id: 'desc' }, skip: q.skip, take: q.take }), db.knowledgeBase.count({ where })]);
    },

    create: (data: KbWrite) => db.knowledgeBase.create({ data }),
    update: (id: number, data: Omit<KbWrite, 'createdBy'>) => db.knowledgeBase.update({ where: { id }, data }),
    /** Whether it was there; its keys go with it (ON DELETE CASCADE). */
    remove: async (id: number) => (await db.knowledgeBase.deleteMany({ where: { id } })).count > 0,

    keys: (kbId: number) => db.kbApiKey.findMany({ where: { kbId }, orderBy: { id: 'desc' } }),
    createKey: (data: { kbId: number; name: string; keyHash: string; keyPrefix: string; last4: string; createdBy: number | null }) =>
      db.kbApiKey.create({ data }),
    /** Revokes a key of this knowledge base; null when there is none. Revoking twice keeps the first time. */
    async revokeKey(kbId: number, keyId: number): Promise<KbApiKeyRow | null> {
      const key = await db.kbApiKey.findFirst({ where: { id: keyId, kbId } });
      if (!key) return null;
      if (key.revokedAt) return key;
      return db.kbApiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
    },
    /** The live key with this hash, marking its use; null for an unknown or revoked key. */
    async useKey(key: string): Promise<KbApiKeyRow | null> {
      const found = await db.kbApiKey.findUnique({ where: { keyHash: hashKey(key) } });
      if (!found || found.revokedAt) return null;
      return db.kbApiKey.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
    },
  };
}
export type KbRepository = ReturnType<typeof kbRepository>;
