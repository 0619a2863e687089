import t from 'tap';
import { buildTrendOption, DASHBOARD_FIELDS, lastDays, normalizeDashboard, normalizeTrend, TREND_COLORS } from '../src/pages/dashboard/logic/dashboard.js';

const today = new Date(2026, 2, 3, 9, 30);

t.test('the cards, in order', async (t) => {
  t.same([...DASHBOARD_FIELDS], ['todayGenerations', 'runningServices', 'totalProjects', 'totalVectors', 'dailyQueries']);
});

t.test('a full response', async (t) => {
  const trend = [
    { date: '2026-03-03', generations: 4, queries: 1 },
    { date: '2026-03-02', generations: 2, queries: 0 },
  ];
  const d = normalizeDashboard({ totalVectors: 1200, dailyQueries: 7, trend, totalProjects: 3, runningServices: 1, todayGenerations: 4 }, today);
  t.same(
    DASHBOARD_FIELDS.map((f) => d[f]),
    [4, 1, 3, 1200, 7],
  );
  t.same(d.trend.map((p) => p.date), lastDays(today), 'seven days, oldest first');
  t.same(d.trend.slice(-3).map((p) => p.generations), [0, 2, 4], 'sorted, and the missing days are zero');
});

t.test('missing, zero or odd fields never break the page', async (t) => {
  const empty = normalizeDashboard(undefined, today);
  for (const f of DASHBOARD_FIELDS) t.equal(empty[f], 0, `${f} is 0`);
  t.same(empty.trend.map((p) => p.date), lastDays(today), 'seven zero days when there is no trend');
  t.equal(empty.trend.length, 7);
  t.ok(empty.trend.every((p) => p.generations === 0 && p.queries === 0));
  const odd = normalizeDashboard({ totalVectors: '15', dailyQueries: null, runningServices: -1, trend: 'nope' }, today);
  t.equal(odd.totalVectors, 15);
  t.equal(odd.dailyQueries, 0);
  t.equal(odd.runningServices, 0);
  t.equal(odd.trend.length, 7);
});

t.test('trend aliases and foreign windows', async (t) => {
  const trend = normalizeTrend([{ date: '2026-03-01T00:00:00Z', count: 3 }, { day: '2026-03-02', value: 2, queries: '5' }, { nope: 1 }], today);
  t.equal(trend.length, 7);
  t.same(trend.slice(-3), [
    { date: '2026-03-01', generations: 3, queries: 0 },
    { date: '2026-03-02', generations: 2, queries: 5 },
    { date: '2026-03-03', generations: 0, queries: 0 },
  ]);
  const utc = [{ date: '2026-02-23', generations: 1 }, { date: '2026-03-01', generations: 2 }];
  t.same(normalizeTrend(utc, today).map((p) => p.date), ['2026-02-23', '2026-03-01'], 'days outside the local window are kept as sent');
  t.same(lastDays(new Date(2026, 0, 2), 3), ['2025-12-31', '2026-01-01', '2026-01-02']);
});

t.test('the trend chart: two lines over the dates', async (t) => {
  const trend = normalizeDashboard({ trend: [{ date: '2026-03-03', generations: 1, queries: 2 }] }, today).trend;
  const option = buildTrendOption(trend, { generations: 'Generations', queries: 'Searches' });
  const series = option.series as { id: string; type: string; name: string; data: number[]; itemStyle: { color: string } }[];
  t.same(series.map((s) => [s.id, s.type, s.name, s.data]), [
    ['generations', 'line', 'Generations', [0, 0, 0, 0, 0, 0, 1]],
    ['queries', 'line', 'Searches', [0, 0, 0, 0, 0, 0, 2]],
  ]);
  t.same(series.map((s) => s.itemStyle.color), [TREND_COLORS.generations, TREND_COLORS.queries]);
  t.same((option.xAxis as { data: string[] }).data, lastDays(today));
});
