import { createPlatformService } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { connectionRepository } from './plugins/app/connection-repository.js';
import { secretBox } from './plugins/app/secret-box.js';
import { probeSource } from './plugins/app/source-probe.js';
import { vectorRepository } from './plugins/app/vector-repository.js';
import { vectorStorePlugin } from './plugins/external/vector-store.js';
import connectionRoutes from './routes/connections/index.js';
import vectorInternalRoutes from './routes/internal/index.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'vectors', config, logger: opts.logger });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  await app.register(vectorStorePlugin, { url: config.VECTOR_DB_URL, dataDir: config.VECTOR_DATA_DIR });
  await app.register(connectionRoutes, {
    connections: connectionRepository(app.db),
    secrets: secretBox(config.SECRETS_KEY),
    probe: probeSource,
    timeoutMs: config.SOURCE_CONNECT_TIMEOUT_MS,
  });
  await app.register(vectorInternalRoutes, { prefix: '/internal', internalToken: config.INTERNAL_TOKEN, vectors: vectorRepository(app.db) });
  return app;
}
