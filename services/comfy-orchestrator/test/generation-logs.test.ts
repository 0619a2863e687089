// The generation-log publisher on real Redis/BullMQ: ids without ':' (BullMQ refuses them), one job per
// prompt and status, and a restart that finds an instance gone publishes `failed` instead of crashing.
import t from 'tap';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { QUEUES } from '@app/contracts';
import { bullPrefix } from '@app/service-kit';
import { testRedisUrl, uniqueKeyPrefix } from '@app/testing';
import { generationLogs } from '../src/plugins/app/generation-logs.js';

const prefix = uniqueKeyPrefix('genlogs');
const redis = new Redis(testRedisUrl(), { keyPrefix: prefix });
const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
const queue = new Queue(QUEUES.generationLogs, { connection, prefix: bullPrefix(prefix) });
t.teardown(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
  connection.disconnect();
});

async function jobs() {
  return (await queue.getJobs(['waiting', 'delayed', 'completed', 'failed'])).map((j) => ({ id: j.id, ...j.data }));
}

t.test('a watched prompt whose instance is gone after a restart is logged failed, once', async (t) => {
  const watch = { promptId: 'p-1', serviceId: 's-1', userId: 3, projectId: 4, port: 9, submittedAt: Date.now() - 2000 };
  await redis.hset('comfy:watches', watch.promptId, JSON.stringify(watch));
  const logs = generationLogs({ jobs: { redisUrl: testRedisUrl(), keyPrefix: prefix, log: pino({ level: 'silent' }) }, redis, isRunning: async () => false });
  t.teardown(() => logs.close());
  t.equal(await logs.resume(), 1);
  let found: Awaited<ReturnType<typeof jobs>> = [];
  for (let i = 0; i < 50 && !found.length; i++) {
    found = (await jobs()).filter((j) => j.promptId === 'p-1');
    await new Promise((r) => setTimeout(r, 100));
  }
  t.equal(found.length, 1);
  t.match(found[0], { id: 'p-1-failed', status: 'failed', userId: 3, projectId: 4, serviceId: 's-1', details: { error: /stopped/ } });
  t.ok(found[0].durationMs! >= 2000);
  t.equal(await redis.hlen('comfy:watches'), 0, 'the watch is done');
});
