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
