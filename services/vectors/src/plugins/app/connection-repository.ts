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

    /** A page of connections, newest first, and how many there are. */
    page(q: { skip: number; take: number }): Promise<[DbConnection[], number]> {
      return Promise.all([db.dbConnection.findMany({ orderBy: { id: 'desc' }, skip: q.skip, take: q.take }), db.dbConnection.count()]);
    },

    create: (data: ConnectionFields & { createdBy: number | null }) =>
      db.dbConnection.create({ data: { ...data, options: json(data.options) } }),

    /** Fields left undefined keep their value (a password too). */
    update: (id: number, data: Partial<ConnectionFields>) =>
      db.dbConnection.update({ where: { id }, data: { ...data, options: data.options === undefined ? undefined : json(data.options) } }),

    remove: (id: number) => db.dbConnection.delete({ where: { id } }),
  };
}
export type ConnectionRepository = ReturnType<typeof connectionRepository>;
