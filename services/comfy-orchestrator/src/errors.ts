import { defineError } from '@app/service-kit';

// The orchestrator's typed errors, each declared once. The code is the envelope's stable `errorKey`, which
// the console translates (web/src/i18n/messages.ts `error.<KEY>`); the message stays Chinese.
export const InstanceNotFoundError = defineError('COMFY_INSTANCE_NOT_FOUND', '实例不存在', 404);
/** The message names the instance's status. */
export const InstanceNotRunningError = defineError('COMFY_INSTANCE_NOT_RUNNING', '%s', 503);
export const InstanceUnreachableError = defineError('COMFY_INSTANCE_UNREACHABLE', '实例暂不可用', 503);
// Opening an instance: the workbench hands out a single-use ticket, exchanged for a session cookie.
export const LinkExpiredError = defineError('COMFY_LINK_EXPIRED', '链接已失效，请从工作台重新打开', 401);
export const OpenFromWorkbenchError = defineError('COMFY_OPEN_FROM_WORKBENCH', '请从工作台打开 ComfyUI', 401);
