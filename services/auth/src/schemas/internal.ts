// Schemas of the routes for other services only (`/internal/*`, behind INTERNAL_TOKEN, never exposed by the gateway).
import { Type } from 'typebox';

export const RoleKeyParamsSchema = Type.Object({ roleKey: Type.String({ minLength: 1, maxLength: 64 }) });
export const RolePermissionsSchema = Type.Object({ roleKey: Type.String(), permissions: Type.Array(Type.String()) });

export const DailyLogsQuerySchema = Type.Object({
  type: Type.Union(['login', 'operation', 'security', 'search', 'error'].map((v) => Type.Literal(v))),
  since: Type.String({ format: 'date' }),
  userId: Type.Optional(Type.Integer({ minimum: 1 })),
});
export const DailyLogsSchema = Type.Object({ days: Type.Array(Type.Object({ date: Type.String(), count: Type.Integer() })) });
