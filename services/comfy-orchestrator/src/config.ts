import { Type, type Static } from 'typebox';
import { DatabaseConfig, UrlString, platformConfig } from '@app/service-kit';

export const ConfigSchema = Type.Object({
  ...platformConfig('comfy-orchestrator'),
  ...DatabaseConfig,
  PROJECTS_URL: UrlString(['http', 'https'], 'http://host:port of the projects service (project names on the instances page)'),
  /** Template with {port}, {dataDir}…; unset → the bundled ComfyUI simulator. */
  COMFYUI_COMMAND: Type.Optional(
    Type.String({
      pattern: '^(?=[\\s\\S]*\\{port\\})(?=[\\s\\S]*\\{dataDir\\})[\\s\\S]+$',
      description: 'must use {port} and {dataDir} (each instance: own port and folders, by which it is recognised)',
    }),
  ),
  COMFY_PORT_RANGE: Type.String({ default: '8188-8287', pattern: '^\\d{2,5}-\\d{2,5}$', description: 'first-last, e.g. 8188-8287' }),
  COMFY_IDLE_MINUTES: Type.Number({ default: 30, minimum: 0 }),
  COMFY_DATA_DIR: Type.String({ default: '.data/comfy' }),
  COMFY_GPUS: Type.Optional(Type.String({ pattern: '^\\d+(,\\d+)*$', description: 'comma-separated GPU ids, e.g. 0,1' })),
  COMFY_START_TIMEOUT_MS: Type.Integer({ default: 180_000, minimum: 1000, description: 'how long a launch may take to answer' }),
  COMFY_HEARTBEAT_MS: Type.Integer({ default: 5000, minimum: 100 }),
  COMFY_HEARTBEAT_TIMEOUT_MS: Type.Integer({ default: 2000, minimum: 50 }),
  COMFY_HEARTBEAT_MISSES: Type.Integer({ default: 3, minimum: 1, description: 'missed heartbeats before an instance counts as hung' }),
  COMFY_MAX_RESTARTS: Type.Integer({ default: 5, minimum: 0, description: 'automatic restarts within 10 minutes before giving up' }),
  COMFY_STOP_GRACE_MS: Type.Integer({ default: 10_000, minimum: 100, description: 'SIGTERM → SIGKILL delay' }),
  COMFY_STOP_ON_SHUTDOWN: Type.Boolean({ default: true, description: 'stop instances when the orchestrator stops (false: leave them to be re-adopted)' }),
  COMFY_PUBLIC_URL: UrlString(['http', 'https'], 'the ComfyUI origin browsers open instances on (the gateway\'s COMFY_ORIGIN_PORT, or its own host on the ingress), e.g. https://comfy.example.com'),
  COMFY_SESSION_TTL_SEC: Type.Integer({ default: 43_200, minimum: 60, description: 'life of the browser cookie a ticket is exchanged for' }),
  COMFY_ENV_PASSTHROUGH: Type.String({
    default: '',
    pattern: '^([A-Za-z_][A-Za-z0-9_]*(,[A-Za-z_][A-Za-z0-9_]*)*)?$',
    description: 'comma-separated variable names handed to instances besides PATH, LANG, TZ (HOME and CUDA_VISIBLE_DEVICES are set per instance)',
  }),
  COMFY_INSTANCE_UID_BASE: Type.Optional(
    Type.Integer({
      minimum: 1000,
      maximum: 4_000_000_000,
      description: 'run each project\'s instance as uid/gid base+projectId, its folder 0700 and its own (needs root); unset: the orchestrator\'s user',
    }),
  ),
  COMFY_MAX_PROMPT_BYTES: Type.Integer({ default: 8_388_608, minimum: 1024, description: 'largest POST /prompt body (413 above)' }),
  COMFY_MAX_UPLOAD_BYTES: Type.Integer({ default: 209_715_200, minimum: 1024, description: 'largest streamed body of any other proxied request, e.g. uploads (413 above)' }),
});
export type Config = Static<typeof ConfigSchema>;
