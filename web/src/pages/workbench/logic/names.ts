/**
 * What the workbench shows for a project's owner and an instance's project and user: the name the API gives
 * (`ownerName`, `projectName`, `userName`), or `#<id>` when the service owning the name could not answer
 * (null) or an older API gave none. Pure, so it is unit-tested (test/workbench-names.test.ts).
 */
import type { ComfyService } from '../../../api/comfy';
import type { Project } from '../../../api/projects';
import type { Id } from '../../../api/types';

export const nameOrId = (name: string | null | undefined, id: Id): string => (name && name.trim() ? name : `#${id}`);

export const ownerLabel = (p: Pick<Project, 'ownerName' | 'ownerUserId'>) => nameOrId(p.ownerName, p.ownerUserId);
export const instanceProjectLabel = (s: Pick<ComfyService, 'projectName' | 'projectId'>) => nameOrId(s.projectName, s.projectId);
export const instanceUserLabel = (s: Pick<ComfyService, 'userName' | 'userId'>) => nameOrId(s.userName, s.userId);
