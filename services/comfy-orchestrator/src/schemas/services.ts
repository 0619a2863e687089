import { Type } from 'typebox';
import { ComfyInstanceSchema } from '@app/contracts/schemas/comfy';

// The answers' shapes are shared with the console and the projects service (@app/contracts).
export { ComfyServiceSchema, OpenComfyResultSchema } from '@app/contracts/schemas/comfy';

export const ServiceIdParams = Type.Object({ serviceId: Type.String({ format: 'uuid' }) });

export const OpenBodySchema = Type.Object({
  projectId: Type.Integer({ minimum: 1 }),
  userId: Type.Integer({ minimum: 1 }),
  /** The caller's login session (`fid` of their access token): the browser session ends with it. */
  sessionId: Type.Optional(Type.String({ maxLength: 128 })),
});
export const ProjectIdsQuery = Type.Object({ projectIds: Type.String({ pattern: '^\\d+(,\\d+)*$', maxLength: 2000 }) });
export const ProjectStatusSchema = Type.Record(Type.String(), ComfyInstanceSchema);
