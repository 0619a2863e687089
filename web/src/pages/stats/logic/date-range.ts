/**
 * The statistics page's time range: presets (今天 / 近7天 / 近30天 / 近90天) → inclusive days. `/api/stats`,
 * `/api/logs` and `/api/export` all take the same `YYYY-MM-DD` days (api.md "Days and dates": the whole day,
 * `end` inclusive, in the platform's zone), so the chart, the totals, the log table and the export always
 * count the same logs.
 *
 * Days are calendar days of the platform's zone (PLATFORM_TIMEZONE, which `GET /api/stats/calendar` names), as
 * the stats service counts them: "today" is today there, whatever the browser's zone. Pure, unit-tested by
 * test/stats-date-range.test.ts.
 */
import dayjs, { type Dayjs } from 'dayjs';

export const DAY_FORMAT = 'YYYY-MM-DD';
export const RANGE_PRESETS = ['today', 'last7', 'last30', 'last90'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_PRESET: RangePreset = 'last7';

const PRESET_DAYS: Record<RangePreset, number> = { today: 1, last7: 7, last30: 30, last90: 90 };

/** Inclusive local days, `YYYY-MM-DD`. */
export interface DayRange {
  start: string;
  end: string;
}

type DayInput = Date | Dayjs | string | number;

const day = (value: DayInput) => dayjs(value).startOf('day');

export function presetDays(preset: RangePreset): number {
  return PRESET_DAYS[preset];
}

/** Today in an IANA zone (the platform's), `YYYY-MM-DD`: the "today" of the stats service. */
export function todayIn(zone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** `last7` ends today and starts six days earlier, so it covers seven calendar days. */
export function presetRange(preset: RangePreset, today: DayInput = new Date()): DayRange {
  const end = day(today);
  return { start: end.subtract(PRESET_DAYS[preset] - 1, 'day').format(DAY_FORMAT), end: end.format(DAY_FORMAT) };
}

/** The preset a range equals today, or null for a custom range. */
export function matchPreset(range: DayRange, today: DayInput = new Date()): RangePreset | null {
  return RANGE_PRESETS.find((p) => {
    const r = presetRange(p, today);
    return r.start === range.start && r.end === range.end;
  }) ?? null;
}

/** A picker's two dates as a range; reversed ends are swapped, a missing end uses the other one. */
export function toDayRange(a: DayInput | null | undefined, b: DayInput | null | undefined): DayRange | null {
  const first = a === null || a === undefined ? null : day(a);
  const second = b === null || b === undefined ? null : day(b);
  const from = first ?? second;
  const to = second ?? first;
  if (!from || !to || !from.isValid() || !to.isValid()) return null;
  const [lo, hi] = from.isAfter(to) ? [to, from] : [from, to];
  return { start: lo.format(DAY_FORMAT), end: hi.format(DAY_FORMAT) };
}

/** Every day of the range, oldest first (at most `limit`, so a silly range cannot hang the page). */
export function rangeDays(range: DayRange, limit = 3660): string[] {
  const days: string[] = [];
  const end = day(range.end);
  for (let d = day(range.start); !d.isAfter(end) && days.length < limit; d = d.add(1, 'day')) days.push(d.format(DAY_FORMAT));
  return days;
}
