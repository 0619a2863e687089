/**
 * The permission catalogue. Strings are `module:action`; `*` grants everything and is held by admin only.
 * Titles are shown by the role editor, grouped by module.
 */
export const PERMISSIONS = [
  { key: 'dashboard:view', title: '查看仪表盘', module: 'dashboard' },
  { key: 'project:view', title: '查看项目', module: 'project' },
  { key: 'project:manage', title: '管理项目', module: 'project' },
  { key: 'comfy:use', title: '使用 ComfyUI', module: 'comfy' },
  { key: 'stats:view', title: '查看统计', module: 'stats' },
  { key: 'stats:export', title: '导出统计', module: 'stats' },
  { key: 'monitor:view', title: '查看服务器监控', module: 'monitor' },
  { key: 'vector:view', title: '查看向量列表', module: 'vector' },
  { key: 'vector:manage', title: '管理向量（增删改）', module: 'vector' },
  { key: 'vector:search', title: '向量搜索', module: 'vector' },
  { key: 'kb:view', title: '查看知识库', module: 'kb' },
  { key: 'kb:config', title: '配置知识库', module: 'kb' },
  { key: 'kb:retrieval', title: '知识库检索', module: 'kb' },
  { key: 'tools:view', title: '查看工具', module: 'tools' },
  { key: 'tools:clean', title: '使用清洁工具', module: 'tools' },
  { key: 'api:view', title: '查看 API 文档', module: 'api' },
  { key: 'system:view', title: '查看系统设置', module: 'system' },
  { key: 'system:menus', title: '菜单管理', module: 'system' },
  { key: 'system:roles', title: '角色管理', module: 'system' },
  { key: 'system:users', title: '用户管理', module: 'system' },
  { key: 'system:security', title: '系统安全', module: 'system' },
  { key: 'system:logs', title: '系统日志', module: 'system' },
] as const;

export type Permission = (typeof PERMISSIONS)[number]['key'];
export const ALL_PERMISSIONS = '*';
export type Grant = Permission | typeof ALL_PERMISSIONS;

const known = new Set<string>(PERMISSIONS.map((p) => p.key));

export function isKnownPermission(value: string): value is Permission {
  return known.has(value);
}

/** True when the granted list satisfies `required` (`*` satisfies everything). */
export function hasPermission(granted: readonly string[], required: string): boolean {
  return granted.includes(ALL_PERMISSIONS) || granted.includes(required);
}
