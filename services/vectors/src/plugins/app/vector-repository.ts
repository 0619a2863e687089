import type { Prisma, PrismaClient } from '@app/db';

/** xl_vectors, the collections (their vector rows live in the vector store). Pass a transaction client to work inside one. */
export function vectorRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    /** How many collections there are and how many vectors they hold. */
    async summary(): Promise<{ collections: number; totalVectors: number }> {
      const all = await db.vector.aggregate({ _count: { _all: true }, _sum: { docCount: true } });
      return { collections: all._count._all, totalVectors: all._sum.docCount ?? 0 };
    },
  };
}
export type VectorRepository = ReturnType<typeof vectorRepository>;
