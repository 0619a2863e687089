/**
 * How a ComfyUI instance's status is shown and how often the pages ask again. Pure, so the colours
 * and the polling rhythm are unit-tested (test/workbench-status.test.ts).
 */
import type { ComfyStatus } from '../../../api/comfy';
import type { Id } from '../../../api/types';
import type { MessageKey } from '../../../i18n/messages';

import { COMFY_STATUSES } from '@app/contracts/statuses';

export { COMFY_STATUSES };

/** antd Tag colours: the status presets animate nothing, the spinner comes from `busy`. */
export type StatusColor = 'processing' | 'success' | 'warning' | 'default' | 'volcano' | 'error';

export interface StatusBadge {
  /** `none`: the project has no instance yet; `unknown`: a status this console does not know. */
  status: ComfyStatus | 'none' | 'unknown';
  color: StatusColor;
  labelKey: MessageKey;
  /** In transition (starting / stopping): shown with a spinner and refreshed faster. */
  busy: boolean;
}

const COLORS: Record<ComfyStatus, StatusColor> = {
  starting: 'processing',
  running: 'success',
  stopping: 'warning',
  stopped: 'default',
  // A crash is retried with backoff by the orchestrator; `failed` means it gave up.
  crashed: 'volcano',
  failed: 'error',
};

export function isComfyStatus(value: unknown): value is ComfyStatus {
  return typeof value === 'string' && (COMFY_STATUSES as readonly string[]).includes(value);
}

export function isBusyStatus(status: unknown): boolean {
  return status === 'starting' || status === 'stopping';
}

export function statusBadge(status: string | null | undefined): StatusBadge {
  if (status === null || status === undefined || status === '') {
    return { status: 'none', color: 'default', labelKey: 'workbench.status.none', busy: false };
  }
  if (!isComfyStatus(status)) return { status: 'unknown', color: 'default', labelKey: 'workbench.status.unknown', busy: false };
  return { status, color: COLORS[status], labelKey: `workbench.status.${status}`, busy: isBusyStatus(status) };
}

export const FAST_REFRESH_MS = 5_000;
export const SLOW_REFRESH_MS = 15_000;
export const INSTANCES_REFRESH_MS = 5_000;

/** The workbench asks every 5 s while a card is starting or stopping, every 15 s otherwise. */
export function projectsRefreshInterval(projects: readonly { service?: { status?: string | null } | null }[] | null | undefined): number {
  return (projects ?? []).some((p) => isBusyStatus(p.service?.status)) ? FAST_REFRESH_MS : SLOW_REFRESH_MS;
}

export interface InstanceActions {
  /** Started by the signed-in user: only the owner may open it (the proxy is owner only). */
  own: boolean;
  canOpen: boolean;
  canStop: boolean;
  canRestart: boolean;
}

/** Which buttons of an instance row are enabled for the signed-in user. */
export function instanceActions(service: { userId: Id; status: string }, currentUserId: Id | null | undefined): InstanceActions {
  const own = currentUserId !== null && currentUserId !== undefined && String(service.userId) === String(currentUserId);
  const s = service.status;
  return {
    own,
    // Opening a stopped or failed instance starts it again through open_comfy, as the card's button does.
    canOpen: own && s !== 'stopping',
    canStop: s === 'starting' || s === 'running' || s === 'crashed',
    canRestart: s !== 'starting' && s !== 'stopping',
  };
}
