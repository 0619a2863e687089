import { Type } from 'typebox';
import { ValidationError } from './errors.js';

/**
 * The one date grammar of every `start`/`end` filter (api.md "Conventions" → "Days and dates"):
 * - `YYYY-MM-DD`: a calendar day in the platform's zone, the whole of it (`start` from its 00:00, `end`
 *   inclusive up to its last millisecond);
 * - an ISO-8601 date-time with `Z` or an offset (`2026-03-01T08:00:00+08:00`): that instant.
 * Stored times have millisecond precision (timestamptz(3)), so an inclusive end at `.999` misses nothing.
 */

/** The zone of this host (TZ, else the system's), the default of `PLATFORM_TIMEZONE`; UTC when unknown. */
export function hostZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Whether `name` is an IANA zone name this runtime knows (`Asia/Shanghai`, `UTC`). Offsets (`+08:00`) are
 * refused although newer Intl accepts them: PostgreSQL reads `AT TIME ZONE '+08:00'` with the POSIX sign,
 * the opposite way.
 */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The ajv format name of the grammar; `createServer` registers it (see `dateFormats`). */
export const DATE_OR_DATE_TIME = 'date-or-date-time';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** A parsed `start`/`end`: a calendar day, or an instant. */
export type DateOrInstant = { day: string } | { instant: Date };

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const validDay = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]);
/** A Date at UTC y-m-d h:mi:s.ms, years below 100 included (Date.UTC would add 1900 to them). */
function utc(y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

/** The value as a day or an instant; null when it is neither (2026-02-30, 25:00, a missing offset, …). */
export function parseDateOrDateTime(value: string): DateOrInstant | null {
  const date = DATE.exec(value);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    return validDay(y, m, d) ? { day: value } : null;
  }
  const dt = DATE_TIME.exec(value);
  if (!dt) return null;
  const [y, m, d, h, mi, s] = dt.slice(1, 7).map(Number);
  if (!validDay(y, m, d) || h > 23 || mi > 59 || s > 59) return null;
  const ms = dt[7] ? Number(dt[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMin = 0;
  if (!dt[8]) {
    const [oh, om] = [Number(dt[10]), Number(dt[11])];
    if (oh > 23 || om > 59) return null;
    offsetMin = (dt[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const t = utc(y, m, d, h, mi, s, ms) - offsetMin * 60_000;
  return Number.isFinite(t) ? { instant: new Date(t) } : null;
}

export const isDateOrDateTime = (value: string) => parseDateOrDateTime(value) !== null;

/** Formats for ajv (`customOptions.formats`). */
export const dateFormats = { [DATE_OR_DATE_TIME]: isDateOrDateTime };

/** A `start`/`end` query parameter: a day (`YYYY-MM-DD`, the whole day) or a date-time (that instant). */
export const DateOrDateTime = (description = 'YYYY-MM-DD (a whole calendar day of the platform zone) or an ISO-8601 date-time with Z or an offset (that instant)') =>
  Type.String({ format: DATE_OR_DATE_TIME, description, examples: ['2026-03-01', '2026-03-01T08:30:00+08:00'] });

// ---------------------------------------------------------------------------------------------------
// Calendar days of a zone, through Intl (any IANA zone, daylight saving included).

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Throws a RangeError for an unknown zone: a configuration error, never a user's.
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(t: number, zone: string) {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), mi: Number(parts.minute), s: Number(parts.second) };
}

/** How far the zone's wall clock is ahead of UTC at instant t, in ms. */
function offsetAt(t: number, zone: string): number {
  const w = wallClock(t, zone);
  const whole = t - (((t % 1000) + 1000) % 1000);
  return utc(w.y, w.m, w.d, w.h, w.mi, w.s) - whole;
}

const HOUR_MS = 3_600_000;

/**
 * Instants → their wall-clock time in the zone, as Dates whose UTC fields read it: what a spreadsheet cell
 * (which has no zone; exceljs writes a Date's UTC fields) must hold to show local time. Meant for many
 * instants in a row (an export): the offset is computed once per hour, since an hour whose two ends have
 * the same offset has it throughout (zones change offset at most once an hour); other hours go one by one.
 */
export function wallTimeIn(zone: string): (instant: Date) => Date {
  let from = NaN;
  let to = NaN;
  let offset = 0;
  return (instant) => {
    const t = instant.getTime();
    if (t >= from && t < to) return new Date(t + offset);
    const hour = t - (((t % HOUR_MS) + HOUR_MS) % HOUR_MS);
    const [first, next] = [offsetAt(hour, zone), offsetAt(hour + HOUR_MS, zone)];
    if (first !== next) return new Date(t + offsetAt(t, zone));
    [from, to, offset] = [hour, hour + HOUR_MS, first];
    return new Date(t + offset);
  };
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in the zone. */
export function dayOf(instant: Date, zone: string): string {
  const w = wallClock(instant.getTime(), zone);
  return `${String(w.y).padStart(4, '0')}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(utc(y, m, d + n)).toISOString().slice(0, 10);
}

/** The first instant of a calendar day in the zone (its 00:00, or the first wall time after a DST gap). */
export function startOfDay(day: string, zone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const midnight = utc(y, m, d);
  const first = midnight - offsetAt(midnight, zone);
  const second = midnight - offsetAt(first, zone);
  // Around an offset change the two guesses differ: the day starts at the earlier one that lies in it.
  const inDay = [first, second].filter((t) => dayOf(new Date(t), zone) === day);
  return new Date(inDay.length ? Math.min(...inDay) : Math.max(first, second));
}

/** The last millisecond of a calendar day in the zone. */
export const endOfDay = (day: string, zone: string): Date => new Date(startOfDay(addDays(day, 1), zone).getTime() - 1);

/** An inclusive range of instants; a missing bound is open. */
export interface InstantRange {
  start?: Date;
  end?: Date;
}

/**
 * The instants a `start`/`end` pair covers in the zone, both bounds inclusive: a day `start` from its first
 * instant, a day `end` up to its last millisecond, a date-time as it is. An `end` before `start` is a 400
 * naming the field; a value that is not the grammar (the schema refuses those first) is one too.
 */
export function rangeOf(q: { start?: string; end?: string }, zone: string, where = 'querystring'): InstantRange {
  const bound = (field: 'start' | 'end'): Date | undefined => {
    const raw = q[field];
    if (raw === undefined || raw === '') return undefined;
    const parsed = parseDateOrDateTime(raw);
    if (!parsed) throw new ValidationError(`${where}.${field} must be YYYY-MM-DD or an ISO-8601 date-time with an offset`);
    if ('instant' in parsed) return parsed.instant;
    return field === 'start' ? startOfDay(parsed.day, zone) : endOfDay(parsed.day, zone);
  };
  const range: InstantRange = { start: bound('start'), end: bound('end') };
  if (range.start && range.end && range.end < range.start) throw new ValidationError(`${where}.end must not be before ${where}.start`);
  return range;
}
