// Days are the platform's days (PLATFORM_TIMEZONE, api.md "Days and dates"), through the real ingest, the
// rollup and the routes: a log at 23:30 UTC is the next morning in Asia/Shanghai, so it counts on the next
// day there and on the same day in UTC. The same platform in both zones: /api/stats (rollup and partial days),
// /api/logs, the calendar the console asks for, the dashboard's today and trend (generations from the rollup,
// searches from auth), and the export's local times and file name.
import t from 'tap';
import { createPrisma } from '@app/db';
import { addDays, dayOf, startOfDay } from '@app/service-kit';
import { ADMIN_PASSWORD, startPlatform } from '../../gateway/test/platform.js';
import { workbookOf } from './exports.js';

// Three logs of one UTC day, 2026-03-01: 16:00 UTC is midnight in Shanghai (+08:00).
const LOGS = [
  { id: 'before-midnight', status: 'success', timestamp: '2026-03-01T15:59:00Z' }, // 23:59 on the 1st in Shanghai
  { id: 'after-midnight', status: 'success', timestamp: '2026-03-01T16:01:00Z' }, // 00:01 on the 2nd
  { id: 'late-evening', status: 'failed', timestamp: '2026-03-01T23:30:00Z' }, // 07:30 on the 2nd
];

const EXPECTED = {
  UTC: {
    days: [['2026-03-01', 3, 2, 1], ['2026-03-02', 0, 0, 0]],
    // From 07:00 on the 2nd in Shanghai (23:00 UTC on the 1st) to the end of the day `end`.
    partial: [['2026-03-01', 1, 0, 1], ['2026-03-02', 0, 0, 0]],
    logsOfThe2nd: [],
    cells: ['2026-03-01T15:59:00.000Z', '2026-03-01T16:01:00.000Z', '2026-03-01T23:30:00.000Z'],
    summary: [['2026-03-01', 3, 2, 1]],
  },
  'Asia/Shanghai': {
    days: [['2026-03-01', 1, 1, 0], ['2026-03-02', 2, 1, 1]],
    partial: [['2026-03-02', 1, 0, 1]],
    logsOfThe2nd: ['late-evening', 'after-midnight'],
    cells: ['2026-03-01T23:59:00.000Z', '2026-03-02T00:01:00.000Z', '2026-03-02T07:30:00.000Z'],
    summary: [['2026-03-01', 1, 1, 0], ['2026-03-02', 2, 1, 1]],
  },
} as const;

for (const zone of ['UTC', 'Asia/Shanghai'] as const) {
  t.test(`PLATFORM_TIMEZONE=${zone}`, async (t) => {
    const want = EXPECTED[zone];
    const p = await startPlatform(t, { backends: ['projects', 'stats'], env: { PLATFORM_TIMEZONE: zone } });
    const db = createPrisma(p.env.DATABASE_URL);
    t.teardown(() => db.$disconnect());
    const admin = await p.token('admin', ADMIN_PASSWORD);
    const api = async (path: string, body?: unknown) => {
      const res = await p.fetch(path, { token: admin, ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }) });
      return { status: res.status, data: (await res.json()).data };
    };
    const project = (await api('/api/projects', { name: 'Midnight', code: 'MIDNIGHT' })).data.id as number;
    const posted = await api('/api/logs', LOGS.map((l) => ({ ...l, projectId: project })));
    t.match(posted, { status: 201, data: { inserted: 3 } }, 'ingested');
    const series = (data: { series: { key: string; total: number; success: number; failed: number }[] }) => data.series.map((s) => [s.key, s.total, s.success, s.failed]);

    t.test('/api/stats: whole days from the rollup, partial days from the raw logs, in the zone', async (t) => {
      const rollup = await db.generationDaily.findMany({ orderBy: { day: 'asc' } });
      t.same(rollup.map((r) => [r.day.toISOString().slice(0, 10), r.total]), want.days.filter(([, total]) => total).map(([day, total]) => [day, total]), 'the rollup’s days');
      t.same(series((await api('/api/stats?start=2026-03-01&end=2026-03-02&dimension=day')).data), want.days, 'by day, zero-filled');
      const partial = await api(`/api/stats?start=${encodeURIComponent('2026-03-02T07:00:00+08:00')}&end=2026-03-02&dimension=day`);
      t.same(series(partial.data), want.partial, 'from a date-time to a day');
      const logs = await api('/api/logs?start=2026-03-02&end=2026-03-02');
      t.same(logs.data.records.map((r: { logId: string }) => r.logId).length, want.logsOfThe2nd.length, '/api/logs: the logs of the 2nd');
      const byTime = await db.generationLog.findMany({ where: { logId: { in: logs.data.records.map((r: { logId: string }) => BigInt(r.logId)) } }, orderBy: { timestamp: 'desc' } });
      t.same(byTime.map((l) => l.clientId!.split(':').at(-1)), want.logsOfThe2nd, 'the very logs');
    });

    t.test('/api/stats/calendar: the zone and its today, for the console', async (t) => {
      const before = dayOf(new Date(), zone);
      const calendar = await api('/api/stats/calendar');
      t.equal(calendar.status, 200);
      t.equal(calendar.data.zone, zone);
      t.ok([before, dayOf(new Date(), zone)].includes(calendar.data.today), `today is ${before} in ${zone}`);
    });

    t.test('dashboard: today and the 7-day trend are days of the zone (generations and auth’s searches)', async (t) => {
      const today = dayOf(new Date(), zone);
      // The first instant of today in the zone, and the last millisecond of yesterday.
      const midnight = startOfDay(today, zone);
      const lastOfYesterday = new Date(midnight.getTime() - 1);
      t.equal((await api('/api/logs', [
        { id: 'today-first', projectId: project, status: 'success', timestamp: midnight.toISOString() },
        { id: 'yesterday-last', projectId: project, status: 'success', timestamp: lastOfYesterday.toISOString() },
      ])).status, 201);
      await db.systemLog.createMany({
        data: [
          { type: 'search', action: 'vector search', userId: 1, createdAt: midnight },
          { type: 'search', action: 'vector search', userId: 1, createdAt: lastOfYesterday },
          { type: 'search', action: 'vector search', userId: 1, createdAt: lastOfYesterday },
        ],
      });
      const dash = (await api('/api/dashboard/stats')).data;
      t.same(dash.trend.map((d: { date: string }) => d.date), Array.from({ length: 7 }, (_, i) => addDays(today, i - 6)), `seven days ending ${today}`);
      t.equal(dash.todayGenerations, 1, 'today’s generations: from the zone’s midnight on');
      t.equal(dash.trend[5].generations, 1, 'yesterday’s: up to the zone’s midnight');
      t.equal(dash.dailyQueries, 1, 'today’s searches (auth counts in the zone)');
      t.equal(dash.trend[5].queries, 2, 'yesterday’s searches');
    });

    t.test('export: local times of the zone, its name in the header, its days in the summary and the file name', async (t) => {
      const res = await p.fetch('/api/export?start=2026-03-01T00:00:00Z&end=2026-03-01T23:59:59Z', { token: admin });
      t.equal(res.status, 200);
      t.match(res.headers.get('content-disposition'), `filename="generation-logs-${dayOf(new Date(), zone)}.xlsx"`, 'the file is named after today in the zone');
      const wb = await workbookOf(res);
      const sheet = wb.getWorksheet('生成日志')!;
      t.equal(sheet.getRow(1).getCell(2).value, `时间 (${zone})`, 'the time column names the zone');
      const cells: string[] = [];
      sheet.eachRow((row, n) => n > 1 && cells.push((row.getCell(2).value as Date).toISOString()));
      t.same(cells, want.cells, 'each time as a clock in the zone shows it');
      const summary: unknown[][] = [];
      wb.getWorksheet('每日汇总')!.eachRow((row, n) => n > 1 && summary.push((row.values as unknown[]).slice(1, 5)));
      t.same(summary, want.summary, 'the per-day sheet counts the zone’s days');
    });
  });
}
