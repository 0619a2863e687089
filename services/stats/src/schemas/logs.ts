import { Type } from 'typebox';
import { Nullable, PageQuerySchema } from '@app/service-kit';

const Status = Type.Union([Type.Literal('running'), Type.Literal('success'), Type.Literal('failed')]);

export const LogInputSchema = Type.Object({
  /** Client-chosen id: a retried POST with the same id is stored once. */
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  projectId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  status: Status,
  concurrentId: Type.Optional(Type.String({ maxLength: 128 })),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  timestamp: Type.Optional(Type.String({ format: 'date-time' })),
  durationMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
  /** Only `*` holders may log for another user. */
  userId: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const LogBatchSchema = Type.Union([LogInputSchema, Type.Array(LogInputSchema, { minItems: 1, maxItems: 5000 })]);
export const IngestResultSchema = Type.Object({ accepted: Type.Integer(), inserted: Type.Integer(), completed: Type.Integer(), duplicates: Type.Integer() });

export const LogFiltersSchema = Type.Object({
  start: Type.Optional(Type.String({ format: 'date-time' })),
  end: Type.Optional(Type.String({ format: 'date-time' })),
  projectId: Type.Optional(Type.Integer({ minimum: 1 })),
  userId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Status),
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

/** A calendar day, YYYY-MM-DD: the `date` format refuses 2026-02-30, which Date.parse would make March 2nd. */
const Day = Type.String({ format: 'date' });
export const StatsQuerySchema = Type.Object({
  start: Day,
  end: Day,
  dimension: Type.Union([Type.Literal('day'), Type.Literal('project'), Type.Literal('user')], { default: 'day' }),
  projectId: Type.Optional(Type.Integer({ minimum: 1 })),
  userId: Type.Optional(Type.Integer({ minimum: 1 })),
});
const Counts = { total: Type.Integer(), success: Type.Integer(), failed: Type.Integer() };
export const StatsSchema = Type.Object({
  series: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), ...Counts })),
  totals: Type.Object(Counts),
});
