import { Type, type Static } from 'typebox';
import { DatabaseConfig, platformConfig } from '@app/service-kit';

export const ConfigSchema = Type.Object({
  ...platformConfig('stats'),
  ...DatabaseConfig,
  EXPORT_WAIT_MS: Type.Integer({ default: 20_000, minimum: 0 }),
  EXPORT_DIR: Type.String({ default: '.data/exports' }),
});
export type Config = Static<typeof ConfigSchema>;
