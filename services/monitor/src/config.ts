import { Type, type Static } from 'typebox';
import { platformConfig } from '@app/service-kit';

export const ConfigSchema = Type.Object({
  ...platformConfig('monitor'),
});
export type Config = Static<typeof ConfigSchema>;
