import type { Role } from '@app/db';
import { ADMIN_ROLE, ALL_PERMISSIONS, hasPermission, isKnownPermission } from '@app/contracts';
import type { Identity } from '@app/service-kit';
import { AdminRoleDisableError, BuiltinRoleDeleteError, PermissionNotHeldError } from '../../../errors.js';
import type { RoleRepository } from '../role-repository.js';
import type { UserRepository } from '../user-repository.js';
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

/**
 * The roles page's operations: the rules above, over the role and user repositories (it reads and writes
 * nothing itself). Callers publish `rolesChanged` after each write.
 */
export function roleAdmin({ roles, users }: { roles: RoleRepository; users: UserRepository }) {
  const view = async (role: Role) => roleView(role, await users.countHolders(role.roleKey));

  return {
    async list() {
      const [rows, counts] = await Promise.all([roles.all(), users.countByRole()]);
      return rows.map((r) => roleView(r, counts.get(r.roleKey) ?? 0));
    },

    async create(input: { roleKey: string; name: string; description?: string | null; permissions?: string[]; enabled?: boolean }) {
      const permissions = checkPermissionList(input.roleKey, input.permissions ?? []);
      return view(await roles.create({ roleKey: input.roleKey, name: input.name, description: input.description ?? null, permissions, enabled: input.enabled ?? true }));
    },

    /** Name, description, enabled. The key is what users and menus refer to: it never changes. */
    async update(id: number, input: { roleKey?: string; name?: string; description?: string | null; enabled?: boolean }) {
      const role = await roles.get(id);
      if (input.roleKey !== undefined && input.roleKey !== role.roleKey) throw fieldError('body.roleKey', '角色标识不可修改');
      if (role.roleKey === ADMIN_ROLE && input.enabled === false) throw new AdminRoleDisableError(`内置 ${ADMIN_ROLE} 角色不能停用`);
      return view(await roles.update(id, { name: input.name, description: input.description, enabled: input.enabled }));
    },

    async setPermissions(id: number, permissions: readonly string[]) {
      const role = await roles.get(id);
      const list = checkPermissionList(role.roleKey, permissions);
      return { before: permissionsOfRow(role), role: await view(await roles.setPermissions(id, list)) };
    },

    /** Built-in roles come back with every seed run, and users may still hold a role: both are refused. */
    async remove(id: number): Promise<Role> {
      const role = await roles.get(id);
      if (role.isBuiltin || role.roleKey === ADMIN_ROLE) throw new BuiltinRoleDeleteError();
      await roles.remove(role);
      return role;
    },
  };
}
export type RoleAdmin = ReturnType<typeof roleAdmin>;
