// `npm run stats:rebuild-rollup`: after PLATFORM_TIMEZONE changes, one command recounts xl_generation_daily
// from the raw logs in the new zone's days, in one transaction; running it again changes nothing.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { createPrisma } from '@app/db';
import { createTestDatabase } from '@app/testing';
import { generationDailyRepository } from '../src/plugins/app/generation-daily-repository.js';
import { generationLogRepository, type LogItem } from '../src/plugins/app/generation-log-repository.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const url = await createTestDatabase(t);
const db = createPrisma(url);
const logs = generationLogRepository(db);
const daily = generationDailyRepository(db);
t.teardown(() => db.$disconnect());

/** The command as an operator runs it, against this file's database. */
function rebuild(zone: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'stats:rebuild-rollup'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, PLATFORM_TIMEZONE: zone } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const rollup = () =>
  db.$queryRawUnsafe<{ k: string; total: number; success: number; failed: number }[]>(
    `SELECT to_char(day, 'YYYY-MM-DD') || '/' || project_id || '/' || user_id AS k, total, success, failed FROM xl_generation_daily ORDER BY 1`,
  );
const groupBy = (zone: string) =>
  db.$queryRawUnsafe<{ k: string; total: number; success: number; failed: number }[]>(
    `SELECT to_char(("timestamp" AT TIME ZONE $1::text)::date, 'YYYY-MM-DD') || '/' || project_id || '/' || user_id AS k,
            count(*)::int AS total, count(*) FILTER (WHERE status = 'success')::int AS success, count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM xl_generation_logs GROUP BY 1 ORDER BY 1`,
    zone,
  );

const log = (key: string, timestamp: string, status: LogItem['status'], projectId = 1): LogItem => ({ key, userId: 1, projectId, status, timestamp: new Date(timestamp) });
// Ingested while the platform ran in UTC: 16:00 UTC is midnight in Shanghai.
await logs.ingest([
  log('a', '2026-03-01T15:59:00Z', 'success'),
  log('b', '2026-03-01T16:01:00Z', 'success'),
  log('c', '2026-03-01T23:30:00Z', 'running', 2),
  log('d', '2026-03-02T08:00:00Z', 'failed', 2),
], 'UTC');
await logs.ingest([log('c', '2026-03-01T23:45:00Z', 'success', 2)], 'UTC'); // c ends: success on the day it started
const inUtc = await rollup();

t.test('the UTC rollup, recounted in Asia/Shanghai, twice: the same table', async (t) => {
  t.same(inUtc, [
    { k: '2026-03-01/1/1', total: 2, success: 2, failed: 0 },
    { k: '2026-03-01/2/1', total: 1, success: 1, failed: 0 },
    { k: '2026-03-02/2/1', total: 1, success: 0, failed: 1 },
  ], 'before: UTC days');
  const first = await rebuild('Asia/Shanghai');
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, /xl_generation_daily rebuilt in Asia\/Shanghai: 3 rows from 4 logs/);
  const once = await rollup();
  t.same(once, [
    { k: '2026-03-01/1/1', total: 1, success: 1, failed: 0 },
    { k: '2026-03-02/1/1', total: 1, success: 1, failed: 0 },
    { k: '2026-03-02/2/1', total: 2, success: 1, failed: 1 },
  ], 'after: Shanghai days (23:30 UTC is the next morning there)');
  t.same(once, await groupBy('Asia/Shanghai'), 'equal to a GROUP BY of the raw logs in the new zone');
  const second = await rebuild('Asia/Shanghai');
  t.equal(second.code, 0, second.stderr);
  t.same(await rollup(), once, 'running it again gives the same table');

  // Ingest in the new zone keeps the recounted table exact; and back to UTC gives the first table again.
  await logs.ingest([log('e', '2026-03-02T15:59:59Z', 'success'), log('f', '2026-03-02T16:00:00Z', 'failed')], 'Asia/Shanghai');
  t.same(await rollup(), await groupBy('Asia/Shanghai'), 'later logs add to the new days');
  t.equal((await rebuild('UTC')).code, 0);
  t.same(await rollup(), await groupBy('UTC'), 'recounted in UTC again');
});

t.test('a zone the runtime does not know: refused before anything changes', async (t) => {
  const before = await rollup();
  const bad = await rebuild('Asia/Beijing');
  t.equal(bad.code, 1);
  t.match(bad.stderr, /PLATFORM_TIMEZONE is not an IANA time zone name .*"Asia\/Beijing"/);
  t.same(await rollup(), before, 'the table is untouched');
});

t.test('ingest during a rebuild: waits for it, and the table stays exact', async (t) => {
  const batches = Array.from({ length: 10 }, (_, b) =>
    Array.from({ length: 40 }, (_, i) => log(`r-${b}-${i}`, new Date(Date.UTC(2026, 2, 3, (b * 40 + i) % 24, 30)).toISOString(), i % 4 ? 'success' : 'failed', 1 + (i % 3))),
  );
  await Promise.all([daily.rebuild('Asia/Kolkata'), ...batches.map((b, i) => new Promise((r) => setTimeout(r, i * 3)).then(() => logs.ingest(b, 'Asia/Kolkata')))]);
  t.same(await rollup(), await groupBy('Asia/Kolkata'), 'rollup = GROUP BY in the zone');
});
