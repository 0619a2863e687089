import { createPlatformService, createServiceClient, nameResolver } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { healthBoard } from './plugins/app/health.js';
import { platformProbes } from './plugins/app/health-targets.js';
import { taskQueues } from './plugins/app/tasks-queues.js';
import { tasksRepository } from './plugins/app/tasks-repository.js';
import nodesRoutes from './routes/dashboard/nodes.js';
import tasksRoutes from './routes/dashboard/tasks.js';
import { serveSamples } from './plugins/app/samples-service.js';

export interface MonitorOptions {
  logger?: boolean | object;
  /**
   * The Redis the health view reports (default REDIS_URL, the one every service uses). The monitor's own
   * Redis must be up for it to authenticate anyone (revocation fails closed), so watching that one going down
   * needs another to be watched.
   */
  watchedRedisUrl?: string;
}

export async function buildApp(config: Config, opts: MonitorOptions = {}) {
  const app = await createPlatformService({ service: 'monitor', config, logger: opts.logger });
  await app.register(dbPlugin, { url: config.DATABASE_URL });

  // Health of the platform's parts (GET /api/dashboard/nodes).
  const board = healthBoard(platformProbes(app, config, opts.watchedRedisUrl), { intervalMs: config.MONITOR_INTERVAL_MS, timeoutMs: config.HEALTH_PROBE_TIMEOUT_MS });
  await app.register(nodesRoutes, { board });

  // Background tasks with their live queue state (GET /api/dashboard/tasks, /:id).
  const queues = taskQueues({ redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, log: app.log }, config.HEALTH_PROBE_TIMEOUT_MS);
  const auth = createServiceClient(config.AUTH_URL, { internalToken: config.INTERNAL_TOKEN, name: 'auth' });
  app.addHook('onClose', async () => {
    await Promise.all([queues.close(), auth.close()]);
  });
  await app.register(tasksRoutes, { tasks: tasksRepository(app.db), queues, userNames: nameResolver(auth, '/internal/users/names', app.log), zone: config.PLATFORM_TIMEZONE });

  // This node's samples and the agents' (GET /api/server/stats, GET /api/dashboard/resources).
  await serveSamples(app, config);
  return app;
}
