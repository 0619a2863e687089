// A separate build and sync worker: the vectors image with another command, for a vector store that other
// processes can reach (VECTOR_DB_URL). BullMQ spreads builds and syncs over every worker; a worker killed
// mid-build leaves its job to another, which carries on from the last committed page.
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { createPrisma } from '@app/db';
import { ConfigError, loadConfig } from '@app/service-kit/config';
import { ConfigSchema } from './config.js';
import { connectionRepository } from './plugins/app/connection-repository.js';
import { createEmbedders } from './plugins/app/embedders/registry.js';
import { secretBox } from './plugins/app/secret-box.js';
import { sourceOpener } from './plugins/app/sources.js';
import { vectorJobs } from './plugins/app/vector-jobs.js';
import { vectorRepository } from './plugins/app/vector-repository.js';
import { vectorTaskRepository } from './plugins/app/vector-task-repository.js';
import { openVectorStore } from './plugins/external/vector-store.js';

let config;
let embedders;
try {
  config = loadConfig(ConfigSchema);
  // The in-process PGlite store belongs to the vectors service's own process: a worker needs a shared one.
  if (!config.VECTOR_DB_URL) throw new ConfigError(['VECTOR_DB_URL: a separate vector worker needs a PostgreSQL with pgvector']);
  embedders = createEmbedders(config);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`vectors-worker: ${err.message}\n`);
  process.exit(1);
}
const log = pino({ level: config.LOG_LEVEL, base: { service: 'vectors-worker' } });
const db = createPrisma(config.DATABASE_URL);
const store = await openVectorStore({ url: config.VECTOR_DB_URL, dataDir: config.VECTOR_DATA_DIR });
const connections = connectionRepository(db);
const jobs = vectorJobs(
  {
    connection: { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, log },
    zone: config.PLATFORM_TIMEZONE,
    lockMs: config.VECTOR_JOB_LOCK_MS,
    work: true,
    concurrency: config.VECTOR_JOB_CONCURRENCY,
  },
  {
    vectors: vectorRepository(db),
    tasks: vectorTaskRepository(db),
    store,
    embedders,
    openSource: sourceOpener({ connections, secrets: secretBox(config.SECRETS_KEY, config.SECRETS_KEY_PREVIOUS), timeoutMs: config.SOURCE_CONNECT_TIMEOUT_MS }),
    log,
  },
);
log.info('vector worker started');
closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'fatal error, shutting down');
  else log.info({ signal }, 'shutting down');
  await jobs.close();
  await store.close();
  await db.$disconnect();
});
