import { Prisma, type PrismaClient, type Role } from '@app/db';
import { ADMIN_ROLE, ALL_PERMISSIONS, hasPermission, isKnownPermission } from '@app/contracts';
import type { Identity } from '@app/service-kit';
import { AdminRoleDisableError, BuiltinRoleDeleteError, PermissionNotHeldError, RoleInUseError, RoleKeyTakenError, RoleNotFoundError } from '../../../errors.js';
import { fieldError } from './validation.js';

/** The permission strings stored in a role row's JSON column. */
export function permissionsOfRow(role: { permissions: unknown }): string[] {
  return Array.isArray(role.permissions) ? role.permissions.filter((p): p is string => typeof p === 'string') : [];
}

export function roleView(role: Role, userCount: number) {
  return {
    id: role.id,
    roleKey: role.roleKey,
    name: role.name,
    description: role.description,
    permissions: permissionsOfRow(role),
    isBuiltin: role.isBuiltin,
    enabled: role.enabled,
    userCount,
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}

/**
 * Every entry must be in the catalogue, or `*`, which only the admin role may hold — and never lose, or
 * nobody could administer the platform any more. Returns the list without duplicates.
 */
export function checkPermissionList(roleKey: string, permissions: readonly string[]): string[] {
  const list = [...new Set(permissions)];
  for (const p of list) {
    if (p === ALL_PERMISSIONS) {
      if (roleKey !== ADMIN_ROLE) throw fieldError('body.permissions', `只有 ${ADMIN_ROLE} 角色可以拥有 *`);
    } else if (!isKnownPermission(p)) {
      throw fieldError('body.permissions', `不是已知的权限: ${p}`);
    }
  }
  if (roleKey === ADMIN_ROLE && !list.includes(ALL_PERMISSIONS)) throw fieldError('body.permissions', `内置 ${ADMIN_ROLE} 角色必须保留 *`);
  return list;
}

/** A caller who does not hold everything may only hand out what they hold: no escalation through roles. */
export function assertGrantable(identity: Identity, permissions: readonly string[]) {
  if (identity.isSuper) return;
  const missing = permissions.find((p) => !hasPermission(identity.permissions, p));
  if (missing) throw new PermissionNotHeldError(`不能授予自己没有的权限: ${missing}`);
}

const isUniqueViolation = (err: unknown) => err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';

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

/** xl_roles for the settings pages. Callers publish `rolesChanged` after each write. */
export function roleAdmin(db: PrismaClient) {
  async function userCounts(): Promise<Map<string, number>> {
    const groups = await db.user.groupBy({ by: ['roleKey'], where: { isDeleted: false }, _count: { _all: true } });
    return new Map(groups.map((g) => [g.roleKey, g._count._all]));
  }
  const userCount = (roleKey: string) => db.user.count({ where: { roleKey, isDeleted: false } });

  async function get(id: number): Promise<Role> {
    const role = await db.role.findUnique({ where: { id } });
    if (!role) throw new RoleNotFoundError();
    return role;
  }
  const view = async (role: Role) => roleView(role, await userCount(role.roleKey));

  return {
    get,
    view,
    findByKey: (roleKey: string) => db.role.findUnique({ where: { roleKey } }),

    async list() {
      const [roles, counts] = await Promise.all([db.role.findMany({ orderBy: { id: 'asc' } }), userCounts()]);
      return roles.map((r) => roleView(r, counts.get(r.roleKey) ?? 0));
    },

    /** art-design-pro's role list: filtered and paginated. */
    async page(filter: RoleFilter, page: { skip: number; take: number }) {
      const where: Prisma.RoleWhereInput = {
        ...(filter.id !== undefined ? { id: filter.id } : {}),
        ...(filter.nameContains ? { name: { contains: filter.nameContains, mode: 'insensitive' } } : {}),
        ...(filter.keyContains ? { roleKey: { contains: filter.keyContains, mode: 'insensitive' } } : {}),
        ...(filter.descriptionContains ? { description: { contains: filter.descriptionContains, mode: 'insensitive' } } : {}),
        ...(filter.enabled !== undefined ? { enabled: filter.enabled } : {}),
        ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
      };
      const [rows, total] = await Promise.all([db.role.findMany({ where, orderBy: { id: 'asc' }, skip: page.skip, take: page.take }), db.role.count({ where })]);
      return { rows, total };
    },

    async create(input: { roleKey: string; name: string; description?: string | null; permissions?: string[]; enabled?: boolean }) {
      const permissions = checkPermissionList(input.roleKey, input.permissions ?? []);
      if (await db.role.findUnique({ where: { roleKey: input.roleKey } })) throw new RoleKeyTakenError();
      try {
        const role = await db.role.create({
          data: { roleKey: input.roleKey, name: input.name, description: input.description ?? null, permissions, enabled: input.enabled ?? true },
        });
        return roleView(role, await userCount(role.roleKey));
      } catch (err) {
        if (isUniqueViolation(err)) throw new RoleKeyTakenError();
        throw err;
      }
    },

    /** Name, description, enabled. The key is what users and menus refer to: it never changes. */
    async update(id: number, input: { roleKey?: string; name?: string; description?: string | null; enabled?: boolean }) {
      const role = await get(id);
      if (input.roleKey !== undefined && input.roleKey !== role.roleKey) throw fieldError('body.roleKey', '角色标识不可修改');
      if (role.roleKey === ADMIN_ROLE && input.enabled === false) throw new AdminRoleDisableError(`内置 ${ADMIN_ROLE} 角色不能停用`);
      const updated = await db.role.update({
        where: { id },
        data: { name: input.name, description: input.description, enabled: input.enabled },
      });
      return view(updated);
    },

    async setPermissions(id: number, permissions: readonly string[]) {
      const role = await get(id);
      const list = checkPermissionList(role.roleKey, permissions);
      return { before: permissionsOfRow(role), role: await view(await db.role.update({ where: { id }, data: { permissions: list } })) };
    },

    /** Built-in roles come back with every seed run, and users may still hold a role: both are refused. */
    async remove(id: number): Promise<Role> {
      const role = await get(id);
      if (role.isBuiltin || role.roleKey === ADMIN_ROLE) throw new BuiltinRoleDeleteError();
      return db.$transaction(async (tx) => {
        const holders = await tx.user.count({ where: { roleKey: role.roleKey, isDeleted: false } });
        if (holders) throw new RoleInUseError(`角色使用中（${holders} 个用户），不能删除`);
        await tx.role.delete({ where: { id } });
        // A later role with the same key must not inherit menu visibility from this one.
        const menus = await tx.menu.findMany({ where: { roles: { array_contains: [role.roleKey] } }, select: { id: true, roles: true } });
        for (const m of menus) {
          const roles = Array.isArray(m.roles) ? m.roles.filter((r) => r !== role.roleKey) : [];
          await tx.menu.update({ where: { id: m.id }, data: { roles: roles as Prisma.InputJsonValue } });
        }
        return role;
      });
    },
  };
}
export type RoleAdmin = ReturnType<typeof roleAdmin>;
