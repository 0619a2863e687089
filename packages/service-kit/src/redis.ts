import type { FastifyBaseLogger } from 'fastify';
import { Redis, type RedisOptions } from 'ioredis';
import { outageLog } from './outage.js';

/**
 * HTTP paths fail fast (a request must not hang on a Redis outage); BullMQ workers need
 * `maxRetriesPerRequest: null` per BullMQ's production guide — pass `{ forWorker: true }`.
 */
export function createRedis(url: string, opts: { forWorker?: boolean; name?: string; keyPrefix?: string; log?: FastifyBaseLogger } = {}): Redis {
  const options: RedisOptions = opts.forWorker
    ? { maxRetriesPerRequest: null, enableReadyCheck: true }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 3000, commandTimeout: 3000 };
  const client = new Redis(url, { ...options, connectionName: opts.name, keyPrefix: opts.keyPrefix || undefined, lazyConnect: false });
  // Without a listener ioredis prints unhandled errors; reconnection is automatic, readiness reports outages,
  // and the service's log says it once (then with backoff) rather than at every reconnect attempt.
  const outage = opts.log && outageLog(opts.log, 'redis');
  client.on('error', (err) => outage?.down(err));
  client.on('ready', () => outage?.up());
  return client;
}

export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
