import type { Prisma, PrismaClient, Project } from '@app/db';
import { ProjectCodeTakenError } from '../../errors.js';

/** A write that may hit the unique code: a taken code is 409, whoever holds it. */
async function codeChecked<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if ((err as { code?: string })?.code === 'P2002') throw new ProjectCodeTakenError();
    throw err;
  }
}

/** xl_projects. Pass a transaction client to work inside one. */
export function projectRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    /** A project that is not deleted, or null. */
    find: (id: number) => db.project.findFirst({ where: { id, isDeleted: false } }),

    /** A page of projects (of one owner, or all), newest first, and how many match; `keyword` searches name and code. */
    page(q: { ownerUserId?: number; keyword?: string; skip: number; take: number }): Promise<[Project[], number]> {
      const where: Prisma.ProjectWhereInput = {
        isDeleted: false,
        ...(q.ownerUserId !== undefined ? { ownerUserId: q.ownerUserId } : {}),
        ...(q.keyword ? { OR: [{ name: { contains: q.keyword, mode: 'insensitive' } }, { code: { contains: q.keyword, mode: 'insensitive' } }] } : {}),
      };
      return Promise.all([db.project.findMany({ where, orderBy: { createTime: 'desc' }, skip: q.skip, take: q.take }), db.project.count({ where })]);
    },

    create: (data: { name: string; code: string; note: string | null; ownerUserId: number }) => codeChecked(db.project.create({ data })),

    /** Fields left undefined keep their value. */
    update: (id: number, data: { name?: string; code?: string; note?: string | null }) => codeChecked(db.project.update({ where: { id }, data })),

    /** Soft delete, and free the code for a new project: `~<id>` cannot clash (codes never contain `~`). */
    remove: (project: Pick<Project, 'id' | 'code'>) => db.project.update({ where: { id: project.id }, data: { isDeleted: true, code: `${project.code}~${project.id}` } }),

    /** Projects that are not deleted: of one owner, or all. */
    count: (ownerUserId?: number) => db.project.count({ where: { isDeleted: false, ...(ownerUserId ? { ownerUserId } : {}) } }),

    /** Names by id, deleted projects included (their logs are still counted). */
    names: (ids: number[]) => db.project.findMany({ where: { id: { in: ids } }, select: { id: true, name: true }, orderBy: { id: 'asc' } }),

    /** Owners by id, deleted projects included (ownership never changes). */
    owners: (ids: number[]) => db.project.findMany({ where: { id: { in: ids } }, select: { id: true, ownerUserId: true }, orderBy: { id: 'asc' } }),
  };
}
export type ProjectRepository = ReturnType<typeof projectRepository>;
