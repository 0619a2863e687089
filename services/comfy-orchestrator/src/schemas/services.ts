import { Type } from 'typebox';
import { Nullable } from '@app/service-kit';

export const ServiceSchema = Type.Object({
  serviceId: Type.String(),
  userId: Type.Integer(),
  projectId: Type.Integer(),
  port: Nullable(Type.Integer()),
  pid: Nullable(Type.Integer()),
  gpu: Nullable(Type.String()),
  status: Type.String(),
  startedAt: Nullable(Type.String()),
  lastHeartbeat: Nullable(Type.String()),
  lastActivity: Nullable(Type.String()),
  stoppedAt: Nullable(Type.String()),
  restarts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
});

/** An instance on the public API: with its project's name (projects) and its user's username (auth), null when that service cannot answer. */
export const ServiceViewSchema = Type.Object({
  ...ServiceSchema.properties,
  projectName: Nullable(Type.String()),
  userName: Nullable(Type.String()),
});

export const ServiceIdParams = Type.Object({ serviceId: Type.String({ format: 'uuid' }) });

export const OpenBodySchema = Type.Object({
  projectId: Type.Integer({ minimum: 1 }),
  userId: Type.Integer({ minimum: 1 }),
  /** The caller's login session (`fid` of their access token): the browser session ends with it. */
  sessionId: Type.Optional(Type.String({ maxLength: 128 })),
});
export const OpenResultSchema = Type.Object({ serviceId: Type.String(), status: Type.String(), url: Type.String() });
export const ProjectIdsQuery = Type.Object({ projectIds: Type.String({ pattern: '^\\d+(,\\d+)*$', maxLength: 2000 }) });
export const ProjectStatusSchema = Type.Record(Type.String(), ServiceSchema);
