import { PERMISSIONS } from '@app/contracts';
import type { ManagedUser } from './user-repository.js';

/** What every answer about a user shows (the schemas' UserFields). Never the hash. */
function userFields(u: ManagedUser) {
  return {
    id: u.id,
    username: u.username,
    nickname: u.nickname,
    email: u.email,
    phone: u.phone,
    avatar: u.avatar,
    gender: u.gender,
    age: u.age,
    role: u.roleKey,
    roleKey: u.roleKey,
    lastLoginTime: u.lastLoginTime?.toISOString() ?? null,
  };
}

/** The `user` object of /api/auth/me and /api/profile (seed 004 §1.3). */
export function profileOf(user: ManagedUser, permissions: string[]) {
  return { ...userFields(user), permissions, status: user.status === 1 ? 'active' : 'disabled' };
}

/** A user as the settings pages show it. */
export function managedUserView(u: ManagedUser) {
  return {
    ...userFields(u),
    status: u.status,
    createdBy: u.createdBy,
    updatedBy: u.updatedBy,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/** Permission strings a role's holder has, with `*` expanded for clients that look for exact marks. */
export function expandedPermissions(permissions: string[]): string[] {
  return permissions.includes('*') ? ['*', ...PERMISSIONS.map((p) => p.key)] : permissions;
}

/** What a password that fails the policy (@app/contracts password-policy) is told. */
export const PASSWORD_POLICY = '密码至少 8 位，且同时包含字母和数字';
