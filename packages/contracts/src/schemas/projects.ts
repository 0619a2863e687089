// Projects as the projects service answers them (api.md "Projects and ComfyUI", seed 000 §2.2).
import { Type, type Static } from 'typebox';
import { Nullable } from '../schema-types.js';
import { ComfyInstanceSchema } from './comfy.js';

const instance = ComfyInstanceSchema.properties;

/** The project's latest ComfyUI instance, as embedded in the project. */
export const ProjectServiceSchema = Type.Object({
  serviceId: instance.serviceId,
  userId: instance.userId,
  status: instance.status,
  port: instance.port,
  startedAt: instance.startedAt,
  lastHeartbeat: instance.lastHeartbeat,
  restarts: instance.restarts,
  lastError: instance.lastError,
});
export type ProjectService = Static<typeof ProjectServiceSchema>;

export const ProjectSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  code: Type.String(),
  note: Nullable(Type.String()),
  ownerUserId: Type.Integer(),
  /** The owner's username (auth); null when auth cannot answer or the user is gone. */
  ownerName: Nullable(Type.String()),
  /** ISO-8601 (seed 000 keeps the `create_time` name) */
  createTime: Type.String(),
  updatedAt: Type.String(),
  service: Nullable(ProjectServiceSchema),
});
export type Project = Static<typeof ProjectSchema>;
