// The console's default menu tree (seeded into xl_menus; admins edit it afterwards), in the shape
// art-design-pro accepts as is (see @app/contracts route-records): top-level folders use its layout
// component, children have relative paths, pages name a view path, icons are Iconify names.
// Each page carries the permission that shows it; buttons carry the permission their action needs,
// which is what the API route behind them enforces (@app/contracts ROUTES).
import { BUILTIN_ROLES, hasPermission, LAYOUT_COMPONENT, SHARED_VIEWS, type MenuIconName, type Permission } from '@app/contracts';

export type MenuType = 'catalog' | 'menu' | 'button';

export interface MenuDef {
  type: MenuType;
  title: string;
  /** route name (PascalCase) for pages and catalogs; the auth mark for buttons */
  name: string;
  /** absolute at the top level, relative to the parent below it */
  path?: string;
  /** a page's view path (art-design-pro's src/views/<component>); LAYOUT_COMPONENT for a top-level folder */
  component?: string;
  icon?: MenuIconName;
  perms: Permission;
  keepAlive?: boolean;
  children?: MenuDef[];
  /** what the seed wrote before this shape (issue 12); rows still holding it are moved to the new one */
  legacy?: { path: string; component: string | null; icon: string };
}

/** A page; its view is `<full path>/index` (our own pages) unless it is one of SHARED_VIEWS. */
const page = (
  title: string,
  name: string,
  path: string,
  icon: MenuIconName,
  perms: Permission,
  opts: { parent?: string; view?: string; legacyIcon: string; buttons?: MenuDef[] },
): MenuDef => {
  const full = `${opts.parent ?? ''}/${path.replace(/^\//, '')}`;
  return {
    type: 'menu',
    title,
    name,
    path,
    component: opts.view ?? `${full}/index`,
    icon,
    perms,
    children: opts.buttons ?? [],
    legacy: { path: full, component: `${full}/index`, icon: opts.legacyIcon },
  };
};

/** A top-level folder: art-design-pro's layout is its component. */
const catalog = (title: string, name: string, path: string, icon: MenuIconName, perms: Permission, legacyIcon: string, children: MenuDef[]): MenuDef => ({
  type: 'catalog',
  title,
  name,
  path,
  component: LAYOUT_COMPONENT,
  icon,
  perms,
  children,
  legacy: { path, component: null, icon: legacyIcon },
});

const button = (title: string, name: string, perms: Permission): MenuDef => ({ type: 'button', title, name, perms });

export const DEFAULT_MENUS: readonly MenuDef[] = [
  page('仪表盘', 'Dashboard', '/dashboard', 'ri:dashboard-3-line', 'dashboard:view', { view: SHARED_VIEWS.dashboard, legacyIcon: 'DashboardOutlined' }),
  page('工作台', 'Workbench', '/workbench', 'ri:apps-2-line', 'project:view', {
    legacyIcon: 'AppstoreOutlined',
    buttons: [
      button('新建项目', 'add', 'project:manage'),
      button('编辑项目', 'edit', 'project:manage'),
      button('删除项目', 'delete', 'project:manage'),
      button('数据生成', 'open-comfy', 'comfy:use'),
    ],
  }),
  page('ComfyUI 实例', 'ComfyInstances', '/workbench/instances', 'ri:server-line', 'comfy:use', {
    legacyIcon: 'CloudServerOutlined',
    buttons: [button('停止', 'stop', 'comfy:use'), button('重启', 'restart', 'comfy:use')],
  }),
  page('数据统计', 'Stats', '/stats', 'ri:bar-chart-box-line', 'stats:view', {
    legacyIcon: 'BarChartOutlined',
    buttons: [button('导出', 'export', 'stats:export')],
  }),
  page('服务器监控', 'Monitor', '/monitor', 'ri:pulse-line', 'monitor:view', { legacyIcon: 'MonitorOutlined' }),
  page('向量管理', 'Vector', '/vector', 'ri:database-2-line', 'vector:view', {
    legacyIcon: 'DatabaseOutlined',
    buttons: [
      button('新增', 'add', 'vector:manage'),
      button('编辑', 'edit', 'vector:manage'),
      button('删除', 'delete', 'vector:manage'),
      button('启用/停用', 'status', 'vector:manage'),
      button('定时同步', 'sync', 'vector:manage'),
    ],
  }),
  page('向量搜索', 'VectorSearch', '/vector-search', 'ri:search-line', 'vector:search', { legacyIcon: 'SearchOutlined' }),
  catalog('知识库', 'Kb', '/kb', 'ri:book-2-line', 'kb:view', 'BookOutlined', [
    page('知识库配置', 'KbConfig', 'config', 'ri:equalizer-line', 'kb:view', {
      parent: '/kb',
      legacyIcon: 'ControlOutlined',
      buttons: [button('新增', 'add', 'kb:config'), button('编辑', 'edit', 'kb:config')],
    }),
    page('知识库检索', 'KbRetrieval', 'retrieval', 'ri:file-search-line', 'kb:retrieval', { parent: '/kb', legacyIcon: 'FileSearchOutlined' }),
  ]),
  catalog('工具', 'Tools', '/tools', 'ri:tools-line', 'tools:view', 'ToolOutlined', [
    page('大模型输出清洁', 'LlmClean', 'llm-clean', 'ri:magic-line', 'tools:clean', { parent: '/tools', legacyIcon: 'ClearOutlined' }),
  ]),
  page('API 文档', 'ApiDocs', '/api-docs', 'ri:code-s-slash-line', 'api:view', { legacyIcon: 'ApiOutlined' }),
  catalog('系统设置', 'Settings', '/settings', 'ri:settings-3-line', 'system:view', 'SettingOutlined', [
    page('菜单管理', 'SettingsMenus', 'menus', 'ri:menu-line', 'system:menus', {
      parent: '/settings',
      view: SHARED_VIEWS.menus,
      legacyIcon: 'MenuOutlined',
      buttons: [button('新增', 'add', 'system:menus'), button('编辑', 'edit', 'system:menus'), button('删除', 'delete', 'system:menus')],
    }),
    page('角色管理', 'SettingsRoles', 'roles', 'ri:user-settings-line', 'system:roles', {
      parent: '/settings',
      view: SHARED_VIEWS.roles,
      legacyIcon: 'TeamOutlined',
      buttons: [
        button('新增', 'add', 'system:roles'),
        button('编辑', 'edit', 'system:roles'),
        button('删除', 'delete', 'system:roles'),
        button('分配权限', 'permissions', 'system:roles'),
      ],
    }),
    page('用户管理', 'SettingsUsers', 'users', 'ri:user-line', 'system:users', {
      parent: '/settings',
      view: SHARED_VIEWS.users,
      legacyIcon: 'UserOutlined',
      buttons: [
        button('新增', 'add', 'system:users'),
        button('编辑', 'edit', 'system:users'),
        button('删除', 'delete', 'system:users'),
        button('启用/停用', 'status', 'system:users'),
        button('重置密码', 'reset-password', 'system:users'),
      ],
    }),
    page('系统安全', 'SettingsSecurity', 'security', 'ri:shield-check-line', 'system:security', {
      parent: '/settings',
      legacyIcon: 'SafetyOutlined',
      buttons: [button('添加规则', 'add', 'system:security'), button('封禁/解封', 'status', 'system:security')],
    }),
    page('系统日志', 'SettingsLogs', 'logs', 'ri:file-list-3-line', 'system:logs', {
      parent: '/settings',
      legacyIcon: 'FileTextOutlined',
      buttons: [button('删除', 'delete', 'system:logs')],
    }),
  ]),
];

/** Built-in role keys that hold `perms` (the seeded `roles` column; admin via `*`). */
export function builtinRolesWith(perms: string): string[] {
  return BUILTIN_ROLES.filter((role) => hasPermission(role.permissions, perms)).map((role) => role.key);
}
