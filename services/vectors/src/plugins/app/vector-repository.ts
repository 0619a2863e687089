import type { Prisma, PrismaClient, Vector } from '@app/db';
import { CollectionTitleTakenError } from '../../errors.js';

/** A write that may hit the unique title: a taken title is 409, whoever holds it. */
async function titleChecked<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if ((err as { code?: string })?.code === 'P2002') throw new CollectionTitleTakenError();
    throw err;
  }
}

export type CollectionStatusValue = 'building' | 'ready' | 'error';

/** xl_vectors, the collections (their vector rows live in the vector store). Pass a transaction client to work inside one. */
export function vectorRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    /** How many collections there are and how many vectors they hold. */
    async summary(): Promise<{ collections: number; totalVectors: number }> {
      const all = await db.vector.aggregate({ _count: { _all: true }, _sum: { docCount: true } });
      return { collections: all._count._all, totalVectors: all._sum.docCount ?? 0 };
    },

    find: (id: number) => db.vector.findUnique({ where: { id } }),
    findMany: (ids: number[]) => db.vector.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } }),

    /** A page of collections, newest first, and how many match; `keyword` searches the title. */
    page(q: { keyword?: string; status?: CollectionStatusValue; skip: number; take: number }): Promise<[Vector[], number]> {
      const where: Prisma.VectorWhereInput = {
        ...(q.keyword ? { title: { contains: q.keyword, mode: 'insensitive' } } : {}),
        ...(q.status ? { status: q.status } : {}),
      };
      return Promise.all([db.vector.findMany({ where, orderBy: { id: 'desc' }, skip: q.skip, take: q.take }), db.vector.count({ where })]);
    },

    /** Every collection, or those of `ids`, in id order: the Excel export. */
    all: (ids?: number[]) => db.vector.findMany({ where: ids ? { id: { in: ids } } : {}, orderBy: { id: 'asc' } }),

    /** Whether another collection (not `exceptId`) has this title, case and surrounding space as given. */
    async titleTaken(title: string, exceptId?: number): Promise<boolean> {
      const found = await db.vector.findUnique({ where: { title }, select: { id: true } });
      return !!found && found.id !== exceptId;
    },

    create: (data: Prisma.VectorUncheckedCreateInput) => titleChecked(db.vector.create({ data })),
    update: (id: number, data: Prisma.VectorUncheckedUpdateInput) => titleChecked(db.vector.update({ where: { id }, data })),
    removeMany: (ids: number[]) => db.vector.deleteMany({ where: { id: { in: ids } } }),

    /** `[{ id, title }]` of the collections a search may use: enabled and ready. */
    simpleList: () => db.vector.findMany({ where: { isEnabled: true, status: 'ready' }, select: { id: true, title: true }, orderBy: { title: 'asc' } }),

    /** `{ id, title }` of the collections that read from source connection `dbId`, by id; `take` bounds the list. */
    usingConnection: (dbId: number, take?: number) =>
      db.vector.findMany({ where: { dbId }, select: { id: true, title: true }, orderBy: { id: 'asc' }, take }),

    /** Collections with a sync schedule switched on: the job schedulers to keep. */
    scheduled: () => db.vector.findMany({ where: { syncEnabled: true, syncExpression: { not: null } }, select: { id: true, syncExpression: true } }),
  };
}
export type VectorRepository = ReturnType<typeof vectorRepository>;
