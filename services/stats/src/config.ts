import { Type, type Static } from 'typebox';
import { DatabaseConfig, UrlString, platformConfig } from '@app/service-kit';

export const ConfigSchema = Type.Object({
  ...platformConfig('stats'),
  ...DatabaseConfig,
  EXPORT_WAIT_MS: Type.Integer({ default: 20_000, minimum: 0 }),
  EXPORT_DIR: Type.String({ default: '.data/exports' }),
  PROJECTS_URL: UrlString(['http', 'https'], 'http://host:port of the projects service'),
  COMFY_ORCHESTRATOR_URL: UrlString(['http', 'https'], 'http://host:port of the comfy-orchestrator'),
});
export type Config = Static<typeof ConfigSchema>;
