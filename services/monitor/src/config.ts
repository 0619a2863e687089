import { Type, type Static } from 'typebox';
import { SamplesConfig } from './samples-config.js';
import { CalendarConfig, DatabaseConfig, UrlString, platformConfig } from '@app/service-kit';

const peer = (what: string) => UrlString(['http', 'https'], `http://host:port of the ${what} service`);

export const ConfigSchema = Type.Object({
  ...platformConfig('monitor'),
  // xl_tasks for the dashboard's task views, and the PostgreSQL the health view reports.
  ...DatabaseConfig,
  // Task filters' days (`start`/`end`) are calendar days of the platform zone.
  ...CalendarConfig,
  // Every service whose /readyz the health view (GET /api/dashboard/nodes) probes; AUTH_URL is the platform's.
  PROJECTS_URL: peer('projects'),
  COMFY_ORCHESTRATOR_URL: peer('comfy-orchestrator'),
  STATS_URL: peer('stats'),
  VECTORS_URL: peer('vectors'),
  GATEWAY_INTERNAL_URL: Type.Optional(UrlString(['http', 'https'], "http://host:port of the gateway's internal listener (its INTERNAL_PORT, where /readyz is); unset: the gateway is not probed")),
  MONITOR_INTERVAL_MS: Type.Integer({ default: 2000, minimum: 100, description: 'how often the monitor samples and probes; a health answer is reused this long' }),
  HEALTH_PROBE_TIMEOUT_MS: Type.Integer({ default: 1500, minimum: 50, description: 'a component that does not answer its health probe within this is down' }),
  // The server monitor's sampling (GET /api/server/stats); also read by the per-node agent (src/agent.ts).
  ...SamplesConfig,
});
export type Config = Static<typeof ConfigSchema>;
