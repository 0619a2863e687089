import { Prisma, type PrismaClient, type Role } from '@app/db';
import { RoleInUseError, RoleKeyTakenError, RoleNotFoundError } from '../../errors.js';
import { menuRepository } from './menu-repository.js';
import { userRepository } from './user-repository.js';

/** The role list's filters; `from` / `to` bound the creation time, both inclusive. */
export interface RoleFilter {
  id?: number;
  nameContains?: string;
  keyContains?: string;
  descriptionContains?: string;
  enabled?: boolean;
  from?: Date;
  to?: Date;
}

const contains = (value: string) => ({ contains: value, mode: 'insensitive' as const });

/** xl_roles. Pass a transaction client to work inside one. */
export function roleRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    /** The role's permission strings; an unknown or disabled role has none. */
    async permissionsOf(roleKey: string): Promise<string[]> {
      const role = await db.role.findUnique({ where: { roleKey }, select: { permissions: true, enabled: true } });
      return role?.enabled && Array.isArray(role.permissions) ? (role.permissions as string[]) : [];
    },
    exists: async (roleKey: string) => (await db.role.count({ where: { roleKey } })) > 0,

    async get(id: number): Promise<Role> {
      const role = await db.role.findUnique({ where: { id } });
      if (!role) throw new RoleNotFoundError();
      return role;
    },
    findByKey: (roleKey: string) => db.role.findUnique({ where: { roleKey } }),

    /** Which of `roleKeys` name a role. */
    existingKeys: async (roleKeys: string[]) =>
      new Set((await db.role.findMany({ where: { roleKey: { in: roleKeys } }, select: { roleKey: true } })).map((r) => r.roleKey)),

    all: () => db.role.findMany({ orderBy: { id: 'asc' } }),

    /** art-design-pro's role list: filtered and paginated. */
    async page(filter: RoleFilter, page: { skip: number; take: number }) {
      const where: Prisma.RoleWhereInput = {
        ...(filter.id !== undefined ? { id: filter.id } : {}),
        ...(filter.nameContains ? { name: contains(filter.nameContains) } : {}),
        ...(filter.keyContains ? { roleKey: contains(filter.keyContains) } : {}),
        ...(filter.descriptionContains ? { description: contains(filter.descriptionContains) } : {}),
        ...(filter.enabled !== undefined ? { enabled: filter.enabled } : {}),
        ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
      };
      const [rows, total] = await Promise.all([db.role.findMany({ where, orderBy: { id: 'asc' }, skip: page.skip, take: page.take }), db.role.count({ where })]);
      return { rows, total };
    },

    /** A taken key is a 409, also when another request takes it at the same moment (the unique index decides). */
    async create(data: { roleKey: string; name: string; description: string | null; permissions: string[]; enabled: boolean }) {
      if (await db.role.findUnique({ where: { roleKey: data.roleKey } })) throw new RoleKeyTakenError();
      try {
        return await db.role.create({ data });
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new RoleKeyTakenError();
        throw err;
      }
    },

    /** Fields left undefined keep their value; the key never changes. */
    update: (id: number, data: { name?: string; description?: string | null; enabled?: boolean }) => db.role.update({ where: { id }, data }),

    setPermissions: (id: number, permissions: string[]) => db.role.update({ where: { id }, data: { permissions } }),

    /**
     * Deletes a role nobody (not deleted) holds and takes its key off every menu, in one transaction (the given
     * one, or its own): a later role with the same key must not inherit menu visibility from this one.
     */
    async remove(role: Role): Promise<void> {
      const remove = async (tx: Prisma.TransactionClient) => {
        const holders = await userRepository(tx).countHolders(role.roleKey);
        if (holders) throw new RoleInUseError(`角色使用中（${holders} 个用户），不能删除`);
        await tx.role.delete({ where: { id: role.id } });
        await menuRepository(tx).dropRole(role.roleKey);
      };
      await ('$transaction' in db ? db.$transaction(remove) : remove(db));
    },
  };
}
export type RoleRepository = ReturnType<typeof roleRepository>;
