import { Type, type Static } from 'typebox';
import { UrlString, platformConfig } from '@app/service-kit';

const upstream = (what: string) => UrlString(['http', 'https'], `http://host:port of the ${what} service`);

export const ConfigSchema = Type.Object({
  ...platformConfig('gateway'),
  PROJECTS_URL: upstream('projects'),
  COMFY_ORCHESTRATOR_URL: upstream('comfy-orchestrator'),
  STATS_URL: upstream('stats'),
  MONITOR_URL: upstream('monitor'),
  VECTORS_URL: upstream('vectors'),
  WEB_DIST: Type.String({ default: 'web/dist', description: 'folder of the built web console' }),
  LOGIN_MAX_FAILURES_PER_USER: Type.Integer({ default: 5, minimum: 1 }),
  LOGIN_MAX_FAILURES_PER_IP: Type.Integer({ default: 100, minimum: 1 }),
  LOGIN_FAILURE_WINDOW_SEC: Type.Integer({ default: 900, minimum: 10 }),
  UPSTREAM_TIMEOUT_MS: Type.Integer({ default: 30_000, minimum: 100 }),
  // api.md Conventions; `ok` is for art-design-pro clients (plugins/app/api-status.ts, README).
  API_ERROR_STATUS: Type.Union([Type.Literal('mirror'), Type.Literal('ok')], {
    default: 'mirror',
    description: 'mirror: the HTTP status is the envelope code; ok: /api answers JSON with HTTP 200 and the code in the body',
  }),
  // Per client IP and minute; an office behind one NAT address must not reach them at nine (README).
  RATE_LIMIT_CAPTCHA_PER_MIN: Type.Integer({ default: 120, minimum: 1 }),
  RATE_LIMIT_LOGIN_PER_MIN: Type.Integer({ default: 120, minimum: 1 }),
  RATE_LIMIT_REGISTER_PER_MIN: Type.Integer({ default: 20, minimum: 1 }),
  RATE_LIMIT_REFRESH_PER_MIN: Type.Integer({ default: 300, minimum: 1 }),
  COMFY_ORIGIN_PORT: Type.Integer({ default: 8081, minimum: 0, maximum: 65535, description: 'listen port of the ComfyUI origin (COMFY_PUBLIC_URL points at it): /comfy/... only' }),
  INTERNAL_PORT: Type.Integer({ default: 9080, minimum: 0, maximum: 65535, description: 'listen port of /readyz details, /metrics and /documentation/json (probes and Prometheus)' }),
  INTERNAL_HOST: Type.Optional(Type.String({ description: 'listen address of the internal port (default: HOST)' })),
});
export type Config = Static<typeof ConfigSchema>;
