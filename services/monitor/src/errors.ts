import { defineError } from '@app/service-kit';

// The monitor's typed errors, each declared once. The code is the envelope's stable `errorKey`, which the
// console translates (web/src/i18n/messages.ts `error.<KEY>`); the message stays Chinese.
/** Also another user's task, for a non-admin: whether an id exists is not theirs to learn. */
export const TaskNotFoundError = defineError('MON_TASK_NOT_FOUND', '任务不存在', 404);
/** `?node=` names no node the monitor knows (none published within the history window). */
export const NodeNotFoundError = defineError('MON_NODE_NOT_FOUND', '节点不存在', 404);
/** Another node's history is in Redis, and Redis cannot be read now (the monitor's own node still answers). */
export const SamplesUnavailableError = defineError('MON_SAMPLES_UNAVAILABLE', '监控数据暂不可用', 503);
