// GET /api/dashboard/tasks and /:id through the real gateway: xl_tasks rows as stats and vectors write them,
// joined with real BullMQ jobs on the platform's queue names (in this file's own Redis key prefix).
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import t from 'tap';
import { QUEUES, type DashboardTask, type DashboardTasks } from '@app/contracts';
import { createPrisma } from '@app/db';
import { openQueue, openWorker } from '@app/service-kit';
import { until } from '@app/testing';
import { ADMIN_PASSWORD, startPlatform } from '../../gateway/test/platform.js';

// Days are Shanghai's: 2026-11-02T23:30Z is on 3 November there.
const p = await startPlatform(t, { backends: ['monitor'], env: { PLATFORM_TIMEZONE: 'Asia/Shanghai' } });
const db = createPrisma(p.env.DATABASE_URL);
t.teardown(() => db.$disconnect());
const alice = await p.createUser('alice', 'user');
const bob = await p.createUser('bob', 'user');
const tokens = { alice: await p.token('alice', 'alice-Pass-123'), bob: await p.token('bob', 'bob-Pass-123'), admin: await p.token('admin', ADMIN_PASSWORD) };

const task = async (type: string, userId: number, status: string, createdAt: string, progress = 0) =>
  (await db.task.create({ data: { type, userId, status, progress, createdAt: new Date(createdAt), payload: { by: 'test' } } })).id;
const t1 = await task('export', alice, 'completed', '2026-11-01T10:00:00Z', 100);
const t2 = await task('vector_build', alice, 'active', '2026-11-02T23:30:00Z', 10);
const t3 = await task('export', bob, 'failed', '2026-11-03T01:00:00Z');
const t4 = await task('vector_sync', bob, 'active', '2026-11-04T08:00:00Z');
const t5 = await task('export', alice, 'waiting', '2026-11-05T08:00:00Z');

// Their jobs, as the services' producers queue them (the job id is the task id), in every state.
const jobs = { redisUrl: p.env.REDIS_URL, keyPrefix: p.env.REDIS_KEY_PREFIX, log: pino({ level: 'silent' }) };
const exports = openQueue(QUEUES.exports, jobs);
const builds = openQueue(QUEUES.vectorBuild, jobs);
const syncs = openQueue(QUEUES.vectorSync, jobs);
t.teardown(async () => {
  for (const q of [exports, builds, syncs]) {
    await q.queue.obliterate({ force: true });
    await q.close();
  }
});
const exportJob = (taskId: string) => ({ taskId, userId: alice, allUsers: false, filters: {} });

// t1's export completes; t5's waits (no worker left); one more export is delayed for an hour.
await exports.queue.add('export', exportJob(t1), { jobId: t1 });
const exporter = openWorker(QUEUES.exports, jobs, async () => ({ ok: true }));
await until(() => exports.queue.getCompletedCount(), (n) => n === 1, 10_000, 't1 completed');
await exporter.close();
await exports.queue.add('export', exportJob(t5), { jobId: t5 });
await exports.queue.add('export', exportJob(randomUUID()), { delay: 3_600_000 });

// t2's build runs, at 42 %, until the file ends; t4's sync fails.
let release = () => {};
const held = new Promise<void>((resolve) => (release = resolve));
const builder = openWorker(QUEUES.vectorBuild, jobs, async (job) => {
  await job.updateProgress(42);
  await held;
});
t.teardown(async () => {
  release();
  await builder.close();
});
await builds.queue.add('build', { taskId: t2, vectorId: 1 }, { jobId: t2 });
const syncer = openWorker(QUEUES.vectorSync, jobs, async () => {
  throw new Error('source database unreachable');
});
await syncs.queue.add('sync', { taskId: t4, vectorId: 1 }, { jobId: t4, attempts: 1 });
await until(() => syncs.queue.getFailedCount(), (n) => n === 1, 10_000, 't4 failed');
await syncer.close();
await until(async () => (await builds.queue.getJob(t2))?.progress, (progress) => progress === 42, 10_000, 't2 at 42 %');

async function get<T>(token: string, path: string): Promise<{ status: number; body: { data: T; errorKey?: string; msg: string } }> {
  const res = await p.fetch(path, { token });
  return { status: res.status, body: await res.json() };
}
const list = async (token: string, query = '') => {
  const res = await get<DashboardTasks>(token, `/api/dashboard/tasks${query}`);
  if (res.status !== 200) throw new Error(`tasks${query}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
};
const ids = (page: DashboardTasks) => page.records.map((r) => r.id);

t.test('admins see every task, newest first, with its owner, its job and every queue’s counts', async (t) => {
  const page = await list(tokens.admin);
  t.same(ids(page), [t5, t4, t3, t2, t1]);
  t.match(page, { total: 5, current: 1, size: 10 });
  const byId = new Map(page.records.map((r) => [r.id, r]));
  t.match(byId.get(t1), { type: 'export', status: 'completed', progress: 100, userId: alice, userName: 'alice', payload: { by: 'test' }, job: { queue: 'exports', state: 'completed' } });
  t.match(byId.get(t2), { status: 'active', progress: 42, job: { queue: 'vector-build', state: 'active', progress: 42 } }, 'a running job’s own progress');
  t.match(byId.get(t3), { userName: 'bob', job: { queue: 'exports', state: 'missing' } }, 'a job no longer in Redis');
  t.match(byId.get(t4), { job: { queue: 'vector-sync', state: 'failed', attemptsMade: 1 } });
  t.match(byId.get(t5), { progress: 0, job: { state: 'waiting', progress: 0 } });

  const counts = new Map(page.queues!.map((q) => [q.name, q]));
  t.same([...counts.keys()], Object.values(QUEUES), 'every platform queue');
  t.same(counts.get('exports'), { name: 'exports', waiting: 1, active: 0, completed: 1, failed: 0, delayed: 1 });
  t.same(counts.get('vector-build'), { name: 'vector-build', waiting: 0, active: 1, completed: 0, failed: 0, delayed: 0 });
  t.same(counts.get('vector-sync'), { name: 'vector-sync', waiting: 0, active: 0, completed: 0, failed: 1, delayed: 0 });
});

t.test('filters: type, status, owner, and days of the platform zone or instants', async (t) => {
  t.same(ids(await list(tokens.admin, '?type=export')), [t5, t3, t1]);
  t.same(ids(await list(tokens.admin, '?status=active')), [t4, t2]);
  t.same(ids(await list(tokens.admin, `?owner=${bob}`)), [t4, t3]);
  t.same(ids(await list(tokens.admin, `?owner=${alice}&type=export&status=waiting`)), [t5]);
  t.same(ids(await list(tokens.admin, '?start=2026-11-03&end=2026-11-03')), [t3, t2], 'a whole day in Asia/Shanghai');
  t.same(ids(await list(tokens.admin, '?start=2026-11-03T00:00:00Z&end=2026-11-04T08:00:00Z')), [t4, t3], 'instants, end inclusive');
  t.same(ids(await list(tokens.admin, '?end=2026-11-01')), [t1]);
});

t.test('everyone else sees only their own tasks, whatever owner they ask for', async (t) => {
  t.same(ids(await list(tokens.alice)), [t5, t2, t1]);
  t.same(ids(await list(tokens.alice, `?owner=${bob}`)), [t5, t2, t1], 'owner is not honoured');
  t.same(ids(await list(tokens.bob, '?type=export')), [t3]);
  const page = await list(tokens.alice, '?owner=1');
  t.ok(page.records.every((r: DashboardTask) => r.userId === alice));
});

t.test('pages: current/size and their page/pageSize aliases, capped', async (t) => {
  const first = await list(tokens.alice, '?current=1&size=2');
  t.match(first, { total: 3, current: 1, size: 2 });
  t.same(ids(first), [t5, t2]);
  const second = await list(tokens.alice, '?page=2&pageSize=2');
  t.match(second, { total: 3, current: 2, size: 2 });
  t.same(ids(second), [t1]);
  t.equal((await list(tokens.admin, '?size=1000')).size, 100, 'size is capped at 100');
});

t.test('one task: its owner and admins only; another user’s is as unknown as a missing one', async (t) => {
  const own = await get<DashboardTask>(tokens.alice, `/api/dashboard/tasks/${t2}`);
  t.equal(own.status, 200);
  t.match(own.body.data, { id: t2, type: 'vector_build', progress: 42, job: { state: 'active', progress: 42 } });
  const others = await get(tokens.alice, `/api/dashboard/tasks/${t3}`);
  const missing = await get(tokens.alice, `/api/dashboard/tasks/${randomUUID()}`);
  t.equal(others.status, 404, '404, not 403');
  t.same(others.body, missing.body, 'the same answer as an id that does not exist');
  t.equal(others.body.errorKey, 'MON_TASK_NOT_FOUND');
  t.match((await get<DashboardTask>(tokens.admin, `/api/dashboard/tasks/${t3}`)).body.data, { id: t3, userName: 'bob', status: 'failed' }, 'admins see anyone’s');
  t.match((await get<DashboardTask>(tokens.bob, `/api/dashboard/tasks/${t4}`)).body.data, { id: t4, job: { state: 'failed' } });
});

t.test('bad filters are 400 envelopes naming the field', async (t) => {
  for (const [query, field] of [
    ['?type=cleanup', 'type'],
    ['?status=done', 'status'],
    ['?owner=abc', 'owner'],
    ['?start=2026-02-30', 'start'],
    ['?end=2026-11-03T08:00:00', 'end'],
    ['?start=2026-11-05&end=2026-11-01', 'end'],
    ['?size=0', 'size'],
  ]) {
    const res = await get(tokens.admin, `/api/dashboard/tasks${query}`);
    t.equal(res.status, 400, query);
    t.equal(res.body.errorKey, 'VALIDATION_FAILED', query);
    t.match(res.body.msg, new RegExp(`querystring\\.${field}`), `${query} names ${field}`);
  }
  const badId = await get(tokens.admin, '/api/dashboard/tasks/42');
  t.equal(badId.status, 400, 'an id that is not a task id');
  t.match(badId.body.msg, /params\.id/);
});
