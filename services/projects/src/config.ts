import { Type, type Static } from 'typebox';
import { DatabaseConfig, UrlString, platformConfig } from '@app/service-kit';

export const ConfigSchema = Type.Object({
  ...platformConfig('projects'),
  ...DatabaseConfig,
  COMFY_ORCHESTRATOR_URL: UrlString(['http', 'https'], 'http://host:port of the comfy-orchestrator'),
});
export type Config = Static<typeof ConfigSchema>;
