import { DEFAULT_ZONE, createPlatformService, createServiceClient } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { generationConsumer } from './plugins/app/generation-consumer.js';
import { exportQueue, exportWorker } from './plugins/app/exports.js';
import { platformNames } from './plugins/app/names.js';
import dashboardRoutes from './routes/dashboard/index.js';
import exportRoutes from './routes/exports/index.js';
import logRoutes from './routes/logs/index.js';
import statsRoutes from './routes/stats/index.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'stats', config, logger: opts.logger });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  await app.register(generationConsumer, { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
  const internal = (url: string, name: string) => createServiceClient(url, { internalToken: config.INTERNAL_TOKEN, name });
  const projects = internal(config.PROJECTS_URL, 'projects');
  const orchestrator = internal(config.COMFY_ORCHESTRATOR_URL, 'comfy-orchestrator');
  const auth = internal(config.AUTH_URL, 'auth');
  const vectors = internal(config.VECTORS_URL, 'vectors');
  app.addHook('onClose', async () => {
    await Promise.all([projects.close(), orchestrator.close(), auth.close(), vectors.close()]);
  });
  const names = platformNames({ projects, auth }, app.log);
  // The calendar of day filters and of the rollup. Issue 11 item 2 makes it PLATFORM_TIMEZONE; it must be the
  // zone the rollup's days are counted in (ingest.ts).
  const zone = DEFAULT_ZONE;
  await app.register(logRoutes, { names, zone });
  await app.register(statsRoutes, { names, zone });
  await app.register(dashboardRoutes, { projects, orchestrator, vectors, auth });

  const exportSettings = { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, databaseUrl: config.DATABASE_URL, dir: config.EXPORT_DIR, ttlHours: config.EXPORT_TTL_HOURS, lockMs: config.EXPORT_LOCK_MS };
  const queue = exportQueue(exportSettings, app.log);
  const worker = config.EXPORT_WORKER === 'inprocess' ? exportWorker(exportSettings, app.log, names) : null;
  app.addHook('preClose', async () => {
    await worker?.close();
    await queue.close();
  });
  await app.register(exportRoutes, { queue, dir: config.EXPORT_DIR, waitMs: config.EXPORT_WAIT_MS, zone });
  return app;
}
