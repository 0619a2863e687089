/**
 * What `/api/stats` and `/api/logs` speak of: the dimensions, the generation statuses and the figures, with the
 * tolerant reader of a stats answer. Pure, unit-tested by test/stats-chart.test.ts and test/stats-format.test.ts.
 */

export const DIMENSIONS = ['day', 'project', 'user'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

import { GENERATION_STATUSES as LOG_STATUSES, type GenerationStatusValue as LogStatus } from '@app/contracts/statuses';

export { LOG_STATUSES, type LogStatus };

export function isLogStatus(value: unknown): value is LogStatus {
  return typeof value === 'string' && (LOG_STATUSES as readonly string[]).includes(value);
}

export interface StatsPoint {
  key: string;
  label: string;
  total: number;
  success: number;
  failed: number;
}

export interface StatsTotals {
  total: number;
  success: number;
  failed: number;
}

export interface StatsData {
  series: StatsPoint[];
  totals: StatsTotals;
}

/** A finite, non-negative count (anything else is 0). */
export function toCount(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

function toPoint(raw: unknown): StatsPoint | null {
  if (!isObject(raw)) return null;
  const key = raw.key ?? raw.date ?? raw.id;
  if (key === null || key === undefined || key === '') return null;
  const label = typeof raw.label === 'string' && raw.label ? raw.label : typeof raw.name === 'string' && raw.name ? raw.name : String(key);
  return { key: String(key), label, total: toCount(raw.total), success: toCount(raw.success), failed: toCount(raw.failed) };
}

export function sumTotals(series: readonly StatsPoint[]): StatsTotals {
  return series.reduce((acc, p) => ({ total: acc.total + p.total, success: acc.success + p.success, failed: acc.failed + p.failed }), {
    total: 0,
    success: 0,
    failed: 0,
  });
}

/** Tolerant reader: a bare array is the series; missing totals are summed from it. */
export function normalizeStats(data: unknown): StatsData {
  const rawSeries = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.series) ? data.series : [];
  const series = rawSeries.map(toPoint).filter((p): p is StatsPoint => p !== null);
  const rawTotals = isObject(data) && isObject(data.totals) ? data.totals : null;
  const totals = rawTotals
    ? { total: toCount(rawTotals.total), success: toCount(rawTotals.success), failed: toCount(rawTotals.failed) }
    : sumTotals(series);
  return { series, totals };
}
