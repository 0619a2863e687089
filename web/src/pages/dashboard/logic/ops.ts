/**
 * The dashboard's operations views (resources, tasks, health): status → badge, a task's progress bar, the
 * health round's tally. Pure, unit-tested by test/dashboard-ops.test.ts.
 */
import { JOB_STATES, NODE_KINDS, NODE_STATUSES, TASK_STATUSES, type NodeKind, type NodeStatus, type TaskStatus } from '@app/contracts/statuses';
import type { TaskType } from '@app/contracts/queues';
import type { MessageKey } from '../../../i18n/messages';

export { JOB_STATES, NODE_KINDS, NODE_STATUSES, TASK_STATUSES };

/** antd Badge / Tag statuses. */
export type BadgeStatus = 'success' | 'processing' | 'warning' | 'error' | 'default';

export interface Badge {
  status: BadgeStatus;
  labelKey: MessageKey;
}

const NODE_BADGES: Record<NodeStatus, BadgeStatus> = { up: 'success', degraded: 'warning', down: 'error' };

/** A component's or a monitored node's status (`up` / `degraded` / `down`); anything else is unknown. */
export function nodeBadge(status: string | null | undefined): Badge {
  return (NODE_STATUSES as readonly string[]).includes(status ?? '')
    ? { status: NODE_BADGES[status as NodeStatus], labelKey: `dashboard.status.${status as NodeStatus}` }
    : { status: 'default', labelKey: 'dashboard.status.unknown' };
}

const TASK_BADGES: Record<TaskStatus, BadgeStatus> = { waiting: 'default', active: 'processing', completed: 'success', failed: 'error', cancelled: 'warning' };

export function taskBadge(status: string | null | undefined): Badge {
  return (TASK_STATUSES as readonly string[]).includes(status ?? '')
    ? { status: TASK_BADGES[status as TaskStatus], labelKey: `dashboard.tasks.status.${status as TaskStatus}` }
    : { status: 'default', labelKey: 'dashboard.status.unknown' };
}

/** antd Progress: the percent (0–100, whole) and its look. */
export interface TaskProgress {
  percent: number;
  status: 'active' | 'success' | 'exception' | 'normal';
}

/** A completed task is full and green, a failed one red where it stopped, a running one animated. */
export function taskProgress(task: { status: string; progress?: number | null }): TaskProgress {
  const raw = typeof task.progress === 'number' && Number.isFinite(task.progress) ? task.progress : 0;
  const percent = Math.round(Math.min(100, Math.max(0, raw)));
  if (task.status === 'completed') return { percent: 100, status: 'success' };
  if (task.status === 'failed') return { percent, status: 'exception' };
  if (task.status === 'active') return { percent, status: 'active' };
  return { percent, status: 'normal' };
}

/** The task list asks again this often (tasks move; paused while the tab is hidden). */
export const TASKS_REFRESH_MS = 5_000;
export const TASKS_PAGE_SIZE = 10;

/** How many components are up, degraded and down, and the worst of them (the card's headline). */
export function healthTally(items: readonly { status: string }[]): Record<NodeStatus, number> & { worst: NodeStatus | null } {
  const tally = { up: 0, degraded: 0, down: 0 };
  for (const item of items) if (item.status in tally) tally[item.status as NodeStatus]++;
  const worst: NodeStatus | null = tally.down ? 'down' : tally.degraded ? 'degraded' : tally.up ? 'up' : null;
  return { ...tally, worst };
}

/** 12 → "12 ms"; unknown (the component was not timed) → "-". */
export function formatLatency(ms: number | null | undefined): string {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? `${Math.round(ms)} ms` : '-';
}

/** The owner's name, else `#id`, else "-" (a system task). */
export function taskOwner(task: { userName?: string | null; userId?: number | null }): string {
  if (task.userName) return task.userName;
  return typeof task.userId === 'number' ? `#${task.userId}` : '-';
}

/** Every task type's name (a type the contracts add fails the type check until it is named here). */
const TASK_TYPE_KEYS: Record<TaskType, MessageKey> = {
  export: 'dashboard.tasks.type.export',
  vector_build: 'dashboard.tasks.type.vector_build',
  vector_sync: 'dashboard.tasks.type.vector_sync',
};

/** The task types, for the list's filter. */
export const TASK_TYPE_OPTIONS = Object.keys(TASK_TYPE_KEYS) as TaskType[];

/** The catalogue key of a task type; null for a type this console does not know (shown as sent). */
export function taskTypeKey(type: string): MessageKey | null {
  return Object.hasOwn(TASK_TYPE_KEYS, type) ? TASK_TYPE_KEYS[type as TaskType] : null;
}

const NODE_KIND_KEYS: Record<NodeKind, MessageKey> = {
  service: 'dashboard.health.kind.service',
  postgres: 'dashboard.health.kind.postgres',
  redis: 'dashboard.health.kind.redis',
  'vector-store': 'dashboard.health.kind.vector-store',
  comfyui: 'dashboard.health.kind.comfyui',
};

/** The catalogue key of a health item's kind; null for a kind this console does not know (shown as sent). */
export function nodeKindKey(kind: string): MessageKey | null {
  return Object.hasOwn(NODE_KIND_KEYS, kind) ? NODE_KIND_KEYS[kind as NodeKind] : null;
}
