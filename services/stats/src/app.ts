import { createPlatformService, createServiceClient } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { generationConsumer } from './plugins/app/generation-consumer.js';
import { exportQueue, exportWorker } from './plugins/app/exports.js';
import dashboardRoutes from './routes/dashboard/index.js';
import exportRoutes from './routes/exports/index.js';
import logRoutes from './routes/logs/index.js';
import statsRoutes from './routes/stats/index.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'stats', config, logger: opts.logger });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  await app.register(generationConsumer, { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
  await app.register(logRoutes);
  await app.register(statsRoutes);
  const internal = (url: string, name: string) => createServiceClient(url, { internalToken: config.INTERNAL_TOKEN, name });
  const projects = internal(config.PROJECTS_URL, 'projects');
  const orchestrator = internal(config.COMFY_ORCHESTRATOR_URL, 'comfy-orchestrator');
  app.addHook('onClose', async () => {
    await projects.close();
    await orchestrator.close();
  });
  await app.register(dashboardRoutes, { projects, orchestrator });

  const exportSettings = { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, databaseUrl: config.DATABASE_URL, dir: config.EXPORT_DIR, ttlHours: config.EXPORT_TTL_HOURS, lockMs: config.EXPORT_LOCK_MS };
  const queue = exportQueue(exportSettings, app.log);
  const worker = config.EXPORT_WORKER === 'inprocess' ? exportWorker(app.db, exportSettings, app.log) : null;
  app.addHook('preClose', async () => {
    await worker?.close();
    await queue.close();
  });
  await app.register(exportRoutes, { queue, dir: config.EXPORT_DIR, waitMs: config.EXPORT_WAIT_MS });
  return app;
}
