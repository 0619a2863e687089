import { createPlatformService, createServiceClient } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { generationConsumer } from './plugins/app/generation-consumer.js';
import { exportQueue, exportWorker } from './plugins/app/exports.js';
import { generationDailyRepository } from './plugins/app/generation-daily-repository.js';
import { generationLogRepository } from './plugins/app/generation-log-repository.js';
import { platformNames } from './plugins/app/names.js';
import { taskRepository } from './plugins/app/task-repository.js';
import dashboardRoutes from './routes/dashboard/index.js';
import exportRoutes from './routes/exports/index.js';
import logRoutes from './routes/logs/index.js';
import statsRoutes from './routes/stats/index.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'stats', config, logger: opts.logger });
  // The calendar of the rollup, of day filters, "today" and the exports' local times (api.md "Days and dates").
  const zone = config.PLATFORM_TIMEZONE;
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  await app.register(generationConsumer, { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, zone });
  const internal = (url: string, name: string) => createServiceClient(url, { internalToken: config.INTERNAL_TOKEN, name });
  const projects = internal(config.PROJECTS_URL, 'projects');
  const orchestrator = internal(config.COMFY_ORCHESTRATOR_URL, 'comfy-orchestrator');
  const auth = internal(config.AUTH_URL, 'auth');
  const vectors = internal(config.VECTORS_URL, 'vectors');
  app.addHook('onClose', async () => {
    await Promise.all([projects.close(), orchestrator.close(), auth.close(), vectors.close()]);
  });
  const names = platformNames({ projects, auth }, app.log);
  const logs = generationLogRepository(app.db);
  const daily = generationDailyRepository(app.db);
  await app.register(logRoutes, { names, zone, logs });
  await app.register(statsRoutes, { names, zone, logs, daily });
  await app.register(dashboardRoutes, { projects, orchestrator, vectors, auth, zone, daily });

  const exportSettings = { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, databaseUrl: config.DATABASE_URL, dir: config.EXPORT_DIR, ttlHours: config.EXPORT_TTL_HOURS, lockMs: config.EXPORT_LOCK_MS, zone };
  const queue = exportQueue(exportSettings, app.log);
  const worker = config.EXPORT_WORKER === 'inprocess' ? exportWorker(exportSettings, app.log, names) : null;
  app.addHook('preClose', async () => {
    await worker?.close();
    await queue.close();
  });
  await app.register(exportRoutes, { queue, tasks: taskRepository(app.db), dir: config.EXPORT_DIR, waitMs: config.EXPORT_WAIT_MS, zone });
  return app;
}
