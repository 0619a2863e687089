/**
 * A node's samples → the monitor's charts: the 15-minute history (what `?history=15m` returned, extended by
 * the samples polled since), the gauges, the per-core bars. Pure, unit-tested by test/monitor-logic.test.ts.
 */
import type { BarSeriesOption, GaugeSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import dayjs from 'dayjs';
import type { ServerSample } from '@app/contracts/schemas/monitor';
import { baseOption, type ChartOption } from '../../stats/logic/chart-option.js';
import { formatPercent, formatRate, usageColor } from './format.js';

export type GaugeOption = ComposeOption<GaugeSeriesOption | TooltipComponentOption>;
export type { ChartOption };
type AnyOption = ComposeOption<LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** The window the charts show, as `?history=` says it and in milliseconds. */
export const HISTORY_WINDOW = '15m';
export const HISTORY_WINDOW_MS = 15 * 60_000;

/** The figures drawn as a gauge and a 15-minute line, each a percentage of its sample. */
export const USAGE_METRICS = ['cpu', 'memory', 'swap', 'disk'] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];
export const METRIC_COLORS: Record<UsageMetric, string> = { cpu: '#1677ff', memory: '#722ed1', swap: '#fa8c16', disk: '#13c2c2' };

export const NETWORK_KEYS = ['rx', 'tx'] as const;
export type NetworkKey = (typeof NETWORK_KEYS)[number];
export const NETWORK_COLORS: Record<NetworkKey, string> = { rx: '#52c41a', tx: '#1677ff' };

const timeOf = (s: Pick<ServerSample, 'timestamp'>) => Date.parse(s.timestamp);

/**
 * Samples of both lists, each timestamp once (the later list wins), oldest first, and only those within
 * `windowMs` of the newest: the history answer plus what polling added, never growing past the window.
 */
export function mergeSamples<S extends Pick<ServerSample, 'timestamp'>>(older: readonly S[], newer: readonly S[], windowMs = HISTORY_WINDOW_MS): S[] {
  const byTime = new Map<number, S>();
  for (const s of [...older, ...newer]) {
    const at = timeOf(s);
    if (Number.isFinite(at)) byTime.set(at, s);
  }
  const sorted = [...byTime].sort(([a], [b]) => a - b);
  const newest = sorted.at(-1)?.[0];
  if (newest === undefined) return [];
  return sorted.filter(([at]) => at > newest - windowMs).map(([, s]) => s);
}

/** A sample's percentage of a metric (0 when the sample lacks it). */
export function metricValue(sample: ServerSample, metric: UsageMetric): number {
  const usage = sample[metric]?.usage;
  return typeof usage === 'number' && Number.isFinite(usage) ? usage : 0;
}

/** The x axis: the samples' local times of day. */
export const timeLabels = (samples: readonly Pick<ServerSample, 'timestamp'>[]) => samples.map((s) => dayjs(s.timestamp).format('HH:mm:ss'));

/**
 * The console's chart look without animation: the chart is redrawn from scratch (the Chart component does not
 * merge) at every poll, and an animation replayed every few seconds would only flicker.
 */
const still = (dark: boolean): AnyOption => ({ ...baseOption(dark), animation: false });

function lineBase(samples: readonly ServerSample[], dark: boolean): AnyOption {
  const base = still(dark);
  const text = (base.textStyle as { color: string }).color;
  return {
    ...base,
    // Room on the right for the last time label (the line runs to the axis' end).
    grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: timeLabels(samples), axisLabel: { color: text, hideOverlap: true } },
  };
}

/** One metric's percentage over the window, 0–100 on the y axis. */
export function buildUsageOption(samples: readonly ServerSample[], metric: UsageMetric, name: string, dark = false): ChartOption {
  const base = lineBase(samples, dark);
  return {
    ...base,
    legend: { show: false },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => formatPercent(Number(v)) },
    yAxis: { ...(base.yAxis as object), min: 0, max: 100, minInterval: undefined, axisLabel: { ...((base.yAxis as { axisLabel?: object }).axisLabel ?? {}), formatter: '{value}%' } },
    series: [
      {
        id: metric,
        name,
        type: 'line',
        showSymbol: false,
        data: samples.map((s) => metricValue(s, metric)),
        itemStyle: { color: METRIC_COLORS[metric] },
        areaStyle: { opacity: 0.1 },
      },
    ],
  } as ChartOption;
}

/** Received and sent bytes per second over the window. */
export function buildNetworkOption(samples: readonly ServerSample[], names: Record<NetworkKey, string>, dark = false): ChartOption {
  const base = lineBase(samples, dark);
  const read = (s: ServerSample, k: NetworkKey) => (k === 'rx' ? s.network?.rxBytesPerSec : s.network?.txBytesPerSec) ?? 0;
  return {
    ...base,
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => formatRate(Number(v)) },
    yAxis: { ...(base.yAxis as object), minInterval: undefined, axisLabel: { ...((base.yAxis as { axisLabel?: object }).axisLabel ?? {}), formatter: (v: number) => formatRate(v) } },
    series: NETWORK_KEYS.map(
      (k): LineSeriesOption => ({ id: k, name: names[k], type: 'line', showSymbol: false, data: samples.map((s) => read(s, k)), itemStyle: { color: NETWORK_COLORS[k] } }),
    ),
  } as ChartOption;
}

/** A gauge of one percentage, coloured by its level (blue, from 70% amber, from 90% red). */
export function buildGaugeOption(value: number | null | undefined, name: string, dark = false): GaugeOption {
  const known = typeof value === 'number' && Number.isFinite(value);
  const text = dark ? 'rgba(255,255,255,0.85)' : 'rgba(0,0,0,0.85)';
  const track = dark ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.06)';
  return {
    backgroundColor: 'transparent',
    animation: false,
    tooltip: { show: false },
    series: [
      {
        type: 'gauge',
        name,
        min: 0,
        max: 100,
        startAngle: 210,
        endAngle: -30,
        radius: '90%',
        progress: { show: true, width: 12, roundCap: true, itemStyle: { color: usageColor(value) } },
        axisLine: { lineStyle: { width: 12, color: [[1, track]] } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        anchor: { show: false },
        // The card's title names the figure: the gauge shows only the value.
        title: { show: false },
        detail: { offsetCenter: [0, 0], fontSize: 24, color: text, formatter: (v: number) => (known ? formatPercent(v) : '-') },
        data: [{ value: known ? Math.round(value * 10) / 10 : 0, name }],
      },
    ],
  };
}

/** One bar per logical core, coloured by its level. */
export function buildCoresOption(cores: readonly number[], dark = false): ChartOption {
  const base = still(dark);
  const text = (base.textStyle as { color: string }).color;
  return {
    ...base,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    legend: { show: false },
    tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' }, valueFormatter: (v) => formatPercent(Number(v)) },
    xAxis: { type: 'category', data: cores.map((_, i) => `CPU${i}`), axisLabel: { color: text, hideOverlap: true } },
    yAxis: { ...(base.yAxis as object), min: 0, max: 100, axisLabel: { color: text, formatter: '{value}%' } },
    series: [
      {
        id: 'cores',
        type: 'bar',
        barMaxWidth: 24,
        data: cores.map((v) => ({ value: Math.round(v * 10) / 10, itemStyle: { color: usageColor(v) } })),
      },
    ],
  } as ChartOption;
}

/** The sample part of a `/api/server/stats` answer (what a history entry holds). */
export function sampleOf(stats: ServerSample): ServerSample {
  const { timestamp, cpu, loadavg, memory, swap, disk, network, gpu, uptime } = stats;
  return { timestamp, cpu, loadavg, memory, swap, disk, network, ...(gpu ? { gpu } : {}), uptime };
}
