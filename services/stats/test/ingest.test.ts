import t from 'tap';
import { createPrisma } from '@app/db';
import { createTestDatabase } from '@app/testing';
import { generationLogRepository, type LogItem } from '../src/plugins/app/generation-log-repository.js';

const db = createPrisma(await createTestDatabase(t));
const logs = generationLogRepository(db);
t.teardown(() => db.$disconnect());
const day = async () => db.generationDaily.findMany({ orderBy: [{ day: 'asc' }, { projectId: 'asc' }] });
const item = (over: Partial<LogItem>): LogItem => ({ key: 'p1', userId: 1, projectId: 2, status: 'running', timestamp: new Date('2026-11-20T10:00:00Z'), ...over });

t.test('a prompt: running, then its end, counts once; retries and late arrivals change nothing', async (t) => {
  t.same(await logs.ingest([item({})], 'UTC'), { inserted: 1, completed: 0, duplicates: 0 });
  t.match(await day(), [{ total: 1, success: 0, failed: 0 }]);
  t.same(await logs.ingest([item({})], 'UTC'), { inserted: 0, completed: 0, duplicates: 1 }, 'the same running again');
  t.same(await logs.ingest([item({ status: 'success', durationMs: 1500, timestamp: new Date('2026-11-21T00:00:05Z') })], 'UTC'), { inserted: 0, completed: 1, duplicates: 0 });
  t.match(await day(), [{ total: 1, success: 1, failed: 0 }], 'counted on the day it started');
  t.same(await logs.ingest([item({ status: 'success' })], 'UTC'), { inserted: 0, completed: 0, duplicates: 1 }, 'the end again');
  t.same(await logs.ingest([item({ status: 'failed' })], 'UTC'), { inserted: 0, completed: 0, duplicates: 1 }, 'a contradicting end is ignored');
  t.same(await logs.ingest([item({ status: 'running' })], 'UTC'), { inserted: 0, completed: 0, duplicates: 1 }, 'a late running');
  const log = await db.generationLog.findFirstOrThrow({ where: { clientId: 'p1' } });
  t.equal(log.status, 'success');
  t.equal(log.durationMs, 1500);
});

t.test('an end that arrives first, and both in one batch', async (t) => {
  t.same(await logs.ingest([item({ key: 'p2', status: 'failed' })], 'UTC'), { inserted: 1, completed: 0, duplicates: 0 });
  t.same(await logs.ingest([item({ key: 'p2' })], 'UTC'), { inserted: 0, completed: 0, duplicates: 1 });
  t.same(await logs.ingest([item({ key: 'p3' }), item({ key: 'p3', status: 'success', timestamp: new Date('2026-11-20T10:00:03Z') })], 'UTC'), { inserted: 1, completed: 0, duplicates: 1 });
  const rows = await day();
  t.match(rows, [{ total: 3, success: 2, failed: 1 }]);
});
