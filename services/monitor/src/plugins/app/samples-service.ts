import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import resourcesRoutes from '../../routes/dashboard/resources.js';
import serverStatsRoutes from '../../routes/server/stats.js';
import { clusterSamples, samplesRedis } from './samples-cluster.js';
import { createProbe } from './samples-probe.js';
import { samplesBoard, startSampler } from './samples.js';

/**
 * The server monitor (GET /api/server/stats, GET /api/dashboard/resources): this node sampled in the background
 * every MONITOR_INTERVAL_MS, the other nodes as their agents publish them to Redis (MONITOR_REDIS_URL).
 */
export async function serveSamples(app: FastifyInstance, config: Config) {
  const self = config.MONITOR_NODE_NAME ?? os.hostname();
  const sampler = startSampler(createProbe({ diskIntervalMs: config.MONITOR_DISK_INTERVAL_MS, hostRoot: config.MONITOR_HOST_ROOT }), { intervalMs: config.MONITOR_INTERVAL_MS, historyMs: config.MONITOR_HISTORY_MS, log: app.log });
  const redis = samplesRedis(config.MONITOR_REDIS_URL ?? config.REDIS_URL, config.REDIS_KEY_PREFIX, app.log);
  const board = samplesBoard({ self, intervalMs: config.MONITOR_INTERVAL_MS, sampler, cluster: clusterSamples(redis, { historyMs: config.MONITOR_HISTORY_MS }), log: app.log });
  app.addHook('onClose', async () => {
    await board.close();
    await sampler.stop();
    redis.disconnect();
  });
  await app.register(serverStatsRoutes, { board });
  await app.register(resourcesRoutes, { board });
}
