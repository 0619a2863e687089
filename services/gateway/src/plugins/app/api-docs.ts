import { request } from 'undici';
import { PERMISSIONS, ROUTES, type Access, type RouteRule, type ServiceName } from '@app/contracts';
import type { Upstreams } from './upstreams.js';

type Operation = Record<string, unknown> & { tags?: string[]; summary?: string; description?: string; responses?: Record<string, unknown> };

export interface OpenApiDoc {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
}

const CACHE_MS = 30_000;
/** A document missing a service is kept a short while only: the service is likely back soon. */
const PARTIAL_CACHE_MS = 5_000;
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/** One tag per service, in this order, with what it serves. */
export const SERVICE_TAGS: Readonly<Record<ServiceName, string>> = {
  auth: '认证与会话、个人资料、系统设置（菜单、角色、用户、IP 安全、系统日志）',
  projects: '项目，以及打开项目的 ComfyUI',
  'comfy-orchestrator': '每个用户的 ComfyUI 实例：查看、停止、重启',
  stats: '生成日志、统计、导出与仪表盘统计',
  monitor: '服务器监控，仪表盘的资源、任务与节点',
  vectors: '向量连接与集合、向量检索、知识库与工具',
  gateway: '网关自身：本文档与文档页面',
};

const TITLES = new Map<string, string>(PERMISSIONS.map((p) => [p.key, p.title]));

/** What an access rule means, for a reader of the docs. */
export function accessText(access: Access): string {
  if (access === 'public') return '公开，无需令牌';
  if (access === 'login') return '登录即可（任意已登录用户）';
  if (access === 'kb-api-key') return '知识库 API 密钥（Authorization: Bearer <密钥>）';
  return TITLES.get(access) ?? access;
}

/** `/api/x/:id` (Fastify, the contracts table) as `/api/x/{id}` (OpenAPI). */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

const ruleKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

const ERROR_ENVELOPE = {
  type: 'object',
  required: ['code', 'msg', 'message', 'data'],
  properties: {
    code: { type: 'integer', description: 'HTTP 状态码（API_ERROR_STATUS=ok 时 HTTP 状态为 200，以此为准）' },
    msg: { type: 'string' },
    message: { type: 'string' },
    data: { nullable: true },
    errorKey: { type: 'string', description: '错误类别，如 FORBIDDEN' },
  },
};
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
});

/**
 * An operation of a service's own document as the gateway serves it: tagged with its service, its access
 * rule from the contracts table as `x-permission` and in its summary and description (Swagger UI shows
 * both), no token asked for public routes, and the envelopes a refused call answers with.
 */
function annotate(op: Operation, rule: RouteRule): Operation {
  const line = `权限: ${rule.access}`;
  const out: Operation = {
    ...op,
    tags: [rule.service],
    summary: op.summary ? `${op.summary} · ${line}` : line,
    description: [`**权限**: \`${rule.access}\` — ${accessText(rule.access)}`, op.description].filter(Boolean).join('\n\n'),
    'x-permission': rule.access,
    'x-service': rule.service,
  };
  const responses = { ...(op.responses ?? {}) };
  if (rule.access === 'public') out.security = [];
  else responses['401'] ??= errorResponse('未登录或令牌无效（信封 code 401）');
  if (rule.access !== 'public' && rule.access !== 'login' && rule.access !== 'kb-api-key')
    responses['403'] ??= errorResponse(`没有权限 ${rule.access}（信封 code 403）`);
  out.responses = responses;
  return out;
}

/**
 * One service's public paths, kept only where the contracts table routes them through the gateway to this
 * service (anything else is never proxied, so could not be called), each operation annotated.
 */
export function serviceOperations(service: ServiceName, doc: OpenApiDoc): Record<string, Record<string, unknown>> {
  const rules = new Map(ROUTES.filter((r) => r.service === service).map((r) => [ruleKey(r.method, openApiPath(r.path)), r]));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith('/api/')) continue;
    const kept: Record<string, unknown> = {};
    let operations = 0;
    for (const [key, value] of Object.entries(item)) {
      if (!METHODS.has(key)) {
        kept[key] = value; // path-level parameters, servers, ...
        continue;
      }
      const rule = rules.get(ruleKey(key, path));
      if (!rule) continue;
      kept[key] = annotate(value as Operation, rule);
      operations++;
    }
    if (operations) paths[path] = kept;
  }
  return paths;
}

/**
 * One OpenAPI document for the whole platform, merged from every service's own (`/documentation/json`) and
 * the gateway's own (`own`), public paths only, kept 30 s. A service that is down is listed in
 * `x-unavailable` (and the document then kept 5 s only).
 */
export function platformApiDoc(upstreams: Upstreams): (own?: OpenApiDoc) => Promise<unknown> {
  let cached: { until: number; doc: unknown } | undefined;

  async function merge(own: OpenApiDoc | undefined) {
    const byService = new Map<ServiceName, Record<string, Record<string, unknown>>>();
    const schemas: Record<string, unknown> = {};
    const unavailable: string[] = [];
    const take = (service: ServiceName, doc: OpenApiDoc) => {
      byService.set(service, serviceOperations(service, doc));
      Object.assign(schemas, doc.components?.schemas ?? {});
    };
    if (own) take('gateway', own);
    await Promise.all(
      (Object.entries(upstreams) as [ServiceName, string][]).map(async ([service, base]) => {
        try {
          const res = await request(`${base}/documentation/json`, { headersTimeout: 3000, bodyTimeout: 3000 });
          if (res.statusCode !== 200) {
            await res.body.dump();
            throw new Error(`status ${res.statusCode}`);
          }
          take(service, (await res.body.json()) as OpenApiDoc);
        } catch {
          unavailable.push(service);
        }
      }),
    );
    const order = Object.keys(SERVICE_TAGS) as ServiceName[];
    const paths: Record<string, Record<string, unknown>> = {};
    for (const service of order) {
      for (const [path, item] of Object.entries(byService.get(service) ?? {})) paths[path] = { ...paths[path], ...item };
    }
    const tags = order.filter((s) => Object.keys(byService.get(s) ?? {}).length).map((name) => ({ name, description: SERVICE_TAGS[name] }));
    unavailable.sort();
    const description = [
      '平台全部公开接口，经网关 /api 访问，按服务分组。每个接口的“权限”一行即网关与服务都检查的权限：' +
        '`public` 无需令牌，`login` 任意已登录用户，`kb-api-key` 知识库 API 密钥，其余为权限标识。',
      '响应都包在网关信封 `{ code, msg, message, data }` 中；没有权限时为信封 code 403。',
      unavailable.length ? `以下服务暂不可用，其接口未列出：${unavailable.join('、')}` : '',
    ].filter(Boolean);
    return {
      openapi: '3.0.3',
      info: { title: 'XL Platform API', version: '0.1.0', description: description.join('\n\n') },
      servers: [{ url: '/' }],
      tags,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: { ...schemas, ErrorEnvelope: ERROR_ENVELOPE },
      },
      security: [{ bearer: [] }],
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
      'x-unavailable': unavailable,
    };
  }

  return async (own) => {
    if (!cached || Date.now() > cached.until) {
      const doc = await merge(own);
      cached = { until: Date.now() + (doc['x-unavailable'].length ? PARTIAL_CACHE_MS : CACHE_MS), doc };
    }
    return cached.doc;
  };
}
