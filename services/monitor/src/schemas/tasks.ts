import { Type } from 'typebox';
import { StringEnum, TASK_STATUSES, TASK_TYPES } from '@app/contracts';
import { DateOrDateTime, PageQuerySchema } from '@app/service-kit';

// Shared with the console (@app/contracts).
export { DashboardTaskSchema, DashboardTasksSchema } from '@app/contracts/schemas/dashboard-ops';

/** api.md "Days and dates": a day is the whole calendar day of the platform zone (`end` inclusive), a date-time that instant. */
export const TaskFiltersSchema = Type.Object({
  type: Type.Optional(StringEnum(TASK_TYPES)),
  status: Type.Optional(StringEnum(TASK_STATUSES)),
  owner: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: "the owner's user id; honoured for `*` holders only (everyone else sees their own tasks)" })),
  start: Type.Optional(DateOrDateTime('created from: YYYY-MM-DD (00:00 of that day in the platform zone) or an ISO-8601 date-time with Z or an offset')),
  end: Type.Optional(DateOrDateTime('created up to, inclusive: YYYY-MM-DD (the whole of that day in the platform zone) or an ISO-8601 date-time with Z or an offset')),
});
export const TaskListQuerySchema = Type.Intersect([PageQuerySchema, TaskFiltersSchema]);

export const TaskIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
