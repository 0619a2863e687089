import type { Permission } from './permissions.js';

/**
 * Every public route of api.md with the permission both the gateway and the owning service enforce.
 * `public` needs no token, `login` any authenticated user, `kb-api-key` a knowledge-base API key
 * (checked by the vectors service). Paths use Fastify syntax.
 */
export type Access = Permission | 'public' | 'login' | 'kb-api-key';
export type ServiceName = 'gateway' | 'auth' | 'projects' | 'comfy-orchestrator' | 'stats' | 'monitor' | 'vectors';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteRule {
  method: HttpMethod;
  path: string;
  access: Access;
  service: ServiceName;
}

const r = (service: ServiceName, method: HttpMethod, path: string, access: Access): RouteRule => ({ service, method, path, access });

export const ROUTES: readonly RouteRule[] = [
  // Auth and profile
  r('auth', 'GET', '/api/auth/captcha', 'public'),
  r('auth', 'POST', '/api/auth/login', 'public'),
  r('auth', 'POST', '/api/auth/register', 'public'),
  r('auth', 'POST', '/api/auth/refresh', 'public'),
  r('auth', 'POST', '/api/auth/logout', 'login'),
  r('auth', 'GET', '/api/auth/me', 'login'),
  r('auth', 'GET', '/api/user/info', 'login'),
  r('auth', 'GET', '/api/v3/system/menus', 'login'),
  r('auth', 'GET', '/api/user/list', 'system:users'),
  r('auth', 'GET', '/api/role/list', 'system:roles'),
  r('auth', 'GET', '/api/profile', 'login'),
  r('auth', 'PUT', '/api/profile', 'login'),
  r('auth', 'PUT', '/api/profile/password', 'login'),
  // System settings
  r('auth', 'GET', '/api/settings/menus', 'system:view'),
  r('auth', 'POST', '/api/settings/menus', 'system:menus'),
  r('auth', 'PUT', '/api/settings/menus/:id', 'system:menus'),
  r('auth', 'DELETE', '/api/settings/menus/:id', 'system:menus'),
  r('auth', 'GET', '/api/settings/roles', 'system:roles'),
  r('auth', 'POST', '/api/settings/roles', 'system:roles'),
  r('auth', 'PUT', '/api/settings/roles/:id', 'system:roles'),
  r('auth', 'DELETE', '/api/settings/roles/:id', 'system:roles'),
  r('auth', 'PUT', '/api/settings/roles/:id/permissions', 'system:roles'),
  r('auth', 'GET', '/api/settings/users', 'system:users'),
  r('auth', 'POST', '/api/settings/users', 'system:users'),
  r('auth', 'PUT', '/api/settings/users/:id', 'system:users'),
  r('auth', 'DELETE', '/api/settings/users/:id', 'system:users'),
  r('auth', 'PUT', '/api/settings/users/:id/status', 'system:users'),
  r('auth', 'POST', '/api/settings/users/:id/reset-password', 'system:users'),
  r('auth', 'GET', '/api/settings/ips', 'system:security'),
  r('auth', 'POST', '/api/settings/ips', 'system:security'),
  r('auth', 'PUT', '/api/settings/ips/:id/status', 'system:security'),
  r('auth', 'GET', '/api/settings/logs', 'system:logs'),
  r('auth', 'DELETE', '/api/settings/logs', 'system:logs'),
  r('auth', 'GET', '/api/settings/logs/:id', 'system:logs'),
  r('auth', 'GET', '/api/settings/permissions', 'system:roles'),
  // Projects and ComfyUI
  r('projects', 'GET', '/api/projects', 'project:view'),
  r('projects', 'POST', '/api/projects', 'project:manage'),
  r('projects', 'GET', '/api/projects/:projectId', 'project:view'),
  r('projects', 'PUT', '/api/projects/:projectId', 'project:manage'),
  r('projects', 'DELETE', '/api/projects/:projectId', 'project:manage'),
  r('projects', 'POST', '/api/projects/:projectId/open_comfy', 'comfy:use'),
  r('comfy-orchestrator', 'GET', '/api/comfy/services', 'comfy:use'),
  r('comfy-orchestrator', 'GET', '/api/comfy/services/:serviceId', 'comfy:use'),
  r('comfy-orchestrator', 'POST', '/api/comfy/services/:serviceId/stop', 'comfy:use'),
  r('comfy-orchestrator', 'POST', '/api/comfy/services/:serviceId/restart', 'comfy:use'),
  // Generation logs, stats, export, dashboard
  r('stats', 'POST', '/api/logs', 'login'),
  r('stats', 'GET', '/api/logs', 'stats:view'),
  r('stats', 'GET', '/api/stats', 'stats:view'),
  r('stats', 'GET', '/api/stats/calendar', 'stats:view'),
  r('stats', 'GET', '/api/export', 'stats:export'),
  r('stats', 'GET', '/api/tasks/:taskId', 'login'),
  r('stats', 'GET', '/api/tasks/:taskId/download', 'login'),
  r('stats', 'GET', '/api/dashboard/stats', 'dashboard:view'),
  // Monitor
  r('monitor', 'GET', '/api/server/stats', 'monitor:view'),
  r('monitor', 'GET', '/api/dashboard/resources', 'dashboard:view'),
  r('monitor', 'GET', '/api/dashboard/tasks', 'dashboard:view'),
  r('monitor', 'GET', '/api/dashboard/tasks/:id', 'dashboard:view'),
  r('monitor', 'GET', '/api/dashboard/nodes', 'dashboard:view'),
  // Vectors, search, knowledge bases, tools
  r('vectors', 'GET', '/api/vectors/connections', 'vector:manage'),
  r('vectors', 'POST', '/api/vectors/connections', 'vector:manage'),
  r('vectors', 'PUT', '/api/vectors/connections/:id', 'vector:manage'),
  r('vectors', 'DELETE', '/api/vectors/connections/:id', 'vector:manage'),
  r('vectors', 'POST', '/api/vectors/connections/:id/test', 'vector:manage'),
  r('vectors', 'GET', '/api/vectors', 'vector:view'),
  r('vectors', 'PUT', '/api/vectors/:id/status', 'vector:manage'),
  r('vectors', 'DELETE', '/api/vectors', 'vector:manage'),
  r('vectors', 'PUT', '/api/vectors/:id', 'vector:manage'),
  r('vectors', 'POST', '/api/vectors/:id/sync-config', 'vector:manage'),
  r('vectors', 'POST', '/api/vectors/:id/sync', 'vector:manage'),
  r('vectors', 'GET', '/api/vectors/export', 'vector:view'),
  r('vectors', 'GET', '/api/vectors/wizard/databases', 'vector:manage'),
  r('vectors', 'GET', '/api/vectors/wizard/tables', 'vector:manage'),
  r('vectors', 'GET', '/api/vectors/wizard/fields', 'vector:manage'),
  r('vectors', 'POST', '/api/vectors/create', 'vector:manage'),
  r('vectors', 'POST', '/api/vectors/check-name', 'vector:manage'),
  r('vectors', 'GET', '/api/vectors/simple-list', 'vector:view'),
  // Extensions: one collection, rebuild (a new model or dimension), cancel its task, the wizard's preview, the
  // embedding models to choose from, and a sync schedule's next run times.
  r('vectors', 'GET', '/api/vectors/:id', 'vector:view'),
  r('vectors', 'POST', '/api/vectors/:id/rebuild', 'vector:manage'),
  r('vectors', 'POST', '/api/vectors/:id/cancel', 'vector:manage'),
  r('vectors', 'POST', '/api/vectors/wizard/preview', 'vector:manage'),
  r('vectors', 'GET', '/api/vectors/embedding-models', 'vector:manage'),
  r('vectors', 'GET', '/api/vectors/cron-preview', 'vector:manage'),
  // A collection's ef_search, and the recall check that tunes it: up to 200 exact scans of the whole
  // collection, an operator's tool (a viewer's searches already use the setting), so vector:manage.
  r('vectors', 'PUT', '/api/vectors/:id/search-config', 'vector:manage'),
  r('vectors', 'POST', '/api/vectors/:id/recall', 'vector:manage'),
  r('vectors', 'POST', '/api/search/vector', 'vector:search'),
  r('vectors', 'GET', '/api/kb/config', 'kb:view'),
  r('vectors', 'POST', '/api/kb/config', 'kb:config'),
  r('vectors', 'PUT', '/api/kb/config/:id', 'kb:config'),
  // Extensions: one knowledge base, its deletion, and its API keys (for Dify's external knowledge API).
  r('vectors', 'GET', '/api/kb/config/:id', 'kb:view'),
  r('vectors', 'DELETE', '/api/kb/config/:id', 'kb:config'),
  r('vectors', 'GET', '/api/kb/config/:id/keys', 'kb:config'),
  r('vectors', 'POST', '/api/kb/config/:id/keys', 'kb:config'),
  r('vectors', 'DELETE', '/api/kb/config/:id/keys/:keyId', 'kb:config'),
  r('vectors', 'POST', '/api/kb/retrieval', 'kb:retrieval'),
  r('vectors', 'POST', '/api/kb/dify/retrieval', 'kb-api-key'),
  r('vectors', 'POST', '/api/tools/llm-clean', 'tools:clean'),
  // Gateway's own. The docs UI is a static page holding no data; the document it loads needs api:view.
  r('gateway', 'GET', '/api/api-docs', 'api:view'),
  r('gateway', 'GET', '/api/docs', 'public'),
  r('gateway', 'GET', '/api/docs/:asset', 'public'),
];

/** Routes of one service, for the service to enforce the same rule the gateway does. */
export function routesOf(service: ServiceName): RouteRule[] {
  return ROUTES.filter((rule) => rule.service === service);
}

/**
 * Routes whose calls are searches, with the action each is logged as: the gateway's audit record of such a
 * call is stored as a system log of type `search` (what the dashboard's daily searches count).
 */
export const SEARCH_ROUTES: Readonly<Record<string, string>> = {
  '/api/search/vector': 'VECTOR_SEARCH',
  '/api/kb/retrieval': 'KB_RETRIEVAL',
  '/api/kb/dify/retrieval': 'KB_RETRIEVAL',
};
