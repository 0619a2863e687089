import type { PrismaClient } from '@app/db';

export function roleRepository(db: PrismaClient) {
  return {
    /** The role's permission strings; an unknown or disabled role has none. */
    async permissionsOf(roleKey: string): Promise<string[]> {
      const role = await db.role.findUnique({ where: { roleKey }, select: { permissions: true, enabled: true } });
      return role?.enabled && Array.isArray(role.permissions) ? (role.permissions as string[]) : [];
    },
    exists: async (roleKey: string) => (await db.role.count({ where: { roleKey } })) > 0,
  };
}
