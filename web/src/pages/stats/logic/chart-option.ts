/**
 * The stats figures (lib/stats-data.ts) → the ECharts option: a line chart per day, bars per
 * project or user, three series (total / success / failed). Pure, unit-tested by test/stats-chart.test.ts.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { Dimension, StatsData, StatsPoint } from '../../../lib/stats-data.js';
import { rangeDays, type DayRange } from './date-range.js';

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export const SERIES_KEYS = ['total', 'success', 'failed'] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

/** antd's primary, success and error colours, so the chart matches the totals cards. */
export const SERIES_COLORS: Record<SeriesKey, string> = { total: '#1677ff', success: '#52c41a', failed: '#ff4d4f' };

/** One point per day of the range (zeros where the server sent none), oldest first. */
export function fillDays(series: readonly StatsPoint[], range: DayRange): StatsPoint[] {
  const byKey = new Map(series.map((p) => [p.key.slice(0, 10), p]));
  return rangeDays(range).map((key) => {
    const p = byKey.get(key);
    return p ? { ...p, key } : { key, label: key, total: 0, success: 0, failed: 0 };
  });
}

/**
 * The category label of a point: a project's name from the projects list when known (the id is the
 * key), otherwise the server's label, otherwise `#key`.
 */
export function pointLabel(point: Pick<StatsPoint, 'key' | 'label'>, names?: ReadonlyMap<string, string> | null): string {
  const known = names?.get(point.key);
  if (known) return known;
  if (point.label && point.label !== point.key) return point.label;
  return /^\d+$/.test(point.key) ? `#${point.key}` : point.key;
}

/** The points the chart shows: days filled and in order; projects and users by total, largest first. */
export function chartPoints(data: StatsData, dimension: Dimension, range: DayRange): StatsPoint[] {
  if (dimension === 'day') return fillDays(data.series, range);
  return [...data.series].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
}

export interface OptionSettings {
  dimension: Dimension;
  /** Legend names of total / success / failed in the current language. */
  seriesNames: Record<SeriesKey, string>;
  /** Category names (project id → name) for the project and user dimensions. */
  names?: ReadonlyMap<string, string> | null;
  dark?: boolean;
}

/** Shared look of the console's charts (transparent background so the card's colour shows). */
export function baseOption(dark = false): ChartOption {
  const text = dark ? 'rgba(255,255,255,0.65)' : 'rgba(0,0,0,0.65)';
  const line = dark ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.08)';
  return {
    backgroundColor: 'transparent',
    textStyle: { color: text },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: text } },
    tooltip: { trigger: 'axis', confine: true },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: text }, splitLine: { lineStyle: { color: line } } },
  };
}

export function buildStatsOption(points: readonly StatsPoint[], settings: OptionSettings): ChartOption {
  const { dimension, seriesNames, names, dark } = settings;
  const byDay = dimension === 'day';
  const categories = points.map((p) => (byDay ? p.key : pointLabel(p, names)));
  const many = categories.length > 8;
  const base = baseOption(dark);
  const series = SERIES_KEYS.map((k): LineSeriesOption | BarSeriesOption => {
    const common = { id: k, name: seriesNames[k], data: points.map((p) => p[k]), itemStyle: { color: SERIES_COLORS[k] } };
    return byDay
      ? {
          ...common,
          type: 'line',
          showSymbol: points.length <= 31,
          symbolSize: 6,
          emphasis: { focus: 'series' },
          ...(k === 'total' ? { areaStyle: { opacity: 0.08 } } : {}),
        }
      : { ...common, type: 'bar', barMaxWidth: 28, emphasis: { focus: 'series' } };
  });
  return {
    ...base,
    tooltip: { trigger: 'axis', confine: true, axisPointer: { type: byDay ? 'line' : 'shadow' } },
    xAxis: {
      type: 'category',
      boundaryGap: !byDay,
      data: categories,
      axisLabel: {
        color: (base.textStyle as { color: string }).color,
        hideOverlap: true,
        // Days as MM-DD (the tooltip keeps the full date); long names are cut.
        ...(byDay ? { formatter: (value: string) => value.slice(5) } : { interval: 0, rotate: many ? 30 : 0, width: 96, overflow: 'truncate' as const }),
      },
    },
    series,
  };
}
