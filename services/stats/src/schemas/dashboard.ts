import { Type } from 'typebox';

/** `GET /api/dashboard/stats`: the console's home page figures and the seven-day trend. */
export const DashboardSchema = Type.Object({
  totalVectors: Type.Integer(),
  dailyQueries: Type.Integer(),
  trend: Type.Array(Type.Object({ date: Type.String(), generations: Type.Integer(), queries: Type.Integer() })),
  totalProjects: Type.Integer(),
  runningServices: Type.Integer(),
  todayGenerations: Type.Integer(),
});
