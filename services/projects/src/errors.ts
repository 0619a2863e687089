import { defineError } from '@app/service-kit';

// The projects service's typed errors, each declared once. The code is the envelope's stable `errorKey`, which
// the console translates (web/src/i18n/messages.ts `error.<KEY>`); the message stays Chinese.
export const ProjectNotFoundError = defineError('PROJ_NOT_FOUND', '项目不存在', 404);
export const ProjectCodeTakenError = defineError('PROJ_CODE_TAKEN', '项目编号已存在', 409);
