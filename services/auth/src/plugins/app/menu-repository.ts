import type { Menu, Prisma, PrismaClient } from '@app/db';

/** xl_menus; deleted entries (soft delete) are seen only by `parentOf` and `dropRole`. Pass a transaction client to work inside one. */
export function menuRepository(db: PrismaClient | Prisma.TransactionClient) {
  return {
    /** Every entry that is not deleted, in no order (menu-tree.ts builds the tree). */
    all: () => db.menu.findMany({ where: { isDeleted: false } }),

    find: (id: number) => db.menu.findFirst({ where: { id, isDeleted: false } }),

    /** The parent of any entry, deleted ones included: undefined when there is no such entry. */
    parentOf: async (id: number): Promise<number | null | undefined> => (await db.menu.findUnique({ where: { id }, select: { parentId: true } }))?.parentId,

    /** The types of an entry's children that are not deleted. */
    childTypes: async (id: number) => (await db.menu.findMany({ where: { parentId: id, isDeleted: false }, select: { type: true } })).map((c) => c.type),

    countChildren: (id: number) => db.menu.count({ where: { parentId: id, isDeleted: false } }),

    create: (data: Prisma.MenuUncheckedCreateInput) => db.menu.create({ data }),

    update: (id: number, data: Prisma.MenuUncheckedUpdateInput) => db.menu.update({ where: { id }, data }),

    softDelete: (id: number): Promise<Menu> => db.menu.update({ where: { id }, data: { isDeleted: true } }),

    /** Takes a role key off every entry that lists it. */
    async dropRole(roleKey: string) {
      const menus = await db.menu.findMany({ where: { roles: { array_contains: [roleKey] } }, select: { id: true, roles: true } });
      for (const m of menus) {
        const roles = Array.isArray(m.roles) ? m.roles.filter((r) => r !== roleKey) : [];
        await db.menu.update({ where: { id: m.id }, data: { roles: roles as Prisma.InputJsonValue } });
      }
    },
  };
}
export type MenuRepository = ReturnType<typeof menuRepository>;
