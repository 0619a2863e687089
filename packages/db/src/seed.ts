// Idempotent first-run data: the built-in roles, the admin account and the default menu tree.
// Safe on every start: it only creates what is missing (and moves seeded menus to the current shape),
// so admins' later edits survive.
import { randomBytes } from 'node:crypto';
import { ADMIN_ROLE, ALL_PERMISSIONS, BUILTIN_ROLES, passwordAcceptable } from '@app/contracts';
import { hashPassword } from '@app/service-kit/passwords';
import type { Prisma, PrismaClient } from './generated/prisma/client.js';
import { DEFAULT_MENUS, builtinRolesWith, type MenuDef } from './menus.js';

export interface SeedOptions {
  /** the admin's password when the account is created; otherwise a random one is generated and returned */
  adminPassword?: string;
  log?: (message: string) => void;
}

export interface SeedResult {
  adminCreated: boolean;
  /** set only when the admin was created with a generated password: show it once, it is not stored */
  generatedPassword?: string;
}

export const ADMIN_USERNAME = 'admin';

export async function seed(prisma: PrismaClient, opts: SeedOptions = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  await seedRoles(prisma, log);
  const result = await seedAdmin(prisma, opts.adminPassword, log);
  await seedMenus(prisma, log);
  return result;
}

/** Creates missing built-in roles; never overwrites permissions an admin changed, except admin keeps `*`. */
async function seedRoles(prisma: PrismaClient, log: (m: string) => void): Promise<void> {
  for (const role of BUILTIN_ROLES) {
    const existing = await prisma.role.findUnique({ where: { roleKey: role.key } });
    if (!existing) {
      await prisma.role.create({
        data: { roleKey: role.key, name: role.name, description: role.description, permissions: [...role.permissions], isBuiltin: true },
      });
      log(`created role ${role.key}`);
    } else if (role.key === ADMIN_ROLE && !holdsEverything(existing.permissions)) {
      await prisma.role.update({ where: { id: existing.id }, data: { permissions: [ALL_PERMISSIONS], isBuiltin: true } });
      log('restored * on the admin role');
    }
  }
}

function holdsEverything(permissions: unknown): boolean {
  return Array.isArray(permissions) && permissions.includes(ALL_PERMISSIONS);
}

async function seedAdmin(prisma: PrismaClient, adminPassword: string | undefined, log: (m: string) => void): Promise<SeedResult> {
  // Any row counts, even a soft-deleted one: the username is taken and re-creating it would be a surprise.
  if (await prisma.user.findUnique({ where: { username: ADMIN_USERNAME } })) return { adminCreated: false };
  if (adminPassword !== undefined && !passwordAcceptable(adminPassword)) {
    throw new Error('ADMIN_PASSWORD must be 8 to 128 characters and contain letters and digits');
  }
  const password = adminPassword ?? generatePassword();
  await prisma.user.create({
    data: {
      username: ADMIN_USERNAME,
      passwordHash: await hashPassword(password),
      nickname: '管理员',
      email: 'admin@example.com',
      roleKey: ADMIN_ROLE,
      status: 1,
      createdBy: 'seed',
    },
  });
  log(`created user ${ADMIN_USERNAME}`);
  return adminPassword === undefined ? { adminCreated: true, generatedPassword: password } : { adminCreated: true };
}

/** 24 URL-safe random characters (144 bits), retried until it also meets the policy. */
export function generatePassword(): string {
  for (;;) {
    const candidate = randomBytes(18).toString('base64url');
    if (passwordAcceptable(candidate)) return candidate;
  }
}

/**
 * Seeds the tree into an empty table; otherwise only moves seeded rows to the current shape (so edits
 * and deletions made by admins persist).
 */
async function seedMenus(prisma: PrismaClient, log: (m: string) => void): Promise<void> {
  if ((await prisma.menu.count()) > 0) {
    const changed = await upgradeMenus(prisma, DEFAULT_MENUS);
    if (changed) log(`moved ${changed} seeded menu entries to the art-design-pro shape`);
    return;
  }
  // One transaction: a crash half-way must not leave a partial tree that blocks the next attempt.
  const count = await prisma.$transaction((tx) => insertMenus(tx, DEFAULT_MENUS, null), { timeout: 30_000 });
  log(`created ${count} menu entries`);
}

/**
 * Databases seeded before issue 12 hold absolute child paths, `<path>/index` components, no layout on
 * folders and antd icon names. A seeded catalog or page (found by type and route name) gets the current
 * path, component and icon for each of those fields that still holds the old seeded value; a field an
 * admin changed is left alone. Idempotent: a second run finds nothing to change.
 */
async function upgradeMenus(prisma: PrismaClient, defs: readonly MenuDef[]): Promise<number> {
  let changed = 0;
  for (const def of defs) {
    if (def.type !== 'button' && def.legacy) {
      const rows = await prisma.menu.findMany({ where: { type: def.type, name: def.name, isDeleted: false } });
      for (const row of rows) {
        const data: Prisma.MenuUpdateInput = {};
        if (row.path === def.legacy.path && def.path !== def.legacy.path) data.path = def.path ?? null;
        if (row.component === def.legacy.component && def.component !== def.legacy.component) data.component = def.component ?? null;
        if (row.icon === def.legacy.icon) data.icon = def.icon ?? null;
        if (Object.keys(data).length === 0) continue;
        await prisma.menu.update({ where: { id: row.id }, data });
        changed++;
      }
    }
    changed += await upgradeMenus(prisma, def.children ?? []);
  }
  return changed;
}

async function insertMenus(tx: Prisma.TransactionClient, defs: readonly MenuDef[], parentId: number | null): Promise<number> {
  let count = 0;
  for (const [index, def] of defs.entries()) {
    const row = await tx.menu.create({
      data: {
        parentId,
        type: def.type,
        title: def.title,
        name: def.name,
        path: def.path ?? null,
        component: def.component ?? null,
        icon: def.icon ?? null,
        sort: index + 1,
        perms: def.perms,
        roles: builtinRolesWith(def.perms),
        keepAlive: def.keepAlive ?? false,
      },
    });
    count += 1 + (await insertMenus(tx, def.children ?? [], row.id));
  }
  return count;
}
