import t from 'tap';
import { buildMenuTree } from '@app/contracts/menu-tree';
import type { AppRouteRecord } from '@app/contracts/route-records';
import {
  componentKey, firstRoutePath, flattenRoutes, fromRouteRecords, joinPath, matchRoute, normalizeMenus,
  resolvePageKey, sideMenu, sortMenus, subtreeIds, type MenuItem,
} from '../src/lib/menu-tree.js';

const menus: MenuItem[] = [
  {
    id: 10, parentId: 0, type: 'catalog', title: '系统设置', path: '/settings', icon: 'Settings', sort: 9, isVisible: true,
    children: [
      {
        id: 12, parentId: 10, type: 'menu', title: '角色管理', path: 'roles', component: '/settings/roles/index', sort: 2, isVisible: true, perms: 'system:roles',
        children: [],
      },
      {
        id: 11, parentId: 10, type: 'menu', title: '用户管理', path: '/settings/users', component: '/settings/users/index', sort: 1, isVisible: true, perms: 'system:users',
        children: [{ id: 111, parentId: 11, type: 'button', title: '新增用户', perms: 'system:users', sort: 1, children: [] }],
      },
    ],
  },
  { id: 1, parentId: 0, type: 'menu', title: '仪表盘', path: '/dashboard', component: '/dashboard/index', icon: 'LayoutDashboard', sort: 1, isVisible: true, perms: 'dashboard:view' },
  { id: 2, parentId: 0, type: 'menu', title: '隐藏详情', path: '/projects/:id', component: '/projects/detail/index', sort: 5, isVisible: false },
  { id: 3, parentId: 0, type: 'catalog', title: '空目录', path: '/empty', sort: 6, isVisible: true, children: [] },
  { id: 4, parentId: 0, type: 'menu', title: '外链', path: '/ext', link: 'https://example.org', isIframe: false, sort: 7, isVisible: true },
];

t.test('joinPath keeps absolute paths and nests relative ones', async (t) => {
  t.equal(joinPath('/settings', 'users'), '/settings/users');
  t.equal(joinPath('/settings', '/kb/config'), '/kb/config');
  t.equal(joinPath('', 'dashboard/'), '/dashboard');
  t.equal(joinPath('/a', ''), '/a');
  t.equal(joinPath('/a', 'https://x.org/p'), 'https://x.org/p');
});

t.test('normalizeMenus sorts, resolves paths and infers types', async (t) => {
  const tree = normalizeMenus(menus);
  t.same(tree.map((n) => n.id), [1, 2, 3, 4, 10]);
  const settings = tree.find((n) => n.id === 10)!;
  t.same(settings.children.map((n) => n.path), ['/settings/users', '/settings/roles']);
  const inferred = normalizeMenus([{ id: 1, title: 'x', path: '/x', children: [{ id: 2, title: 'y', path: 'y' }] }]);
  t.equal(inferred[0]!.type, 'catalog');
  t.equal(inferred[0]!.children[0]!.type, 'menu');
  t.equal(inferred[0]!.children[0]!.path, '/x/y');
  t.same(normalizeMenus(undefined), []);
});

t.test('buildMenuTree accepts a flat list', async (t) => {
  const flat: MenuItem[] = [
    { id: 1, parentId: 0, title: 'a', path: '/a' },
    { id: 2, parentId: 1, title: 'b', path: 'b' },
  ];
  const tree = buildMenuTree(flat);
  t.equal(tree.length, 1);
  t.equal(tree[0]!.children![0]!.id, 2);
  t.same(flattenRoutes(normalizeMenus(flat)).map((r) => r.path), ['/a/b']);
});

t.test('flattenRoutes lists every menu page, with ancestors; buttons are not routes', async (t) => {
  const routes = flattenRoutes(normalizeMenus(menus));
  t.same(routes.map((r) => r.path), ['/dashboard', '/projects/:id', '/ext', '/settings/users', '/settings/roles']);
  const users = routes.find((r) => r.path === '/settings/users')!;
  t.same(users.ancestorKeys, ['catalog:10']);
  t.same(users.ancestorTitles, ['系统设置']);
  t.same(users.ancestorPaths, ['/settings']);
  t.equal(routes.find((r) => r.id === 2)!.hidden, true);
});

t.test('sideMenu shows only visible entries and drops empty catalogs', async (t) => {
  const items = sideMenu(normalizeMenus(menus));
  t.same(items.map((i) => i.key), ['/dashboard', '/ext', 'catalog:10']);
  t.same(items[2]!.children!.map((i) => i.key), ['/settings/users', '/settings/roles']);
  t.equal(items[2]!.children![0]!.children, undefined, 'buttons are not menu entries');
});

t.test('matchRoute: exact paths, params, trailing slashes; unknown paths are null', async (t) => {
  const routes = flattenRoutes(normalizeMenus(menus));
  t.equal(matchRoute(routes, '/settings/users')?.id, 11);
  t.equal(matchRoute(routes, '/settings/users/')?.id, 11);
  t.equal(matchRoute(routes, '/projects/42')?.id, 2);
  t.equal(matchRoute(routes, '/settings/logs'), null);
  t.equal(matchRoute(routes, '/settings'), null, 'a catalog is not a page');
  t.equal(matchRoute(routes, '/%E0%A4%A'), null);
});

t.test('firstRoutePath skips hidden pages and external links', async (t) => {
  const routes = flattenRoutes(normalizeMenus(menus));
  t.equal(firstRoutePath(routes), '/dashboard');
  t.equal(firstRoutePath(flattenRoutes(normalizeMenus([menus[2]!, menus[3]!]))), null, 'hidden or parameterised pages are not landing pages');
  t.equal(firstRoutePath([]), null);
});

t.test('componentKey normalises component strings', async (t) => {
  t.equal(componentKey('/settings/users/index'), 'settings/users');
  t.equal(componentKey('settings/users/index.vue'), 'settings/users');
  t.equal(componentKey('/dashboard'), 'dashboard');
  t.equal(componentKey('./kb/config/index.tsx'), 'kb/config');
  t.equal(componentKey('/index/index'), null);
  t.equal(componentKey('Layout'), null);
  t.equal(componentKey(''), null);
  t.equal(componentKey(null), null);
});

t.test('resolvePageKey: component first, then path, else null (placeholder)', async (t) => {
  const known = new Set(['settings/users', 'settings/roles', 'settings/menus', 'dashboard', 'kb/config']);
  // art-design-pro's views of the shared pages open ours, wherever the menu sits
  t.equal(resolvePageKey({ component: '/system/user', path: '/people' }, known), 'settings/users');
  t.equal(resolvePageKey({ component: '/system/role', path: '/x' }, known), 'settings/roles');
  t.equal(resolvePageKey({ component: '/system/menu', path: '/x' }, known), 'settings/menus');
  t.equal(resolvePageKey({ component: '/dashboard/console', path: '/home' }, known), 'dashboard');
  t.equal(resolvePageKey({ component: '/settings/users/index', path: '/whatever' }, known), 'settings/users');
  t.equal(resolvePageKey({ component: '/system/user/index', path: '/settings/users' }, known), 'settings/users');
  t.equal(resolvePageKey({ component: null, path: '/kb/config' }, known), 'kb/config');
  t.equal(resolvePageKey({ component: '/nope/index', path: '/nope' }, known), null);
});

t.test('sortMenus sorts every level and keeps stored paths', async (t) => {
  const sorted = sortMenus(menus);
  t.same(sorted.map((n) => n.id), [1, 2, 3, 4, 10]);
  const settings = sorted.at(-1)!;
  t.same(settings.children!.map((n) => n.path), ['/settings/users', 'roles'], 'relative paths are not rewritten');
  t.same([...subtreeIds(settings)].sort(), ['10', '11', '111', '12']);
});

// The shape GET /api/v3/system/menus serves (art-design-pro's AppRouteRecord[]).
const records: AppRouteRecord[] = [
  {
    id: 1, path: '/dashboard', name: 'Dashboard', component: '/dashboard/console',
    meta: { title: '仪表盘', icon: 'ri:dashboard-3-line', isHide: false, keepAlive: false, isIframe: false, authList: [] },
  },
  {
    id: 10, path: '/settings', name: 'Settings', component: '/index/index',
    meta: { title: '系统设置', icon: 'ri:settings-3-line', isHide: false, keepAlive: false, isIframe: false, authList: [] },
    children: [
      {
        id: 11, path: 'users', name: 'SettingsUsers', component: '/system/user',
        meta: { title: '用户管理', icon: 'ri:user-line', isHide: false, keepAlive: true, isIframe: false, authList: [{ title: '新增', authMark: 'add' }] },
      },
      {
        id: 12, path: 'nested', name: 'Nested', component: '',
        meta: { title: '嵌套', isHide: false, keepAlive: false, isIframe: false, authList: [] },
        children: [
          { id: 13, path: 'detail/:id', name: 'Detail', component: '/nested/detail', meta: { title: '详情', isHide: true, keepAlive: false, isIframe: false, authList: [] } },
          { id: 14, path: 'page', name: 'Page', component: '/nested/page', meta: { title: '页', isHide: false, keepAlive: false, isIframe: false, authList: [] } },
        ],
      },
    ],
  },
  {
    id: 20, path: '/docs', name: 'Docs', component: '',
    meta: { title: '文档', link: 'https://example.org', isHide: false, keepAlive: false, isIframe: false, authList: [] },
  },
];

t.test('fromRouteRecords: art-design-pro routes become the console\'s menus, in the served order', async (t) => {
  const tree = normalizeMenus(fromRouteRecords(records));
  t.same(tree.map((n) => [n.path, n.type]), [['/dashboard', 'menu'], ['/settings', 'catalog'], ['/docs', 'menu']]);
  const settings = tree[1]!;
  t.same(settings.children.map((n) => [n.path, n.type]), [['/settings/users', 'menu'], ['/settings/nested', 'catalog']], 'relative paths joined');
  const users = settings.children[0]!;
  t.match(users, { component: '/system/user', icon: 'ri:user-line', keepAlive: true, isVisible: true });
  t.same(users.children.map((b) => [b.type, b.name, b.title]), [['button', 'add', '新增']], 'authList → buttons');

  const routes = flattenRoutes(tree);
  t.same(routes.map((r) => r.path), ['/dashboard', '/settings/users', '/settings/nested/detail/:id', '/settings/nested/page', '/docs']);
  t.equal(matchRoute(routes, '/settings/nested/detail/7')?.hidden, true, 'isHide: routable, not in the menu');
  t.same(routes.find((r) => r.path === '/settings/users')!.ancestorKeys, ['catalog:10']);

  const side = sideMenu(tree);
  t.same(side.map((i) => i.key), ['/dashboard', 'catalog:10', '/docs']);
  t.same(side[1]!.children!.map((i) => i.key), ['/settings/users', 'catalog:12']);
  t.same(side[1]!.children![1]!.children!.map((i) => i.key), ['/settings/nested/page'], 'hidden page left out');
  t.equal(side[2]!.link, 'https://example.org');
  t.equal(firstRoutePath(routes), '/dashboard');
  t.same(fromRouteRecords(undefined), []);
});
