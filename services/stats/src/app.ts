import { createPlatformService } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { generationConsumer } from './plugins/app/generation-consumer.js';
import logRoutes from './routes/logs/index.js';
import statsRoutes from './routes/stats/index.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'stats', config, logger: opts.logger });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  await app.register(generationConsumer, { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
  await app.register(logRoutes);
  await app.register(statsRoutes);
  return app;
}
