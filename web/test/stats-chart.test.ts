import t from 'tap';
import { buildStatsOption, chartPoints, fillDays, pointLabel, SERIES_COLORS } from '../src/pages/stats/logic/chart-option.js';
import { normalizeStats, sumTotals, type StatsPoint } from '../src/lib/stats-data.js';

const names = { total: 'Total', success: 'Succeeded', failed: 'Failed' };
const p = (key: string, total: number, success: number, failed: number, label = key): StatsPoint => ({ key, label, total, success, failed });

t.test('the stats response is read tolerantly', async (t) => {
  t.same(normalizeStats({ series: [{ key: '2026-03-01', label: '2026-03-01', total: 3, success: 2, failed: 1 }], totals: { total: 3, success: 2, failed: 1 } }), {
    series: [p('2026-03-01', 3, 2, 1)],
    totals: { total: 3, success: 2, failed: 1 },
  });
  t.same(normalizeStats([{ key: 7, total: '4', success: 4 }]), { series: [p('7', 4, 4, 0)], totals: { total: 4, success: 4, failed: 0 } }, 'a bare array; totals summed');
  t.same(normalizeStats({ series: [{ label: 'no key' }, null, 5, { key: '', total: 1 }] }).series, [], 'entries without a key are dropped');
  t.same(normalizeStats(null), { series: [], totals: { total: 0, success: 0, failed: 0 } });
  t.same(normalizeStats({ series: [{ date: '2026-03-02', name: 'x', total: 1, success: 1, failed: 0 }] }).series, [p('2026-03-02', 1, 1, 0, 'x')], 'date / name aliases');
  t.same(sumTotals([p('a', 1, 1, 0), p('b', 2, 0, 2)]), { total: 3, success: 1, failed: 2 });
});

t.test('the day dimension has one point per day, zero-filled', async (t) => {
  const filled = fillDays([p('2026-03-02', 5, 4, 1), p('2026-03-09', 9, 9, 0), p('2026-03-04T00:00:00.000Z', 1, 0, 1)], { start: '2026-03-01', end: '2026-03-04' });
  t.same(filled.map((x) => x.key), ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
  t.same(filled.map((x) => x.total), [0, 5, 0, 1], 'out-of-range days are dropped; ISO keys are read as days');
  t.same(filled[0], p('2026-03-01', 0, 0, 0));
});

t.test('project and user bars are sorted by total', async (t) => {
  const data = { series: [p('1', 2, 2, 0, 'a'), p('2', 9, 1, 8, 'b'), p('3', 2, 1, 1, 'Aa')], totals: { total: 13, success: 4, failed: 9 } };
  t.same(chartPoints(data, 'project', { start: '2026-03-01', end: '2026-03-01' }).map((x) => x.key), ['2', '1', '3']);
  t.equal(chartPoints(data, 'day', { start: '2026-03-01', end: '2026-03-03' }).length, 3);
});

t.test('category labels prefer the project list, then the server, then #id', async (t) => {
  const projectNames = new Map([['12', 'Portraits']]);
  t.equal(pointLabel({ key: '12', label: 'proj-12' }, projectNames), 'Portraits');
  t.equal(pointLabel({ key: '13', label: 'Landscapes' }, projectNames), 'Landscapes');
  t.equal(pointLabel({ key: '14', label: '14' }, projectNames), '#14');
  t.equal(pointLabel({ key: 'alice', label: 'alice' }, null), 'alice');
});

t.test('a line chart by day with three coloured series', async (t) => {
  const points = [p('2026-03-01', 3, 2, 1), p('2026-03-02', 0, 0, 0)];
  const option = buildStatsOption(points, { dimension: 'day', seriesNames: names });
  const series = option.series as { id: string; type: string; name: string; data: number[]; itemStyle: { color: string }; areaStyle?: unknown }[];
  t.same(series.map((s) => [s.id, s.type, s.name]), [['total', 'line', 'Total'], ['success', 'line', 'Succeeded'], ['failed', 'line', 'Failed']]);
  t.same(series.map((s) => s.data), [[3, 0], [2, 0], [1, 0]]);
  t.same(series.map((s) => s.itemStyle.color), [SERIES_COLORS.total, SERIES_COLORS.success, SERIES_COLORS.failed]);
  t.ok(series[0]!.areaStyle, 'the total has a light area');
  const xAxis = option.xAxis as { type: string; data: string[]; boundaryGap: boolean; axisLabel: { formatter: (v: string) => string } };
  t.same(xAxis.data, ['2026-03-01', '2026-03-02']);
  t.equal(xAxis.boundaryGap, false);
  t.equal(xAxis.axisLabel.formatter('2026-03-01'), '03-01', 'axis shows MM-DD');
  t.equal(option.backgroundColor, 'transparent');
});

t.test('bars for projects and users, named from the list', async (t) => {
  const option = buildStatsOption([p('12', 3, 2, 1, 'proj-12'), p('99', 1, 1, 0)], {
    dimension: 'project',
    seriesNames: names,
    names: new Map([['12', 'Portraits']]),
  });
  const series = option.series as { type: string; data: number[] }[];
  t.same(series.map((s) => s.type), ['bar', 'bar', 'bar']);
  t.same((option.xAxis as { data: string[] }).data, ['Portraits', '#99']);
  t.equal((option.tooltip as { axisPointer: { type: string } }).axisPointer.type, 'shadow');
  const many = buildStatsOption(Array.from({ length: 12 }, (_, i) => p(`u${i}`, i, i, 0)), { dimension: 'user', seriesNames: names });
  t.equal((many.xAxis as { axisLabel: { rotate: number } }).axisLabel.rotate, 30, 'many categories are rotated');
});

t.test('dark mode changes text colours only', async (t) => {
  const light = buildStatsOption([], { dimension: 'day', seriesNames: names });
  const dark = buildStatsOption([], { dimension: 'day', seriesNames: names, dark: true });
  t.not((light.textStyle as { color: string }).color, (dark.textStyle as { color: string }).color);
  t.same((dark.series as unknown[]).length, 3);
});
