import type { ComfyInstance, ComfyStatus } from '@app/contracts';
import type { ComfyuiService } from '@app/db';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** An instance as the API shows it: no data dir, no process start time (host details stay inside). */
export function present(row: ComfyuiService): ComfyInstance {
  return {
    serviceId: row.serviceId,
    userId: row.userId,
    projectId: row.projectId,
    port: row.port,
    pid: row.pid,
    gpu: row.gpu,
    // written only by the supervisor, with one of these
    status: row.status as ComfyStatus,
    startedAt: iso(row.startedAt),
    lastHeartbeat: iso(row.lastHeartbeat),
    lastActivity: iso(row.lastActivity),
    stoppedAt: iso(row.stoppedAt),
    restarts: row.restarts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
  };
}
