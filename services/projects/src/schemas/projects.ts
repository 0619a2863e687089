import { Type } from 'typebox';
import { Nullable, PageQuerySchema } from '@app/service-kit';

// The answers' shapes are shared with the console (@app/contracts); requests are this service's own.
export { ProjectSchema, ProjectServiceSchema } from '@app/contracts/schemas/projects';
export { OpenComfyResultSchema } from '@app/contracts/schemas/comfy';

// Not blank: the route trims it, and a name of spaces only would be stored empty.
const name = Type.String({ minLength: 1, maxLength: 64, pattern: '\\S', description: '1–64 characters, not only spaces' });
const code = Type.String({ pattern: '^[A-Za-z0-9_-]{2,32}$', description: '2–32 letters, digits, _ or -' });
const note = Nullable(Type.String({ maxLength: 500 }));

export const ProjectCreateSchema = Type.Object({ name, code, note: Type.Optional(note) });
export const ProjectUpdateSchema = Type.Object({ name: Type.Optional(name), code: Type.Optional(code), note: Type.Optional(note) });
export const ProjectParams = Type.Object({ projectId: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export const ProjectListQuery = Type.Intersect([PageQuerySchema, Type.Object({ keyword: Type.Optional(Type.String({ maxLength: 64 })) })]);

/**
 * `POST /internal/projects/owners` (body: contracts' NamesQuerySchema): who owns each project, so stats can
 * refuse logs for someone else's project. Deleted projects are included (ownership never changes); an
 * unknown id is simply absent.
 */
export const ProjectOwnersSchema = Type.Object({ owners: Type.Array(Type.Object({ id: Type.Integer(), ownerUserId: Type.Integer() })) });
