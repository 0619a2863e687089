import { resolve } from 'node:path';
import { createPlatformService } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { comfyAccess } from './plugins/app/access.js';
import { comfyuiServiceRepository } from './plugins/app/comfyui-service-repository.js';
import { generationLogs } from './plugins/app/generation-logs.js';
import { instanceNamer } from './plugins/app/names.js';
import { portPool } from './plugins/app/port-pool.js';
import { Supervisor } from './plugins/app/supervisor.js';
import internalRoutes from './routes/internal/index.js';
import proxyRoutes from './routes/proxy/index.js';
import servicesRoutes from './routes/services/index.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'comfy-orchestrator', config, logger: opts.logger });
  await app.register(dbPlugin, { url: config.DATABASE_URL });

  let command = config.COMFYUI_COMMAND;
  if (!command) {
    command = (await import('@app/comfyui-sim')).simulatorCommand();
    app.log.warn('COMFYUI_COMMAND is not set: instances run the bundled ComfyUI SIMULATOR, not real ComfyUI');
  }
  // Switching to another uid needs root; refuse to boot rather than run instances as ourselves.
  if (config.COMFY_INSTANCE_UID_BASE !== undefined && process.getuid?.() !== 0) {
    throw new Error('COMFY_INSTANCE_UID_BASE is set but the orchestrator is not running as root: it cannot switch instances to their own uid');
  }
  const instances = comfyuiServiceRepository(app.db);
  const ports = portPool(config.COMFY_PORT_RANGE, () => instances.portsInUse());
  const supervisor = new Supervisor(
    instances,
    ports,
    {
      command,
      dataDir: resolve(config.COMFY_DATA_DIR),
      gpus: config.COMFY_GPUS ? config.COMFY_GPUS.split(',') : [],
      startTimeoutMs: config.COMFY_START_TIMEOUT_MS,
      heartbeatMs: config.COMFY_HEARTBEAT_MS,
      heartbeatTimeoutMs: config.COMFY_HEARTBEAT_TIMEOUT_MS,
      heartbeatMisses: config.COMFY_HEARTBEAT_MISSES,
      maxRestarts: config.COMFY_MAX_RESTARTS,
      stopGraceMs: config.COMFY_STOP_GRACE_MS,
      idleMinutes: config.COMFY_IDLE_MINUTES,
      envPassthrough: config.COMFY_ENV_PASSTHROUGH ? config.COMFY_ENV_PASSTHROUGH.split(',') : [],
      uidBase: config.COMFY_INSTANCE_UID_BASE,
    },
    app.log,
  );
  const logs = generationLogs({
    jobs: { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, log: app.log },
    redis: app.redis,
    isRunning: async (serviceId) => (await instances.status(serviceId)) === 'running',
  });
  const access = comfyAccess(app.redis, { sessionTtlSec: config.COMFY_SESSION_TTL_SEC, revocation: app.revocationCheck });

  app.addHook('onReady', async () => {
    await supervisor.adopt();
    await logs.resume();
    supervisor.startHeartbeats();
  });
  // Before the database and Redis close: instances are stopped (or left for re-adoption) first.
  app.addHook('preClose', async () => {
    await supervisor.close(config.COMFY_STOP_ON_SHUTDOWN);
    await logs.close();
  });

  const names = instanceNamer({ authUrl: config.AUTH_URL, projectsUrl: config.PROJECTS_URL, internalToken: config.INTERNAL_TOKEN }, app.log);
  app.addHook('onClose', () => names.close());

  await app.register(servicesRoutes, { instances, supervisor, names });
  await app.register(internalRoutes, { prefix: '/internal', instances, supervisor, access, internalToken: config.INTERNAL_TOKEN, publicUrl: config.COMFY_PUBLIC_URL.replace(/\/+$/, '') });
  await app.register(proxyRoutes, {
    instances,
    supervisor,
    access,
    logs,
    sessionTtlSec: config.COMFY_SESSION_TTL_SEC,
    maxPromptBytes: config.COMFY_MAX_PROMPT_BYTES,
    maxUploadBytes: config.COMFY_MAX_UPLOAD_BYTES,
  });
  return app;
}
