// Every seeded role's menus, as GET /api/v3/system/menus serves them, pass what art-design-pro does with
// them in backend mode before it draws a page. The rules are restated from its source, repository
// Daymychen/art-design-pro at commit f3aaf58eec1a0e988f162352c33862327a484f95 (main, 2026-06-01):
//   src/router/guards/beforeEach.ts   handleDynamicRoutes: user info, menus, register; any throw → 500 page
//   src/router/core/MenuProcessor.ts  processBackendMenu → filterEmptyMenus, validateMenuPaths,
//                                     normalizeMenuPaths, validateMenuList
//   src/router/core/RouteValidator.ts checkDuplicates, checkComponents, checkNestedIndexComponent
//   src/router/core/RouteRegistry.ts  register: throws on validator errors; adds only named top-level routes
//   src/router/core/ComponentLoader.ts `../../views${component}.vue` or `${component}/index.vue`
//   src/router/routes/staticRoutes.ts route names it already holds
//   src/types/router/index.ts         AppRouteRecord / RouteMeta
// Its console.error "配置错误" logs and duplicate warnings count as failures here too.
import t from 'tap';
import { BUILTIN_ROLES, hasPermission, LAYOUT_COMPONENT, MENU_ICONS, SHARED_VIEWS, type AppRouteRecord } from '@app/contracts';
import { DEFAULT_MENUS, type MenuDef } from '@app/db/menus';
import { ADMIN_PASSWORD, buildAuth } from './helpers.js';

// ---- art-design-pro, restated -------------------------------------------------------------------------

const LAYOUT = '/index/index'; // RoutesAlias.Layout
const STATIC_ROUTE_NAMES = ['Login', 'Register', 'ForgetPassword', 'Exception403', 'Exception404', 'Exception500', 'Outside', 'Iframe'];
/** Views its src/views holds for the pages we share (the rest of a menu's views a team adds itself). */
const ADP_VIEWS = ['/dashboard/console', '/system/user', '/system/role', '/system/menu'];

/** MenuProcessor.filterEmptyMenus */
function filterEmptyMenus(list: AppRouteRecord[]): AppRouteRecord[] {
  return list
    .map((item) => (item.children && item.children.length > 0 ? { ...item, children: filterEmptyMenus(item.children) } : item))
    .filter((item) => {
      if ('children' in item) return true;
      if (item.meta?.isIframe === true || item.meta?.link) return true;
      return !!item.component && item.component !== '' && item.component !== LAYOUT;
    });
}

/** MenuProcessor.validateMenuPaths (it logs an error per child path starting with `/`) */
function menuPathErrors(list: AppRouteRecord[]): string[] {
  const valid = (p: string) => p.startsWith('http://') || p.startsWith('https://') || p.startsWith('/outside/iframe/');
  return list.flatMap((route) =>
    route.children?.length
      ? [
          ...route.children.filter((c) => !valid(c.path || '') && (c.path || '').startsWith('/')).map((c) => `child path ${c.path} under ${route.name}`),
          ...menuPathErrors(route.children),
        ]
      : [],
  );
}

/** MenuProcessor.normalizeMenuPaths / buildFullPath (redirects left out: they do not affect validation) */
function normalizeMenuPaths(list: AppRouteRecord[], parentPath = ''): AppRouteRecord[] {
  const buildFullPath = (path: string, parent: string) => {
    if (!path) return '';
    if (path.startsWith('http://') || path.startsWith('https://') || path.startsWith('/')) return path;
    return parent ? `${parent.replace(/\/$/, '')}/${path.replace(/^\//, '')}` : `/${path}`;
  };
  return list.map((item) => {
    const fullPath = buildFullPath(item.path || '', parentPath);
    return { ...item, path: fullPath, children: item.children?.length ? normalizeMenuPaths(item.children, fullPath) : item.children };
  });
}

/** RouteValidator.validate: errors make RouteRegistry.register throw; warnings and nested-layout logs we count too */
function routeValidator(routes: AppRouteRecord[]): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const resolvePath = (parent: string, child: string) => [parent.replace(/\/$/, ''), child.replace(/^\//, '')].filter(Boolean).join('/');

  const names = new Map<string, string>();
  const components = new Map<string, string>();
  const checkDuplicates = (list: AppRouteRecord[], parentPath = '') => {
    for (const route of list) {
      const fullPath = resolvePath(parentPath, route.path || '');
      if (route.name) {
        if (names.has(String(route.name))) warnings.push(`路由名称重复: "${route.name}" (${fullPath})`);
        else names.set(String(route.name), fullPath);
      }
      if (route.component && typeof route.component === 'string' && route.component !== LAYOUT) {
        const key = `${parentPath}:${route.component}`;
        if (components.has(key)) warnings.push(`组件路径重复: "${route.component}" (${fullPath})`);
        else components.set(key, fullPath);
      }
      if (route.children?.length) checkDuplicates(route.children, fullPath);
    }
  };
  const checkComponents = (list: AppRouteRecord[], parentPath = '') => {
    for (const route of list) {
      const hasExternalLink = !!route.meta?.link?.trim();
      const hasChildren = Array.isArray(route.children) && route.children.length > 0;
      const isIframe = route.meta?.isIframe;
      if (!route.component) {
        if (parentPath === '' && !hasExternalLink && !isIframe) {
          errors.push(`一级菜单(${route.path}) 缺少 component，必须指向 ${LAYOUT}`);
          continue;
        }
        if (!hasExternalLink && !isIframe && !hasChildren) errors.push(`路由(${route.path}) 缺少 component 配置`);
      }
      if (route.children?.length) checkComponents(route.children, resolvePath(parentPath, route.path || ''));
    }
  };
  const checkNestedIndexComponent = (list: AppRouteRecord[], level = 1) => {
    for (const route of list) {
      if (level > 1 && route.component === LAYOUT) errors.push(`${level}级菜单不能使用 ${LAYOUT} 作为 component (${route.name})`);
      if (route.children?.length) checkNestedIndexComponent(route.children, level + 1);
    }
  };
  checkDuplicates(routes);
  checkComponents(routes);
  checkNestedIndexComponent(routes);
  return { errors, warnings };
}

/** RouteRegistry.register adds `route.name && !router.hasRoute(route.name)` only: anything else is silently lost */
function registryProblems(routes: AppRouteRecord[]): string[] {
  return routes.flatMap((r) => (!r.name ? [`top-level ${r.path} has no name`] : STATIC_ROUTE_NAMES.includes(String(r.name)) ? [`${r.name} is a static route`] : []));
}

/** Everything art-design-pro does with the list between fetching it and drawing the first page. */
function artDesignPro(served: AppRouteRecord[]) {
  const filtered = filterEmptyMenus(served);
  const pathErrors = menuPathErrors(filtered);
  const menuList = normalizeMenuPaths(filtered);
  const listValid = Array.isArray(menuList) && menuList.length > 0; // validateMenuList
  const { errors, warnings } = routeValidator(menuList);
  return { filtered, menuList, listValid, problems: [...pathErrors, ...errors, ...warnings, ...registryProblems(menuList)] };
}

// ---- what each role should get, from the seeded definitions ----------------------------------------------

interface Expected {
  path: string;
  name: string;
  component: string;
  icon?: string;
  authMarks: string[];
  children?: Expected[];
}

/** The seeded tree as one role should receive it: pages it may see, buttons it holds, empty folders dropped. */
function expectedFor(permissions: readonly string[], defs: readonly MenuDef[] = DEFAULT_MENUS, nested = false): Expected[] {
  return defs.flatMap((def): Expected[] => {
    if (def.type === 'button' || !hasPermission([...permissions], def.perms)) return [];
    const pages = expectedFor(permissions, def.children ?? [], true);
    if (def.type === 'catalog' && pages.length === 0) return [];
    const authMarks = (def.children ?? []).filter((c) => c.type === 'button' && hasPermission([...permissions], c.perms)).map((c) => c.name);
    const component = def.type === 'catalog' ? (nested ? '' : LAYOUT) : def.component!;
    return [{ path: def.path!, name: def.name, component, icon: def.icon, authMarks, ...(def.type === 'catalog' ? { children: pages } : {}) }];
  });
}

const shape = (list: AppRouteRecord[]): Expected[] =>
  list.map((r) => ({
    path: r.path,
    name: r.name,
    component: r.component,
    icon: r.meta.icon,
    authMarks: r.meta.authList.map((a) => a.authMark),
    ...(r.children ? { children: shape(r.children) } : {}),
  }));

const walk = (list: AppRouteRecord[], depth = 0): { record: AppRouteRecord; depth: number }[] =>
  list.flatMap((record) => [{ record, depth }, ...walk(record.children ?? [], depth + 1)]);

// ---- the tests --------------------------------------------------------------------------------------------

t.test('every role’s menus pass art-design-pro’s route validator and menu processor', async (t) => {
  const h = await buildAuth(t, { AUTH_CAPTCHA: 'off' });
  const accounts: Record<string, string> = { admin: ADMIN_PASSWORD };
  for (const role of BUILTIN_ROLES.filter((r) => r.key !== 'admin')) {
    await h.createUser({ username: `adp-${role.key}`, password: 'Adp-pass-1234', roleKey: role.key });
    accounts[`adp-${role.key}`] = 'Adp-pass-1234';
  }

  for (const role of BUILTIN_ROLES) {
    t.test(role.key, async (t) => {
      const username = role.key === 'admin' ? 'admin' : `adp-${role.key}`;
      // art-design-pro's boot: login with userName, then user info and menus with the raw token
      const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { userName: username, password: accounts[username] } });
      t.equal(login.statusCode, 200);
      const headers = { authorization: login.json().data.token };
      const info = await h.app.inject({ url: '/api/user/info', headers });
      t.match(info.json(), { code: 200, data: { userName: username, roles: [role.key] } });
      const res = await h.app.inject({ url: '/api/v3/system/menus', headers });
      t.equal(res.statusCode, 200);
      t.match(res.headers['content-type'], /application\/json/, 'its axios parses JSON bodies only');
      t.equal(res.json().code, 200, 'its interceptor accepts code 200 only');
      const served: AppRouteRecord[] = res.json().data;

      const adp = artDesignPro(served);
      t.same(adp.problems, [], 'no validator error, path error or duplicate');
      t.ok(adp.listValid, 'a non-empty menu list');
      t.same(adp.filtered, served, 'filterEmptyMenus keeps every entry');
      t.same(shape(served), expectedFor(role.permissions), 'exactly the pages and buttons the role holds');

      for (const { record, depth } of walk(served)) {
        const where = `${record.name} (${record.path})`;
        t.match(record, { id: Number, name: /^[A-Z][A-Za-z0-9]*$/, meta: { title: /\S/, isHide: false, keepAlive: Boolean, isIframe: false } }, where);
        if (record.children) {
          t.equal(record.component, depth === 0 ? LAYOUT : '', `${where}: folder component`);
        } else {
          // ComponentLoader: `../../views${component}.vue` or `/index.vue`
          t.match(record.component, /^\/[a-z0-9-]+(\/[a-z0-9-]+)*$/, `${where}: a view path`);
          t.not(record.component, LAYOUT);
        }
        t.ok(depth === 0 ? record.path.startsWith('/') : !record.path.startsWith('/'), `${where}: absolute at the top, relative below`);
        t.ok(record.meta.icon && (MENU_ICONS as readonly string[]).includes(record.meta.icon), `${where}: a bundled Iconify icon`);
        t.match(record.meta.icon, /^[a-z0-9-]+:[a-z0-9-]+$/, `${where}: Iconify prefix:name`);
      }
    });
  }

  t.test('the shared pages use art-design-pro’s own views', async (t) => {
    const { token } = (await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { userName: 'admin', password: ADMIN_PASSWORD } })).json().data;
    const served: AppRouteRecord[] = (await h.app.inject({ url: '/api/v3/system/menus', headers: { authorization: token } })).json().data;
    const byName = new Map(walk(served).map(({ record }) => [record.name, record]));
    t.equal(byName.get('Dashboard')?.component, SHARED_VIEWS.dashboard);
    t.equal(byName.get('SettingsUsers')?.component, SHARED_VIEWS.users);
    t.equal(byName.get('SettingsRoles')?.component, SHARED_VIEWS.roles);
    t.equal(byName.get('SettingsMenus')?.component, SHARED_VIEWS.menus);
    for (const view of Object.values(SHARED_VIEWS)) t.ok(ADP_VIEWS.includes(view), `${view} is one of its views`);
    t.same(
      byName.get('SettingsUsers')?.meta.authList.map((a) => a.authMark),
      ['add', 'edit', 'delete', 'status', 'reset-password'],
      'buttons as authList',
    );
  });
});

t.test('menus an admin makes by hand still reach art-design-pro in a shape it accepts', async (t) => {
  const h = await buildAuth(t, { AUTH_CAPTCHA: 'off' });
  const { token } = (await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { userName: 'admin', password: ADMIN_PASSWORD } })).json().data;
  const post = async (payload: object) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/settings/menus', payload, headers: { authorization: token } });
    t.equal(res.statusCode, 201, JSON.stringify(payload));
    return res.json().data.id as number;
  };
  // the old habits: a top-level catalog without component, absolute child paths, a folder inside a folder,
  // a page without component, a name already used, one art-design-pro reserves, a hidden page
  const reports = await post({ parentId: 0, type: 'catalog', title: '报表', name: 'Reports', path: '/reports', icon: 'BarChartOutlined' });
  await post({ parentId: reports, type: 'menu', title: '日报', name: 'Dashboard', path: '/reports/daily', component: '/reports/daily/index' });
  const archive = await post({ parentId: reports, type: 'catalog', title: '归档', name: 'Archive', path: '/reports/archive' });
  await post({ parentId: archive, type: 'menu', title: '2025', name: 'Login', path: '2025' });
  await post({ parentId: reports, type: 'menu', title: '详情', name: 'ReportDetail', path: 'detail/:id', component: '/reports/detail', isVisible: false });

  const served: AppRouteRecord[] = (await h.app.inject({ url: '/api/v3/system/menus', headers: { authorization: token } })).json().data;
  const adp = artDesignPro(served);
  t.same(adp.problems, []);
  t.same(adp.filtered, served);

  const tree = served.find((r) => r.name === 'Reports')!;
  t.match(tree, { path: '/reports', component: LAYOUT, meta: { icon: 'BarChartOutlined', isHide: false } });
  t.same(
    tree.children!.map((c) => [c.path, c.name, c.component, c.meta.isHide]),
    [
      ['daily', `Dashboard${tree.children![0].id}`, '/reports/daily/index', false],
      ['archive', 'Archive', '', false],
      ['detail/:id', 'ReportDetail', '/reports/detail', true],
    ],
  );
  t.match(tree.children![1].children, [{ path: '2025', name: /^Login\d+$/, component: '/reports/archive/2025' }]);
  const full = adp.menuList.find((r) => r.name === 'Reports')!;
  t.same(full.children!.map((c) => c.path), ['/reports/daily', '/reports/archive', '/reports/detail/:id'], 'the URLs it builds');

  // /api/auth/me (seed 004 shape) keeps leaving hidden entries out
  const me = (await h.app.inject({ url: '/api/auth/me', headers: { authorization: token } })).json().data;
  const meReports = me.menus.find((m: { name: string }) => m.name === 'Reports');
  t.notOk(meReports.children.some((c: { name: string }) => c.name === 'ReportDetail'));
});
