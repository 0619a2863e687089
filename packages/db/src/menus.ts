// The console's default menu tree (seeded once into xl_menus; admins edit it afterwards).
// Each page carries the permission that shows it; buttons carry the permission their action needs,
// which is what the API route behind them enforces (@app/contracts ROUTES).
import { BUILTIN_ROLES, hasPermission, type Permission } from '@app/contracts';

export type MenuType = 'catalog' | 'menu' | 'button';

export interface MenuDef {
  type: MenuType;
  title: string;
  /** route name (PascalCase) for pages and catalogs; the auth mark for buttons */
  name: string;
  path?: string;
  /** page component, e.g. `/dashboard/index` */
  component?: string;
  /** @ant-design/icons name */
  icon?: string;
  perms: Permission;
  keepAlive?: boolean;
  children?: MenuDef[];
}

const page = (
  title: string,
  name: string,
  path: string,
  icon: string,
  perms: Permission,
  buttons: MenuDef[] = [],
): MenuDef => ({ type: 'menu', title, name, path, component: `${path}/index`, icon, perms, children: buttons });

const catalog = (title: string, name: string, path: string, icon: string, perms: Permission, children: MenuDef[]): MenuDef => ({
  type: 'catalog',
  title,
  name,
  path,
  icon,
  perms,
  children,
});

const button = (title: string, name: string, perms: Permission): MenuDef => ({ type: 'button', title, name, perms });

export const DEFAULT_MENUS: readonly MenuDef[] = [
  page('仪表盘', 'Dashboard', '/dashboard', 'DashboardOutlined', 'dashboard:view'),
  page('工作台', 'Workbench', '/workbench', 'AppstoreOutlined', 'project:view', [
    button('新建项目', 'add', 'project:manage'),
    button('编辑项目', 'edit', 'project:manage'),
    button('删除项目', 'delete', 'project:manage'),
    button('数据生成', 'open-comfy', 'comfy:use'),
  ]),
  page('ComfyUI 实例', 'ComfyInstances', '/workbench/instances', 'CloudServerOutlined', 'comfy:use', [
    button('停止', 'stop', 'comfy:use'),
    button('重启', 'restart', 'comfy:use'),
  ]),
  page('数据统计', 'Stats', '/stats', 'BarChartOutlined', 'stats:view', [button('导出', 'export', 'stats:export')]),
  page('服务器监控', 'Monitor', '/monitor', 'MonitorOutlined', 'monitor:view'),
  page('向量管理', 'Vector', '/vector', 'DatabaseOutlined', 'vector:view', [
    button('新增', 'add', 'vector:manage'),
    button('编辑', 'edit', 'vector:manage'),
    button('删除', 'delete', 'vector:manage'),
    button('启用/停用', 'status', 'vector:manage'),
    button('定时同步', 'sync', 'vector:manage'),
  ]),
  page('向量搜索', 'VectorSearch', '/vector-search', 'SearchOutlined', 'vector:search'),
  catalog('知识库', 'Kb', '/kb', 'BookOutlined', 'kb:view', [
    page('知识库配置', 'KbConfig', '/kb/config', 'ControlOutlined', 'kb:view', [
      button('新增', 'add', 'kb:config'),
      button('编辑', 'edit', 'kb:config'),
    ]),
    page('知识库检索', 'KbRetrieval', '/kb/retrieval', 'FileSearchOutlined', 'kb:retrieval'),
  ]),
  catalog('工具', 'Tools', '/tools', 'ToolOutlined', 'tools:view', [
    page('大模型输出清洁', 'LlmClean', '/tools/llm-clean', 'ClearOutlined', 'tools:clean'),
  ]),
  page('API 文档', 'ApiDocs', '/api-docs', 'ApiOutlined', 'api:view'),
  catalog('系统设置', 'Settings', '/settings', 'SettingOutlined', 'system:view', [
    page('菜单管理', 'SettingsMenus', '/settings/menus', 'MenuOutlined', 'system:menus', [
      button('新增', 'add', 'system:menus'),
      button('编辑', 'edit', 'system:menus'),
      button('删除', 'delete', 'system:menus'),
    ]),
    page('角色管理', 'SettingsRoles', '/settings/roles', 'TeamOutlined', 'system:roles', [
      button('新增', 'add', 'system:roles'),
      button('编辑', 'edit', 'system:roles'),
      button('删除', 'delete', 'system:roles'),
      button('分配权限', 'permissions', 'system:roles'),
    ]),
    page('用户管理', 'SettingsUsers', '/settings/users', 'UserOutlined', 'system:users', [
      button('新增', 'add', 'system:users'),
      button('编辑', 'edit', 'system:users'),
      button('删除', 'delete', 'system:users'),
      button('启用/停用', 'status', 'system:users'),
      button('重置密码', 'reset-password', 'system:users'),
    ]),
    page('系统安全', 'SettingsSecurity', '/settings/security', 'SafetyOutlined', 'system:security', [
      button('添加规则', 'add', 'system:security'),
      button('封禁/解封', 'status', 'system:security'),
    ]),
    page('系统日志', 'SettingsLogs', '/settings/logs', 'FileTextOutlined', 'system:logs', [
      button('删除', 'delete', 'system:logs'),
    ]),
  ]),
];

/** Built-in role keys that hold `perms` (the seeded `roles` column; admin via `*`). */
export function builtinRolesWith(perms: string): string[] {
  return BUILTIN_ROLES.filter((role) => hasPermission(role.permissions, perms)).map((role) => role.key);
}
