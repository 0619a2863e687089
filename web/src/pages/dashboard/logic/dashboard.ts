/**
 * `/api/dashboard/stats` → the home page's figures and its 7-day trend chart. Fields other services
 * fill (vectors, queries) may be absent or 0 for a while; every reader here is tolerant. Pure,
 * unit-tested by test/stats-dashboard.test.ts.
 */
import type { LineSeriesOption } from 'echarts/charts';
import dayjs from 'dayjs';
import { baseOption, type ChartOption } from '../../stats/logic/chart-option.js';
import { DAY_FORMAT } from '../../stats/logic/date-range.js';
import { toCount } from '../../../lib/stats-data.js';

/** The cards, in display order (also the `dashboard-card-<field>` test ids). */
export const DASHBOARD_FIELDS = ['todayGenerations', 'runningServices', 'totalProjects', 'totalVectors', 'dailyQueries'] as const;
export type DashboardField = (typeof DASHBOARD_FIELDS)[number];

export const TREND_DAYS = 7;
export const TREND_KEYS = ['generations', 'queries'] as const;
export type TrendKey = (typeof TREND_KEYS)[number];
export const TREND_COLORS: Record<TrendKey, string> = { generations: '#1677ff', queries: '#13c2c2' };

export interface TrendPoint {
  date: string;
  generations: number;
  queries: number;
}

export type DashboardFigures = Record<DashboardField, number>;

export interface DashboardData extends DashboardFigures {
  trend: TrendPoint[];
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The last `days` days ending `today`, oldest first. */
export function lastDays(today: Date | string = new Date(), days = TREND_DAYS): string[] {
  const end = dayjs(today).startOf('day');
  return Array.from({ length: days }, (_, i) => end.subtract(days - 1 - i, 'day').format(DAY_FORMAT));
}

/**
 * The trend, oldest first (`count` / `value` read as generations). When every day the server sent
 * falls in the last seven days, missing days are filled with zeros; a trend on other days (the
 * server's "today" in another time zone) is kept as sent. No trend at all is seven zero days.
 */
export function normalizeTrend(raw: unknown, today: Date | string = new Date()): TrendPoint[] {
  const points = (Array.isArray(raw) ? raw : [])
    .filter(isObject)
    .map((p) => {
      const date = typeof p.date === 'string' ? p.date.slice(0, 10) : typeof p.day === 'string' ? p.day.slice(0, 10) : '';
      return { date, generations: toCount(p.generations ?? p.count ?? p.value), queries: toCount(p.queries) };
    })
    .filter((p) => p.date)
    .sort((a, b) => a.date.localeCompare(b.date));
  const window = lastDays(today);
  if (points.length && !points.every((p) => window.includes(p.date))) return points;
  const byDate = new Map(points.map((p) => [p.date, p]));
  return window.map((date) => byDate.get(date) ?? { date, generations: 0, queries: 0 });
}

export function normalizeDashboard(data: unknown, today: Date | string = new Date()): DashboardData {
  const d = isObject(data) ? data : {};
  const figures = Object.fromEntries(DASHBOARD_FIELDS.map((f) => [f, toCount(d[f])])) as DashboardFigures;
  return { ...figures, trend: normalizeTrend(d.trend, today) };
}

export function buildTrendOption(trend: readonly TrendPoint[], names: Record<TrendKey, string>, dark = false): ChartOption {
  const base = baseOption(dark);
  const text = (base.textStyle as { color: string }).color;
  return {
    ...base,
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: trend.map((p) => p.date),
      axisLabel: { color: text, formatter: (value: string) => value.slice(5) },
    },
    series: TREND_KEYS.map(
      (k): LineSeriesOption => ({
        id: k,
        name: names[k],
        type: 'line',
        smooth: true,
        symbolSize: 6,
        data: trend.map((p) => p[k]),
        itemStyle: { color: TREND_COLORS[k] },
        areaStyle: { opacity: 0.08 },
      }),
    ),
  };
}
