// A separate export worker: the stats image with another command (docker-compose `stats-worker`, the k8s
// Deployment of the same name). Scales on its own; BullMQ spreads the jobs over every worker.
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { ConfigError, loadConfig } from '@app/service-kit/config';
import { createServiceClient } from '@app/service-kit/service-client';
import { ConfigSchema } from './config.js';
import { exportWorker } from './plugins/app/exports.js';
import { platformNames } from './plugins/app/names.js';

let config;
try {
  config = loadConfig(ConfigSchema);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`stats-worker: ${err.message}\n`);
  process.exit(1);
}
const log = pino({ level: config.LOG_LEVEL, base: { service: 'stats-worker' } });
const peer = (url: string, name: string) => createServiceClient(url, { internalToken: config.INTERNAL_TOKEN, name });
const projects = peer(config.PROJECTS_URL, 'projects');
const auth = peer(config.AUTH_URL, 'auth');
const worker = exportWorker(
  { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, databaseUrl: config.DATABASE_URL, dir: config.EXPORT_DIR, ttlHours: config.EXPORT_TTL_HOURS, lockMs: config.EXPORT_LOCK_MS, zone: config.PLATFORM_TIMEZONE },
  log,
  platformNames({ projects, auth }, log),
);
log.info('export worker started');
closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'fatal error, shutting down');
  else log.info({ signal }, 'shutting down');
  await worker.close();
  await Promise.all([projects.close(), auth.close()]);
});
