// Issue 11 item 3, api.md "Days and dates": every start/end of the stats service takes a day (YYYY-MM-DD, the
// whole day of the platform zone, PLATFORM_TIMEZONE, UTC in these tests) or a date-time (that instant).
import t from 'tap';
import { startPlatform } from '../../gateway/test/platform.js';
import { workbookOf } from './exports.js';

const p = await startPlatform(t, { backends: ['projects', 'stats'] });
await p.createUser('dora', 'user');
const dora = await p.token('dora', 'dora-Pass-123');
const newProject = async (code: string): Promise<number> => {
  const res = await p.fetch('/api/projects', { method: 'POST', token: dora, body: JSON.stringify({ name: code, code }) });
  if (res.status !== 201) throw new Error(await res.text());
  return (await res.json()).data.id;
};
const [pa, pb] = [await newProject('DATES-A'), await newProject('DATES-B')];

// The edges of 10–12 November 2026 (UTC): the last millisecond before, the first and last inside, the first after.
const SEED = [
  { id: 'before', at: '2026-11-09T23:59:59.999Z', projectId: pa, status: 'success' },
  { id: 'first', at: '2026-11-10T00:00:00.000Z', projectId: pa, status: 'success' },
  { id: 'd10-noon', at: '2026-11-10T12:00:00.000Z', projectId: pb, status: 'failed' },
  { id: 'd11-a', at: '2026-11-11T05:00:00.000Z', projectId: pa, status: 'success' },
  { id: 'd11-b', at: '2026-11-11T18:30:00.000Z', projectId: pb, status: 'running' },
  { id: 'd12-morning', at: '2026-11-12T06:00:00.000Z', projectId: pb, status: 'success' },
  { id: 'last', at: '2026-11-12T23:59:59.999Z', projectId: pa, status: 'failed' },
  { id: 'after', at: '2026-11-13T00:00:00.000Z', projectId: pa, status: 'success' },
] as const;
const posted = await p.fetch('/api/logs', {
  method: 'POST',
  token: dora,
  body: JSON.stringify(SEED.map((s) => ({ id: s.id, projectId: s.projectId, status: s.status, timestamp: s.at }))),
});
if (posted.status !== 201) throw new Error(await posted.text());

const get = async (path: string) => {
  const res = await p.fetch(path, { token: dora });
  return { status: res.status, body: await res.json() };
};
const qs = (q: Record<string, string>) => new URLSearchParams(q).toString();
/** The seeded logs in [from, to] (inclusive instants), as /api/logs lists them: newest first. */
const seeded = (from: string, to: string) => SEED.filter((s) => s.at >= from && s.at <= to).map((s) => s.at).sort().reverse();
type Log = { logId: string; timestamp: string };
const logsOf = async (q: Record<string, string>) => {
  const { status, body } = await get(`/api/logs?size=100&${qs(q)}`);
  if (status !== 200) throw new Error(JSON.stringify(body));
  return body.data as { total: number; records: Log[] };
};
const statsOf = async (q: Record<string, string>) => {
  const { status, body } = await get(`/api/stats?${qs(q)}`);
  if (status !== 200) throw new Error(JSON.stringify(body));
  return body.data as { series: { key: string; total: number; success: number; failed: number }[]; totals: { total: number; success: number; failed: number } };
};
const exportOf = async (q: Record<string, string>) => {
  const res = await p.fetch(`/api/export?${qs(q)}`, { token: dora });
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  const wb = await workbookOf(res);
  const ids: string[] = [];
  wb.getWorksheet('生成日志')!.eachRow((row, n) => n > 1 && ids.push(String((row.values as unknown[])[1])));
  const perDay: unknown[][] = [];
  wb.getWorksheet('每日汇总')!.eachRow((row, n) => n > 1 && perDay.push((row.values as unknown[]).slice(1)));
  return { ids, perDay };
};

// One filter, four spellings: days, UTC date-times, the same instants with an offset, and a mix.
const DAYS = { start: '2026-11-10', end: '2026-11-12' };
const SPELLINGS = [
  { start: '2026-11-10T00:00:00Z', end: '2026-11-12T23:59:59.999Z' },
  { start: '2026-11-10T08:00:00+08:00', end: '2026-11-13T07:59:59.999+08:00' },
  { start: '2026-11-10', end: '2026-11-12T23:59:59.999Z' },
];

t.test('days and the equivalent date-times give the same rows and totals in /api/logs, /api/stats and the export', async (t) => {
  const logs = await logsOf(DAYS);
  t.same(logs.records.map((r) => r.timestamp), seeded('2026-11-10T00:00:00.000Z', '2026-11-12T23:59:59.999Z'), 'the days are 10–12 November, whole');
  const byDay = await statsOf({ ...DAYS, dimension: 'day' });
  t.same(byDay.series.map((s) => [s.key, s.total, s.success, s.failed]), [
    ['2026-11-10', 2, 1, 1],
    ['2026-11-11', 2, 1, 0],
    ['2026-11-12', 2, 1, 1],
  ]);
  t.equal(byDay.totals.total, logs.total, 'the stats count the logs the log list shows');
  const byProject = await statsOf({ ...DAYS, dimension: 'project' });
  const exported = await exportOf(DAYS);
  t.same([...exported.ids].sort(), logs.records.map((r) => r.logId).sort(), 'the export has the rows of /api/logs');
  t.same(exported.perDay, byDay.series.map((s) => [s.key, s.total, s.success, s.failed]), 'and the per-day totals of /api/stats');

  for (const q of SPELLINGS) {
    const label = `${q.start} … ${q.end}`;
    const same = await logsOf(q);
    t.same(same.records.map((r) => r.logId), logs.records.map((r) => r.logId), `${label}: the same logs`);
    t.equal(same.total, logs.total);
    t.same(await statsOf({ ...q, dimension: 'day' }), byDay, `${label}: the same stats by day`);
    t.same(await statsOf({ ...q, dimension: 'project' }), byProject, `${label}: the same stats by project`);
    t.same(await exportOf(q), exported, `${label}: the same export`);
  }
});

t.test('a day end includes the whole of that day; a day start begins at its 00:00', async (t) => {
  t.same((await logsOf({ end: '2026-11-12' })).records.map((r) => r.timestamp), seeded('0000', '2026-11-12T23:59:59.999Z'), 'up to 23:59:59.999, not the next 00:00');
  t.same((await logsOf({ start: '2026-11-10' })).records.map((r) => r.timestamp), seeded('2026-11-10T00:00:00.000Z', '9999'), 'from 00:00:00.000, not the millisecond before');
  const one = await logsOf({ start: '2026-11-12', end: '2026-11-12' });
  t.same(one.records.map((r) => r.timestamp), ['2026-11-12T23:59:59.999Z', '2026-11-12T06:00:00.000Z'], 'a one-day range is that day');
  t.same((await statsOf({ start: '2026-11-12', end: '2026-11-12' })).totals, { total: 2, success: 1, failed: 1 });
  t.same((await exportOf({ start: '2026-11-12', end: '2026-11-12' })).ids.length, 2);
  t.equal((await logsOf({ end: '2026-11-12T23:59:59.998Z' })).total, 6, 'a date-time end is that instant');
});

t.test('/api/stats with date-times inside days counts the partial days from the logs, equal to /api/logs', async (t) => {
  const cases = [
    { start: '2026-11-10T06:00:00Z', end: '2026-11-12T12:00:00Z' }, // partial head and tail, one whole day
    { start: '2026-11-10T00:00:00Z', end: '2026-11-11T12:00:00Z' }, // whole head, partial tail
    { start: '2026-11-11T12:00:00+08:00', end: '2026-11-11T20:00:00+01:00' }, // inside a single day
    { start: '2026-11-09T23:59:59.999Z', end: '2026-11-13T00:00:00Z' }, // one millisecond of each neighbour
  ];
  for (const q of cases) {
    const label = `${q.start} … ${q.end}`;
    const logs = await logsOf(q);
    const stats = await statsOf({ ...q, dimension: 'day' });
    t.equal(stats.totals.total, logs.total, `${label}: the same count as /api/logs`);
    const perDay = new Map<string, number>();
    for (const r of logs.records) perDay.set(r.timestamp.slice(0, 10), (perDay.get(r.timestamp.slice(0, 10)) ?? 0) + 1);
    t.same(
      stats.series.filter((s) => s.total > 0).map((s) => [s.key, s.total]),
      [...perDay].sort(([a], [b]) => a.localeCompare(b)),
      `${label}: each day's share`,
    );
    const byProject = await statsOf({ ...q, dimension: 'project' });
    t.equal(byProject.totals.total, logs.total, `${label}: by project too`);
  }
  const edges = await statsOf({ ...cases[3], dimension: 'day' });
  t.same(edges.series.map((s) => s.key), ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13'], 'every day the range touches is listed');
});

t.test('bad values: 400 in the envelope, naming the field', async (t) => {
  const bad = [
    ['/api/logs?start=2026-02-30', /querystring\.start/],
    ['/api/logs?end=2026-11-10T25:00:00Z', /querystring\.end/],
    ['/api/logs?start=2026-11-10T08:00:00', /querystring\.start/], // a date-time without its offset is no instant
    ['/api/logs?start=yesterday', /querystring\.start/],
    ['/api/logs?start=2026-11-12&end=2026-11-10', /querystring\.end must not be before querystring\.start/],
    ['/api/logs?start=2026-11-10T12:00:00Z&end=2026-11-10T11:59:59Z', /querystring\.end/],
    ['/api/stats?start=2026-11-12&end=2026-11-10', /querystring\.end must not be before querystring\.start/],
    ['/api/stats?start=2026-11-10&end=2026-11-31', /querystring\.end/],
    ['/api/stats?start=2026-11-10', /querystring\.end is required/],
    ['/api/export?start=2026-11-12T00:00:00Z&end=2026-11-11', /querystring\.end must not be before querystring\.start/],
    ['/api/export?end=2026-02-29', /querystring\.end/],
  ] as const;
  for (const [path, msg] of bad) {
    const { status, body } = await get(path);
    t.equal(status, 400, path);
    t.match(body, { code: 400, msg, data: null }, path);
  }
});
