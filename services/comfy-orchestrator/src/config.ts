import { Type, type Static } from 'typebox';
import { DatabaseConfig, platformConfig } from '@app/service-kit';

export const ConfigSchema = Type.Object({
  ...platformConfig('comfy-orchestrator'),
  ...DatabaseConfig,
  /** Template with {port}, {dataDir}…; unset → the bundled ComfyUI simulator. */
  COMFYUI_COMMAND: Type.Optional(Type.String({ minLength: 1 })),
  COMFY_PORT_RANGE: Type.String({ default: '8188-8287', pattern: '^\\d{2,5}-\\d{2,5}$', description: 'first-last, e.g. 8188-8287' }),
  COMFY_IDLE_MINUTES: Type.Number({ default: 30, minimum: 0 }),
  COMFY_DATA_DIR: Type.String({ default: '.data/comfy' }),
  COMFY_GPUS: Type.Optional(Type.String({ pattern: '^\\d+(,\\d+)*$', description: 'comma-separated GPU ids, e.g. 0,1' })),
});
export type Config = Static<typeof ConfigSchema>;
