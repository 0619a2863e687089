import type { Grant, Permission } from './permissions.js';

export interface BuiltinRole {
  key: string;
  name: string;
  description: string;
  permissions: readonly Grant[];
}

// Seed 004's editor and viewer lists, extended by api.md with the data-generation permissions.
const editorVectorAdmin: Permission[] = [
  'dashboard:view', 'vector:view', 'vector:manage', 'vector:search', 'kb:view', 'kb:config',
  'kb:retrieval', 'tools:view', 'tools:clean', 'api:view',
];
const viewerVectorAdmin: Permission[] = [
  'dashboard:view', 'vector:view', 'vector:search', 'kb:view', 'kb:retrieval', 'api:view',
];

export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  { key: 'admin', name: '超级管理员', description: '拥有全部权限', permissions: ['*'] },
  {
    key: 'editor',
    name: '编辑',
    description: '管理向量、知识库与自己的项目',
    permissions: [...editorVectorAdmin, 'project:view', 'project:manage', 'comfy:use', 'stats:view', 'stats:export', 'monitor:view'],
  },
  {
    key: 'viewer',
    name: '访客',
    description: '只读访问',
    permissions: [...viewerVectorAdmin, 'project:view', 'stats:view', 'monitor:view'],
  },
  {
    key: 'user',
    name: '普通用户',
    description: '自助注册的默认角色：自己的项目与 ComfyUI',
    permissions: ['dashboard:view', 'project:view', 'project:manage', 'comfy:use', 'stats:view', 'stats:export', 'api:view'],
  },
];

export const ADMIN_ROLE = 'admin';
export const DEFAULT_SIGNUP_ROLE = 'user';
