import { Prisma, type DbConnection, type PrismaClient } from '@app/db';

export type ConnectionFields = {
  name: string;
  type: string;
  host: string;
  port: number;
  database: string;
  username: string;
  /** Already sealed (secret-box); '' when the source needs no password. */
  passwordEncrypted: string;
  /** Free-form driver hints (JSON). */
  options: Record<string, unknown> | null;
};

/** A Json? column: null is SQL NULL. */
const json = (v: Record<string, unknown> | null) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonObject));

/** xl_db_connections. Pass a transaction client to work inside one. */
export function connectionRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    find: (id: number) => db.dbConnection.findUnique({ where: { id } }),

    /** The names of these connections, by id (a missing one is absent). */
    async names(ids: number[]): Promise<Map<number, string>> {
      const rows = await db.dbConnection.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /** A page of connections, newest first, and how many there are. */
    page(q: { skip: number; take: number }): Promise<[DbConnection[], number]> {
      return Promise.all([db.dbConnection.findMany({ orderBy: { id: 'desc' }, skip: q.skip, take: q.take }), db.dbConnection.count()]);
    },

    /** Every connection, by name (the wizard's picker: a handful, never paged). */
    all: () => db.dbConnection.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] }),

    create: (data: ConnectionFields & { createdBy: number | null }) =>
      db.dbConnection.create({ data: { ...data, options: json(data.options) } }),

    /** Fields left undefined keep their value (a password too). */
    update: (id: number, data: Partial<ConnectionFields>) =>
      db.dbConnection.update({ where: { id }, data: { ...data, options: data.options === undefined ? undefined : json(data.options) } }),

    remove: (id: number) => db.dbConnection.delete({ where: { id } }),

    /** `{ id, name, passwordEncrypted }` of every connection that has a password (a key rotation's work list). */
    sealed: () =>
      db.dbConnection.findMany({ where: { passwordEncrypted: { not: '' } }, select: { id: true, name: true, passwordEncrypted: true }, orderBy: { id: 'asc' } }),

    /** Replaces a sealed password only if it is still `from` (a password saved meanwhile wins); whether it did. */
    async replaceSealed(id: number, from: string, to: string): Promise<boolean> {
      const { count } = await db.dbConnection.updateMany({ where: { id, passwordEncrypted: from }, data: { passwordEncrypted: to } });
      return count === 1;
    },
  };
}
export type ConnectionRepository = ReturnType<typeof connectionRepository>;
