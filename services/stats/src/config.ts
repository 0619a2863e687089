import { Type, type Static } from 'typebox';
import { CalendarConfig, DatabaseConfig, UrlString, platformConfig } from '@app/service-kit/config';

export const ConfigSchema = Type.Object({
  ...platformConfig('stats'),
  ...DatabaseConfig,
  ...CalendarConfig,
  EXPORT_WAIT_MS: Type.Integer({ default: 20_000, minimum: 0 }),
  EXPORT_DIR: Type.String({ default: '.data/exports' }),
  EXPORT_TTL_HOURS: Type.Number({ default: 24, minimum: 0.01, description: 'how long a finished export can be downloaded' }),
  EXPORT_LOCK_MS: Type.Integer({ default: 30_000, minimum: 500, description: 'a worker silent this long has died: its export goes to another worker' }),
  EXPORT_WORKER: Type.Union([Type.Literal('inprocess'), Type.Literal('off')], {
    default: 'inprocess',
    description: 'inprocess: this process also runs exports; off: only separate workers (services/stats/src/worker.ts) do',
  }),
  PROJECTS_URL: UrlString(['http', 'https'], 'http://host:port of the projects service'),
  COMFY_ORCHESTRATOR_URL: UrlString(['http', 'https'], 'http://host:port of the comfy-orchestrator'),
  VECTORS_URL: UrlString(['http', 'https'], 'http://host:port of the vectors service'),
});
export type Config = Static<typeof ConfigSchema>;
