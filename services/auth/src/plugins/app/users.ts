import type { PrismaClient, User } from '@app/db';
import { PERMISSIONS } from '@app/contracts';
import { hashPassword, verifyPassword } from '@app/service-kit';

/** The `user` object of /api/auth/me and /api/profile (seed 004 §1.3). Never the hash. */
export function profileOf(user: User, permissions: string[]) {
  return {
    id: user.id,
    username: user.username,
    nickname: user.nickname,
    email: user.email,
    phone: user.phone,
    avatar: user.avatar,
    gender: user.gender,
    age: user.age,
    role: user.roleKey,
    roleKey: user.roleKey,
    permissions,
    status: user.status === 1 ? 'active' : 'disabled',
    lastLoginTime: user.lastLoginTime?.toISOString() ?? null,
  };
}

/** Permission strings a role's holder has, with `*` expanded for clients that look for exact marks. */
export function expandedPermissions(permissions: string[]): string[] {
  return permissions.includes('*') ? ['*', ...PERMISSIONS.map((p) => p.key)] : permissions;
}

// A real hash of a random password: failed look-ups spend the same time as wrong passwords.
const DUMMY_HASH = hashPassword(`dummy-${Math.random()}`);

export const PASSWORD_POLICY = '密码至少 8 位，且同时包含字母和数字';
export function passwordAcceptable(password: string): boolean {
  return password.length >= 8 && password.length <= 128 && /[A-Za-z]/.test(password) && /\d/.test(password);
}

export function userRepository(db: PrismaClient) {
  return {
    findActive: (id: number) => db.user.findFirst({ where: { id, isDeleted: false } }),
    findByUsername: (username: string) => db.user.findFirst({ where: { username, isDeleted: false } }),

    /** The user when `password` is theirs; otherwise null, after the same amount of work. */
    async checkCredentials(username: string, password: string): Promise<User | null> {
      const user = await db.user.findFirst({ where: { username, isDeleted: false } });
      const ok = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
      return user && ok ? user : null;
    },
  };
}
export type UserRepository = ReturnType<typeof userRepository>;
