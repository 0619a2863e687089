import { Type } from 'typebox';
import { GenerationStatus } from '@app/contracts';
import { DateOrDateTime, Nullable, PageQuerySchema } from '@app/service-kit';

// Shared with the console (@app/contracts).
export { CalendarSchema } from '@app/contracts/schemas/stats';

export const LogInputSchema = Type.Object({
  /** Client-chosen id: a retried POST with the same id is stored once. */
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  projectId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  status: GenerationStatus,
  concurrentId: Type.Optional(Type.String({ maxLength: 128 })),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  timestamp: Type.Optional(Type.String({ format: 'date-time' })),
  durationMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
  /** Only `*` holders may log for another user. */
  userId: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const LogBatchSchema = Type.Union([LogInputSchema, Type.Array(LogInputSchema, { minItems: 1, maxItems: 5000 })]);
export const IngestResultSchema = Type.Object({ accepted: Type.Integer(), inserted: Type.Integer(), completed: Type.Integer(), duplicates: Type.Integer() });

/** api.md "Days and dates": a day is the whole calendar day of the platform zone (`end` inclusive), a date-time that instant. */
export const LogFiltersSchema = Type.Object({
  start: Type.Optional(DateOrDateTime('from: YYYY-MM-DD (00:00 of that day in the platform zone) or an ISO-8601 date-time with Z or an offset')),
  end: Type.Optional(DateOrDateTime('up to, inclusive: YYYY-MM-DD (the whole of that day in the platform zone) or an ISO-8601 date-time with Z or an offset')),
  projectId: Type.Optional(Type.Integer({ minimum: 1 })),
  userId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(GenerationStatus),
});
export const LogQuerySchema = Type.Intersect([PageQuerySchema, LogFiltersSchema]);

export const LogSchema = Type.Object({
  logId: Type.String(),
  userId: Type.Integer(),
  /** null when the auth service is unreachable (or the user is gone) */
  userName: Nullable(Type.String()),
  projectId: Type.Integer(),
  projectName: Nullable(Type.String()),
  serviceId: Nullable(Type.String()),
  promptId: Nullable(Type.String()),
  status: Type.String(),
  timestamp: Type.String(),
  durationMs: Nullable(Type.Integer()),
  concurrentId: Nullable(Type.String()),
  details: Type.Unknown(),
});

/**
 * The same grammar as the log filters. Stats are counted per calendar day of the platform zone from the daily
 * rollup; a date-time that cuts a day (not a day's first instant for `start`, not its last millisecond for
 * `end`) counts that partial day from the raw logs instead, so the figures always equal `/api/logs` with the
 * same filters. `dimension=day` lists every day the range touches.
 */
const PARTIAL_DAYS = ' A date-time inside a day counts that partial day from the raw logs, so totals equal /api/logs with the same filters.';
export const StatsQuerySchema = Type.Object({
  start: DateOrDateTime(`from: YYYY-MM-DD (the whole day in the platform zone) or an ISO-8601 date-time with Z or an offset.${PARTIAL_DAYS}`),
  end: DateOrDateTime(`up to, inclusive: YYYY-MM-DD (the whole day in the platform zone) or an ISO-8601 date-time with Z or an offset.${PARTIAL_DAYS}`),
  dimension: Type.Union([Type.Literal('day'), Type.Literal('project'), Type.Literal('user')], { default: 'day' }),
  projectId: Type.Optional(Type.Integer({ minimum: 1 })),
  userId: Type.Optional(Type.Integer({ minimum: 1 })),
});
const Counts = { total: Type.Integer(), success: Type.Integer(), failed: Type.Integer() };
export const StatsSchema = Type.Object({
  series: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), ...Counts })),
  totals: Type.Object(Counts),
});
