import { Queue, UnrecoverableError, Worker, type AdvancedRepeatOptions, type BulkJobOptions, type Job, type JobsOptions, type Processor, type WorkerOptions } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import { Compile } from 'typebox/compile';
import { QUEUE_PAYLOADS, type QueueName, type QueuePayload } from '@app/contracts';
import { closeRedis, createRedis } from './redis.js';
import { outageLog, outageOf } from './outage.js';

/** A queue's or worker's error: a Redis outage goes to the outage log (once, then with backoff), the rest is logged. */
export function reportError(log: FastifyBaseLogger, err: Error, fields: object, msg: string) {
  if (outageOf(err, 'redis') === 'redis') outageLog(log, 'redis').down(err);
  else log.warn({ err, ...fields }, msg);
}

/** BullMQ refuses ioredis keyPrefix; its own `prefix` namespaces every queue with REDIS_KEY_PREFIX instead. */
export const bullPrefix = (keyPrefix: string) => `${keyPrefix}bull`;

export interface JobsConnection {
  redisUrl: string;
  keyPrefix: string;
  log: FastifyBaseLogger;
}

/** A job payload its queue's schema (contracts' QUEUE_PAYLOADS) does not accept. */
export class InvalidJobPayloadError extends Error {
  constructor(
    readonly queue: QueueName,
    readonly problems: string[],
  ) {
    super(`invalid ${queue} job payload: ${problems.join('; ')}`);
    this.name = 'InvalidJobPayloadError';
  }
}

const checkers = new Map<QueueName, ReturnType<typeof Compile>>();

/** What is wrong with `data` as a job of `queue` (its schema compiled once); empty when nothing is. */
function payloadProblems(queue: QueueName, data: unknown): string[] {
  let checker = checkers.get(queue);
  if (!checker) checkers.set(queue, (checker = Compile(QUEUE_PAYLOADS[queue])));
  return checker.Check(data) ? [] : checker.Errors(data).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

function assertPayload(queue: QueueName, data: unknown): void {
  const problems = payloadProblems(queue, data);
  if (problems.length) throw new InvalidJobPayloadError(queue, problems);
}

/** A queue whose `add` and `addBulk` refuse a payload that does not match its schema, before it reaches Redis. */
class CheckedQueue<T> extends Queue<T, unknown, string, T, unknown, string> {
  // `add` goes through `addJob`, BullMQ's hook for subclasses that wrap it.
  protected override addJob(name: string, data: T, opts?: JobsOptions) {
    assertPayload(this.name as QueueName, data);
    return super.addJob(name, data, opts);
  }

  override async addBulk(jobs: { name: string; data: T; opts?: BulkJobOptions }[]) {
    for (const job of jobs) assertPayload(this.name as QueueName, job.data);
    return super.addBulk(jobs);
  }
}

/**
 * A producer on its own connection (failing fast, as HTTP paths must), with an error listener and one close.
 * `add` rejects with InvalidJobPayloadError when the payload does not match the queue's schema. `settings` carries
 * a repeat strategy for job schedulers (the worker needs the same one).
 */
export function openQueue<N extends QueueName>(name: N, c: JobsConnection, defaultJobOptions?: JobsOptions, settings?: AdvancedRepeatOptions) {
  const connection = createRedis(c.redisUrl, { name: `${name}-queue`, log: c.log });
  const queue = new CheckedQueue<QueuePayload<N>>(name, { connection, prefix: bullPrefix(c.keyPrefix), defaultJobOptions, settings });
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
 * failure listeners, one close (the worker first, then its connection). A job whose payload does not match
 * the queue's schema fails at once, without retries (a retry would not change it), and `process` never sees it.
 */
export function openWorker<N extends QueueName>(
  name: N,
  c: JobsConnection,
  process: Processor<QueuePayload<N>>,
  opts: Omit<WorkerOptions, 'connection' | 'prefix'> & { onFailed?: (job: Job<QueuePayload<N>> | undefined, err: Error) => void } = {},
) {
  const { onFailed, ...options } = opts;
  const connection = createRedis(c.redisUrl, { name: `${name}-worker`, forWorker: true, log: c.log });
  const checked: Processor<QueuePayload<N>> = async (job, token, signal) => {
    const problems = payloadProblems(name, job.data);
    if (problems.length) throw new UnrecoverableError(new InvalidJobPayloadError(name, problems).message);
    return process(job, token, signal);
  };
  const worker = new Worker<QueuePayload<N>>(name, checked, { ...options, connection, prefix: bullPrefix(c.keyPrefix) });
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
