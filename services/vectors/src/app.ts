import { createPlatformService } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { vectorRepository } from './plugins/app/vector-repository.js';
import { vectorStorePlugin } from './plugins/external/vector-store.js';
import vectorInternalRoutes from './routes/internal/index.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'vectors', config, logger: opts.logger });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  await app.register(vectorStorePlugin, { url: config.VECTOR_DB_URL, dataDir: config.VECTOR_DATA_DIR });
  await app.register(vectorInternalRoutes, { prefix: '/internal', internalToken: config.INTERNAL_TOKEN, vectors: vectorRepository(app.db) });
  return app;
}
