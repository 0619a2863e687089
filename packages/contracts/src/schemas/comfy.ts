// ComfyUI instances as the comfy-orchestrator reports them (api.md "Projects and ComfyUI"), also embedded in
// the projects service's answers.
import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from '../schema-types.js';

import { COMFY_STATUSES } from '../statuses.js';

export { COMFY_STATUSES, type ComfyStatus } from '../statuses.js';
export const ComfyStatusSchema = StringEnum(COMFY_STATUSES);

/** An instance: no data dir, no process start time (host details stay inside the orchestrator). */
export const ComfyInstanceSchema = Type.Object({
  serviceId: Type.String(),
  userId: Type.Integer(),
  projectId: Type.Integer(),
  port: Nullable(Type.Integer()),
  pid: Nullable(Type.Integer()),
  gpu: Nullable(Type.String()),
  status: ComfyStatusSchema,
  startedAt: Nullable(Type.String()),
  lastHeartbeat: Nullable(Type.String()),
  lastActivity: Nullable(Type.String()),
  stoppedAt: Nullable(Type.String()),
  restarts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type ComfyInstance = Static<typeof ComfyInstanceSchema>;

/** An instance on the public API: with its project's name (projects) and its user's username (auth), null when that service cannot answer. */
export const ComfyServiceSchema = Type.Object({
  ...ComfyInstanceSchema.properties,
  projectName: Nullable(Type.String()),
  userName: Nullable(Type.String()),
});
export type ComfyService = Static<typeof ComfyServiceSchema>;

/** `POST /api/projects/:projectId/open_comfy` (from the orchestrator's open): the instance and the URL that opens it. */
export const OpenComfyResultSchema = Type.Object({ serviceId: Type.String(), status: ComfyStatusSchema, url: Type.String() });
export type OpenComfyResult = Static<typeof OpenComfyResultSchema>;
