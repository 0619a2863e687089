import t from 'tap';
import { BUILTIN_ROLES, LAYOUT_COMPONENT, MENU_ICONS, PERMISSIONS, SHARED_VIEWS } from '@app/contracts';
import { verifyPassword } from '@app/service-kit/passwords';
import { createPrisma, type PrismaClient } from '../src/index.js';
import { migrate } from '../src/migrate.js';
import { DEFAULT_MENUS, type MenuDef } from '../src/menus.js';
import { seed } from '../src/seed.js';
import { throwawayDb, type Teardown } from './fixtures/throwaway-db.js';

const PASSWORD = process.env.ADMIN_PASSWORD || 'Seed-test-passw0rd';

/** A migrated throwaway database and a client for it, both cleaned up after the test. */
async function freshDb(test: Teardown): Promise<PrismaClient> {
  const url = await throwawayDb(test);
  await migrate(url);
  const prisma = createPrisma(url);
  test.teardown(() => prisma.$disconnect()); // runs before the drop (teardowns run in reverse)
  return prisma;
}

// Every console page of the brief with the permission that shows it.
const PAGES: Record<string, string> = {
  '/dashboard': 'dashboard:view',
  '/workbench': 'project:view',
  '/workbench/instances': 'comfy:use',
  '/stats': 'stats:view',
  '/monitor': 'monitor:view',
  '/vector': 'vector:view',
  '/vector-search': 'vector:search',
  '/kb': 'kb:view',
  '/kb/config': 'kb:view',
  '/kb/retrieval': 'kb:retrieval',
  '/tools': 'tools:view',
  '/tools/llm-clean': 'tools:clean',
  '/api-docs': 'api:view',
  '/settings': 'system:view',
  '/settings/menus': 'system:menus',
  '/settings/roles': 'system:roles',
  '/settings/users': 'system:users',
  '/settings/security': 'system:security',
  '/settings/logs': 'system:logs',
};

t.test('seeds roles, admin and menus once', async (t) => {
  const prisma = await freshDb(t);
  const first = await seed(prisma, { adminPassword: PASSWORD });
  t.same(first, { adminCreated: true }, 'no generated password when one is given');
  const counts = async () => [await prisma.role.count(), await prisma.user.count(), await prisma.menu.count()];
  const after = await counts();

  const second = await seed(prisma, { adminPassword: PASSWORD });
  t.same(second, { adminCreated: false });
  t.same(await counts(), after, 'second seed adds nothing');

  const roles = await prisma.role.findMany({ orderBy: { id: 'asc' } });
  t.same(
    roles.map((r) => ({ key: r.roleKey, name: r.name, permissions: r.permissions, builtin: r.isBuiltin })),
    BUILTIN_ROLES.map((r) => ({ key: r.key, name: r.name, permissions: [...r.permissions], builtin: true })),
  );

  const admin = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
  t.equal(admin.roleKey, 'admin');
  t.equal(admin.nickname, '管理员');
  t.equal(admin.status, 1);
  t.ok(await verifyPassword(admin.passwordHash, PASSWORD), 'ADMIN_PASSWORD verifies');
  t.notOk(await verifyPassword(admin.passwordHash, 'wrong-password-1'));
});

t.test('admins\' edits survive a re-seed, but admin keeps *', async (t) => {
  const prisma = await freshDb(t);
  await seed(prisma, { adminPassword: PASSWORD });
  await prisma.role.update({ where: { roleKey: 'editor' }, data: { permissions: ['dashboard:view'] } });
  await prisma.role.update({ where: { roleKey: 'admin' }, data: { permissions: ['dashboard:view'] } });
  const api = await prisma.menu.findFirstOrThrow({ where: { path: '/api-docs' } });
  await prisma.menu.update({ where: { id: api.id }, data: { title: 'Docs' } });
  const logs = await prisma.menu.findFirstOrThrow({ where: { name: 'SettingsLogs' }, include: { children: true } });
  await prisma.menu.deleteMany({ where: { parentId: logs.id } });
  await prisma.menu.delete({ where: { id: logs.id } });
  const admin = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });

  await seed(prisma, { adminPassword: 'Another-passw0rd' });
  t.same((await prisma.role.findUniqueOrThrow({ where: { roleKey: 'editor' } })).permissions, ['dashboard:view']);
  t.same((await prisma.role.findUniqueOrThrow({ where: { roleKey: 'admin' } })).permissions, ['*']);
  t.equal((await prisma.menu.findUniqueOrThrow({ where: { id: api.id } })).title, 'Docs');
  t.equal(await prisma.menu.count({ where: { name: 'SettingsLogs' } }), 0, 'a deleted menu is not re-created');
  const again = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
  t.equal(again.passwordHash, admin.passwordHash, 'an existing admin password is never reset');
});

t.test('without ADMIN_PASSWORD a strong password is generated and returned once', async (t) => {
  const prisma = await freshDb(t);
  const result = await seed(prisma);
  t.equal(result.adminCreated, true);
  const generated = result.generatedPassword ?? '';
  t.ok(generated.length >= 20 && /[A-Za-z]/.test(generated) && /\d/.test(generated), 'long, letters and digits');
  const admin = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
  t.ok(await verifyPassword(admin.passwordHash, generated), 'the generated password verifies');
  t.same(await seed(prisma), { adminCreated: false }, 'not generated again');
  const other = await freshDb(t);
  t.not((await seed(other)).generatedPassword, generated, 'never a fixed default');
});

t.test('a weak ADMIN_PASSWORD is refused', async (t) => {
  const prisma = await freshDb(t);
  await t.rejects(seed(prisma, { adminPassword: 'admin' }), /ADMIN_PASSWORD/);
  t.equal(await prisma.user.count(), 0);
});

t.test('the menu tree covers every page with the right permissions', async (t) => {
  const prisma = await freshDb(t);
  await seed(prisma, { adminPassword: PASSWORD });
  const menus = await prisma.menu.findMany();
  const byId = new Map(menus.map((m) => [m.id, m]));
  const pages = menus.filter((m) => m.type !== 'button');
  // art-design-pro's shape: absolute top-level paths, relative child paths
  const fullPath = (m: (typeof menus)[number]): string => {
    const parent = m.parentId == null ? null : byId.get(m.parentId)!;
    return parent ? `${fullPath(parent)}/${m.path}` : m.path!;
  };
  t.same(Object.fromEntries(pages.map((m) => [fullPath(m), m.perms])), PAGES);

  const shared: Record<string, string> = {
    '/dashboard': SHARED_VIEWS.dashboard,
    '/settings/users': SHARED_VIEWS.users,
    '/settings/roles': SHARED_VIEWS.roles,
    '/settings/menus': SHARED_VIEWS.menus,
  };
  for (const m of pages) {
    const path = fullPath(m);
    t.match(m.name, /^[A-Z][A-Za-z]+$/, `${path} has a PascalCase route name`);
    t.ok(m.icon && (MENU_ICONS as readonly string[]).includes(m.icon), `${path} has a bundled Iconify icon`);
    if (m.type === 'menu') t.equal(m.component, shared[path] ?? `${path}/index`, `${path}: art-design-pro's view for shared pages, ours otherwise`);
    else t.equal(m.component, m.parentId == null ? LAYOUT_COMPONENT : null, `${path}: folder`);
    t.equal(m.path!.startsWith('/'), m.parentId == null, `${path}: absolute only at the top level`);
  }

  const known = new Set(PERMISSIONS.map((p) => p.key));
  for (const m of menus) {
    t.ok(known.has(m.perms as never), `${m.title} uses a known permission (${m.perms})`);
    const holders = BUILTIN_ROLES.filter((r) => r.permissions.includes('*') || r.permissions.includes(m.perms as never));
    t.same(m.roles, holders.map((r) => r.key), `${m.title}: roles are exactly the built-ins holding ${m.perms}`);
  }
  const buttons = menus.filter((m) => m.type === 'button');
  t.ok(buttons.every((b) => byId.get(b.parentId!)?.type === 'menu'), 'buttons hang under pages');
  t.ok(buttons.some((b) => b.perms === 'system:users' && b.title === '新增'));
  t.ok(buttons.some((b) => b.perms === 'stats:export'));
  t.ok(buttons.some((b) => b.perms === 'comfy:use' && byId.get(b.parentId!)?.path === '/workbench'));

  const countDefs = (defs: readonly MenuDef[]): number => defs.reduce((n, d) => n + 1 + countDefs(d.children ?? []), 0);
  t.equal(menus.length, countDefs(DEFAULT_MENUS), 'the table holds exactly the exported definitions');
});

t.test('a viewer sees no settings menus', async (t) => {
  const prisma = await freshDb(t);
  await seed(prisma, { adminPassword: PASSWORD });
  const visible = (await prisma.menu.findMany()).filter((m) => (m.roles as string[]).includes('viewer'));
  t.ok(visible.length > 0);
  t.same(visible.filter((m) => m.name?.startsWith('Settings') || m.perms?.startsWith('system:')), []);
  t.ok(visible.some((m) => m.path === '/dashboard'));
  t.notOk(visible.some((m) => m.perms === 'vector:manage'), 'nor the management buttons');
});

t.test('a database seeded before issue 12 moves to the art-design-pro shape, keeping admins\' edits', async (t) => {
  const prisma = await freshDb(t);
  await seed(prisma, { adminPassword: PASSWORD });
  const fresh = await prisma.menu.findMany({ orderBy: { id: 'asc' } });
  // Put every seeded catalog and page back to what the seed wrote before, then make two admin edits.
  const legacyOf = new Map<string, NonNullable<MenuDef['legacy']>>();
  const collect = (defs: readonly MenuDef[]) => defs.forEach((d) => (d.legacy && legacyOf.set(d.name, d.legacy), collect(d.children ?? [])));
  collect(DEFAULT_MENUS);
  for (const row of fresh.filter((m) => m.type !== 'button')) {
    const legacy = legacyOf.get(row.name!)!;
    await prisma.menu.update({ where: { id: row.id }, data: { path: legacy.path, component: legacy.component, icon: legacy.icon } });
  }
  const stats = fresh.find((m) => m.name === 'Stats')!;
  await prisma.menu.update({ where: { id: stats.id }, data: { icon: 'ri:line-chart-line' } });
  const users = fresh.find((m) => m.name === 'SettingsUsers')!;
  await prisma.menu.update({ where: { id: users.id }, data: { component: '/custom/users' } });
  t.equal((await prisma.menu.findUniqueOrThrow({ where: { id: users.id } })).path, '/settings/users', 'legacy: absolute child path');

  const logs: string[] = [];
  await seed(prisma, { adminPassword: PASSWORD, log: (m) => logs.push(m) });
  t.ok(logs.some((m) => /moved \d+ seeded menu entries/.test(m)), 'logged');
  const upgraded = await prisma.menu.findMany({ orderBy: { id: 'asc' } });
  const edited = new Set([stats.id, users.id]);
  for (const [i, row] of upgraded.entries()) {
    if (edited.has(row.id)) continue;
    t.same([row.path, row.component, row.icon], [fresh[i].path, fresh[i].component, fresh[i].icon], `${row.title}: as a fresh seed writes it`);
  }
  const statsNow = upgraded.find((m) => m.id === stats.id)!;
  t.same([statsNow.path, statsNow.component, statsNow.icon], ['/stats', '/stats/index', 'ri:line-chart-line'], 'an icon an admin chose stays');
  const usersNow = upgraded.find((m) => m.id === users.id)!;
  t.same([usersNow.path, usersNow.component, usersNow.icon], ['users', '/custom/users', 'ri:user-line'], 'a component an admin set stays');

  const again: string[] = [];
  await seed(prisma, { adminPassword: PASSWORD, log: (m) => again.push(m) });
  t.notOk(again.some((m) => /moved/.test(m)), 'a second run changes nothing');
  t.same(await prisma.menu.findMany({ orderBy: { id: 'asc' } }), upgraded);
});
