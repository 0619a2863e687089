import type { SystemLog } from '@app/db';
import { scrub } from '@app/service-kit';

/** A log as the API shows it. */
export function systemLogView(log: SystemLog) {
  return {
    id: log.id,
    type: log.type,
    action: log.action,
    userId: log.userId,
    username: log.username,
    ip: log.ip,
    method: log.method,
    path: log.path,
    status: log.status,
    durationMs: log.durationMs,
    // Writers scrub before storing; scrubbing again costs little and covers rows written by older code.
    detail: scrub(log.detail ?? null),
    createdAt: log.createdAt.toISOString(),
  };
}
