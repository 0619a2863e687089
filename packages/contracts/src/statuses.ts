// The status values the platform's records carry, as plain constants: the TypeBox schemas build on them, and
// the web imports them from here (this module has no runtime dependency, so it adds nothing to the bundle).

/** A ComfyUI instance's lifecycle: `starting → running → stopping → stopped`, or `crashed` / `failed`. */
export const COMFY_STATUSES = ['starting', 'running', 'stopping', 'stopped', 'crashed', 'failed'] as const;
export type ComfyStatus = (typeof COMFY_STATUSES)[number];

/** A background task (`xl_tasks.status`). */
export const TASK_STATUSES = ['waiting', 'active', 'completed', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A generation log. */
export const GENERATION_STATUSES = ['running', 'success', 'failed'] as const;
export type GenerationStatusValue = (typeof GENERATION_STATUSES)[number];

/** A component on the dashboard's health view: up, degraded (answers but not fully ready), or down. */
export const NODE_STATUSES = ['up', 'down', 'degraded'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

/** What a health item is: a backend service, a store, or one ComfyUI instance. */
export const NODE_KINDS = ['service', 'postgres', 'redis', 'vector-store', 'comfyui'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/**
 * A BullMQ job's state, plus `missing`: no job under the task's id (removed from Redis after it finished, never
 * queued, or a scheduled sync's run, whose job carries the schedule's id).
 */
export const JOB_STATES = ['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children', 'missing'] as const;
export type JobState = (typeof JOB_STATES)[number];
