// Job payloads are checked against their queue's schema (contracts' QUEUE_PAYLOADS) on both sides, with
// real Redis: `add` refuses a payload that does not match before it reaches Redis, and the worker fails one
// that got there anyway (an older or foreign producer) at once, without retries, never running the job.
import pino from 'pino';
import t from 'tap';
import { Queue, UnrecoverableError, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES, type AuditJob } from '@app/contracts';
import { bullPrefix, InvalidJobPayloadError, openQueue, openWorker } from '../src/index.js';
import { testRedisUrl, uniqueKeyPrefix, until } from '@app/testing';

const keyPrefix = uniqueKeyPrefix('jobs');
const connection = { redisUrl: testRedisUrl(), keyPrefix, log: pino({ level: 'silent' }) };

const audit = (over: Partial<AuditJob> = {}): AuditJob => ({
  userId: 1,
  ip: '10.0.0.1',
  method: 'POST',
  path: '/api/projects',
  route: '/api/projects',
  status: 201,
  durationMs: 12.5,
  requestId: 'req-1',
  at: new Date().toISOString(),
  ...over,
});

t.teardown(async () => {
  // Every key this file wrote, so the shared Redis is left as found.
  const redis = new Redis(testRedisUrl());
  const keys = await redis.keys(`${bullPrefix(keyPrefix)}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

t.test('add refuses a payload that does not match the queue schema, naming what is wrong; nothing reaches Redis', async (t) => {
  const { queue, close } = openQueue(QUEUES.audit, connection);
  t.teardown(close);

  const error = await queue.add('audit', { ...audit(), status: 'created', at: 'yesterday' } as never).then(
    () => null,
    (err: unknown) => err,
  );
  t.ok(error instanceof InvalidJobPayloadError, 'InvalidJobPayloadError');
  t.match((error as InvalidJobPayloadError).message, /^invalid audit-logs job payload: /);
  t.match((error as InvalidJobPayloadError).problems, [/^\/status /, /^\/at /], 'each wrong field named');
  await t.rejects(queue.add('audit', { ip: '10.0.0.1' } as never), InvalidJobPayloadError, 'missing fields');
  await t.rejects(
    queue.addBulk([{ name: 'audit', data: audit() }, { name: 'audit', data: audit({ userId: 'root' as never }) }]),
    InvalidJobPayloadError,
    'addBulk checks every job, and adds none when one is wrong',
  );
  t.same(await queue.getJobCounts('waiting', 'delayed', 'active', 'failed'), { waiting: 0, delayed: 0, active: 0, failed: 0 });

  const job = await queue.add('audit', audit({ detail: { body: { name: 'x' } } }));
  t.ok(job.id, 'a payload that matches is queued');
  await queue.obliterate({ force: true });
});

t.test('the worker fails a payload that does not match as unrecoverable, without running it; a good one runs', async (t) => {
  // A producer that does not check (another version, another tool) puts both on the queue.
  const redis = new Redis(testRedisUrl());
  const raw = new Queue(QUEUES.exports, { connection: redis, prefix: bullPrefix(keyPrefix) });
  t.teardown(async () => {
    await raw.close();
    redis.disconnect();
  });
  const bad = await raw.add('export', { taskId: 't-bad', userId: 'someone', allUsers: false }, { attempts: 3 });
  const good = await raw.add('export', { taskId: 't-good', userId: 7, allUsers: false, filters: { status: 'success' } }, { attempts: 3 });

  const processed: string[] = [];
  const failures: { id?: string; err: Error }[] = [];
  const { close } = openWorker(
    QUEUES.exports,
    connection,
    async (job) => {
      processed.push(job.data.taskId);
      return { rows: 0 };
    },
    { onFailed: (job, err) => failures.push({ id: job?.id, err }) },
  );
  t.teardown(close);

  const state = async (job: Job) => (await raw.getJob(job.id!))!.getState();
  await until(async () => [await state(bad), await state(good)], ([b, g]) => b === 'failed' && g === 'completed', 10_000, 'both jobs settled');
  t.same(processed, ['t-good'], 'the processor never saw the bad payload');
  const failed = (await raw.getJob(bad.id!))!;
  t.equal(failed.attemptsMade, 1, 'not retried, though 3 attempts were allowed');
  t.match(failed.failedReason, /^invalid exports job payload: .*\/userId .*integer/);
  t.equal(failures.length, 1);
  t.equal(failures[0]!.id, bad.id);
  t.ok(failures[0]!.err instanceof UnrecoverableError, 'onFailed is told it is unrecoverable');
  await raw.obliterate({ force: true });
});
