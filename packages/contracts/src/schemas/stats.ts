// What the stats service answers besides the logs and figures: background tasks, the dashboard and the
// platform's calendar (api.md "Generation logs, stats, export, dashboard").
import { Type, type Static } from 'typebox';
import { Nullable } from '../schema-types.js';

/** A background task (xl_tasks) as its owner sees it: `GET /api/tasks/:taskId`. */
export const TaskSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  /** one of TASK_STATUSES */
  status: Type.String(),
  progress: Type.Integer(),
  error: Nullable(Type.String()),
  result: Type.Unknown(),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});
export type Task = Static<typeof TaskSchema>;

/** `GET /api/dashboard/stats`: the console's home page figures and the seven-day trend. */
export const DashboardSchema = Type.Object({
  totalVectors: Type.Integer(),
  dailyQueries: Type.Integer(),
  trend: Type.Array(Type.Object({ date: Type.String(), generations: Type.Integer(), queries: Type.Integer() })),
  totalProjects: Type.Integer(),
  runningServices: Type.Integer(),
  todayGenerations: Type.Integer(),
});
export type Dashboard = Static<typeof DashboardSchema>;

/** The platform's calendar, for clients that pick days (the console's presets and "today"). */
export const CalendarSchema = Type.Object({
  zone: Type.String({ description: 'PLATFORM_TIMEZONE: the IANA zone whose calendar days every day filter, rollup and trend uses', examples: ['Asia/Shanghai'] }),
  today: Type.String({ format: 'date', description: 'the current day in that zone, YYYY-MM-DD' }),
});
export type Calendar = Static<typeof CalendarSchema>;
