import { createPlatformService } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { connectionRepository } from './plugins/app/connection-repository.js';
import { secretBox } from './plugins/app/secret-box.js';
import { probeSource } from './plugins/app/source-probe.js';
import { vectorRepository } from './plugins/app/vector-repository.js';
import { vectorStorePlugin } from './plugins/external/vector-store.js';
import { embeddersPlugin } from './plugins/app/embedders/plugin.js';
import { createEmbedders } from './plugins/app/embedders/registry.js';
import embeddingRoutes from './routes/embeddings/index.js';
import connectionRoutes from './routes/connections/index.js';
import vectorInternalRoutes from './routes/internal/index.js';
import collectionRoutes from './routes/collections/index.js';
import searchRoutes from './routes/search/index.js';
import { tokenize } from './plugins/app/embedders/lexical.js';
import wizardRoutes from './routes/wizard/index.js';
import toolsRoutes from './routes/tools/index.js';
import kbRoutes from './routes/kb/index.js';
import { kbRepository } from './plugins/app/kb-repository.js';
import { sourceOpener } from './plugins/app/sources.js';
import { vectorJobs } from './plugins/app/vector-jobs.js';
import { vectorTaskRepository } from './plugins/app/vector-task-repository.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'vectors', config, logger: opts.logger });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  await app.register(vectorStorePlugin, { url: config.VECTOR_DB_URL, dataDir: config.VECTOR_DATA_DIR });
  await app.register(embeddersPlugin, { embedders: createEmbedders(config, { log: app.log }) });
  await app.register(embeddingRoutes, { embedders: app.embedders });
  const connections = connectionRepository(app.db);
  const secrets = secretBox(config.SECRETS_KEY, config.SECRETS_KEY_PREVIOUS);
  const vectors = vectorRepository(app.db);
  await app.register(connectionRoutes, { connections, vectors, secrets, probe: probeSource, timeoutMs: config.SOURCE_CONNECT_TIMEOUT_MS });
  const openSource = sourceOpener({ connections, secrets, timeoutMs: config.SOURCE_CONNECT_TIMEOUT_MS });
  const tasks = vectorTaskRepository(app.db);
  const jobs = vectorJobs(
    {
      connection: { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, log: app.log },
      zone: config.PLATFORM_TIMEZONE,
      lockMs: config.VECTOR_JOB_LOCK_MS,
      work: config.VECTOR_WORKER === 'inprocess',
      concurrency: config.VECTOR_JOB_CONCURRENCY,
    },
    { vectors, tasks, store: app.vectorStore, embedders: app.embedders, openSource, log: app.log },
  );
  app.addHook('onClose', () => jobs.close());
  // The sync schedules follow the collections' settings; a Redis that is down now is caught up at the next start.
  app.addHook('onReady', async () => {
    await jobs.reconcile(await vectors.scheduled()).catch((err: unknown) => app.log.warn({ err }, 'could not reconcile the sync schedules'));
  });
  await app.register(collectionRoutes, {
    vectors, tasks, connections, jobs, store: app.vectorStore, embedders: app.embedders, openSource, zone: config.PLATFORM_TIMEZONE,
  });
  await app.register(wizardRoutes, { connections, open: openSource, defaultModel: app.embedders.defaultModel });
  await app.register(searchRoutes, { vectors, store: app.vectorStore, embedders: app.embedders, tokenize });
  await app.register(toolsRoutes, { maxBytes: config.LLM_CLEAN_MAX_BYTES });
  await app.register(kbRoutes, { kbs: kbRepository(app.db), vectors, store: app.vectorStore, embedders: app.embedders, tokenize });
  await app.register(vectorInternalRoutes, { prefix: '/internal', internalToken: config.INTERNAL_TOKEN, vectors });
  return app;
}
