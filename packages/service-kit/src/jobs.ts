import { Queue, Worker, type Job, type JobsOptions, type Processor, type WorkerOptions } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import type { QueueName } from '@app/contracts';
import { closeRedis, createRedis } from './redis.js';
import { outageLog, outageOf } from './outage.js';

/** A queue's or worker's error: a Redis outage goes to the outage log (once, then with backoff), the rest is logged. */
export function reportError(log: FastifyBaseLogger, err: Error, fields: object, msg: string) {
  if (outageOf(err) === 'redis' || (err as { code?: string }).code === 'ECONNREFUSED') outageLog(log, 'redis').down(err);
  else log.warn({ err, ...fields }, msg);
}

/** BullMQ refuses ioredis keyPrefix; its own `prefix` namespaces every queue with REDIS_KEY_PREFIX instead. */
export const bullPrefix = (keyPrefix: string) => `${keyPrefix}bull`;

export interface JobsConnection {
  redisUrl: string;
  keyPrefix: string;
  log: FastifyBaseLogger;
}

/** A producer on its own connection (failing fast, as HTTP paths must), with an error listener and one close. */
export function openQueue<T>(name: QueueName, c: JobsConnection, defaultJobOptions?: JobsOptions) {
  const connection = createRedis(c.redisUrl, { name: `${name}-queue`, log: c.log });
  const queue = new Queue<T>(name, { connection, prefix: bullPrefix(c.keyPrefix), defaultJobOptions });
  queue.on('error', (err) => reportError(c.log, err, { queue: name }, 'queue error'));
  return {
    queue,
    async close() {
      await queue.close();
      await closeRedis(connection);
    },
  };
}

/**
 * A consumer per BullMQ's production guide: its own connection with `maxRetriesPerRequest: null`, error and
 * failure listeners, one close (the worker first, then its connection).
 */
export function openWorker<T>(
  name: QueueName,
  c: JobsConnection,
  process: Processor<T>,
  opts: Omit<WorkerOptions, 'connection' | 'prefix'> & { onFailed?: (job: Job<T> | undefined, err: Error) => void } = {},
) {
  const { onFailed, ...options } = opts;
  const connection = createRedis(c.redisUrl, { name: `${name}-worker`, forWorker: true, log: c.log });
  const worker = new Worker<T>(name, process, { ...options, connection, prefix: bullPrefix(c.keyPrefix) });
  worker.on('error', (err) => reportError(c.log, err, { queue: name }, 'worker error'));
  worker.on('failed', (job, err) => {
    c.log.error({ err, queue: name, jobId: job?.id, attempt: job?.attemptsMade }, 'job failed');
    onFailed?.(job, err);
  });
  return {
    worker,
    async close() {
      await worker.close();
      await closeRedis(connection);
    },
  };
}
