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
  LOGIN_MAX_FAILURES_PER_IP: Type.Integer({ default: 20, minimum: 1 }),
  LOGIN_FAILURE_WINDOW_SEC: Type.Integer({ default: 900, minimum: 10 }),
  UPSTREAM_TIMEOUT_MS: Type.Integer({ default: 30_000, minimum: 100 }),
});
export type Config = Static<typeof ConfigSchema>;
