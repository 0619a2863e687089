/**
 * The "数据生成" flow without the DOM: ask open_comfy, and while the instance is starting poll it every
 * second (up to 90 s) until it runs, fails or stops. The page opens the tab; this decides what to show.
 */
import type { ComfyStatus } from '../../../api/comfy';
import type { OpenComfyResult } from '../../../api/projects';
import type { Id } from '../../../api/types';

export const OPEN_POLL_INTERVAL_MS = 1_000;
export const OPEN_POLL_TIMEOUT_MS = 90_000;

export type PollDecision = 'wait' | 'ready' | 'failed' | 'stopped' | 'timeout';

export function pollDecision(status: string | null | undefined, elapsedMs: number, timeoutMs = OPEN_POLL_TIMEOUT_MS): PollDecision {
  if (status === 'running') return 'ready';
  if (status === 'failed' || status === 'crashed') return 'failed';
  if (status === 'stopped' || status === 'stopping') return 'stopped';
  return elapsedMs >= timeoutMs ? 'timeout' : 'wait';
}

type ErrorLike = { code?: unknown; status?: unknown; message?: unknown };
const errorCode = (error: unknown): number | null => {
  const e = (error ?? {}) as ErrorLike;
  if (typeof e.code === 'number' && e.code > 0) return e.code;
  return typeof e.status === 'number' && e.status > 0 ? e.status : null;
};
const errorMessage = (error: unknown) => {
  const m = ((error ?? {}) as ErrorLike).message;
  return typeof m === 'string' ? m : '';
};

/** open_comfy's 403: the running instance belongs to another user (or the project is not ours). */
export function isForbidden(error: unknown): boolean {
  return errorCode(error) === 403;
}

/** A 4xx will not change by asking again; a network blip or 5xx during polling might. */
function isFinal(error: unknown): boolean {
  const code = errorCode(error);
  return code !== null && code >= 400 && code < 500;
}

export type LaunchOutcome =
  | { kind: 'ready'; url: string; serviceId: Id }
  | { kind: 'forbidden'; message: string }
  | { kind: 'failed'; status: ComfyStatus; lastError: string | null }
  | { kind: 'stopped' }
  | { kind: 'timeout' }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string };

export interface LaunchDeps {
  open: (projectId: Id) => Promise<OpenComfyResult>;
  fetchService: (serviceId: Id) => Promise<{ status: ComfyStatus; lastError?: string | null }>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Called once when the instance turned out to be starting (the page refreshes its status). */
  onStarting?: (serviceId: Id) => void;
  /** True once waiting no longer matters (the user closed the tab we opened). */
  cancelled?: () => boolean;
  intervalMs?: number;
  timeoutMs?: number;
}

export async function launchComfy(projectId: Id, deps: LaunchDeps): Promise<LaunchOutcome> {
  const intervalMs = deps.intervalMs ?? OPEN_POLL_INTERVAL_MS;
  const timeoutMs = deps.timeoutMs ?? OPEN_POLL_TIMEOUT_MS;

  let first: OpenComfyResult;
  try {
    first = await deps.open(projectId);
  } catch (error) {
    return isForbidden(error) ? { kind: 'forbidden', message: errorMessage(error) } : { kind: 'error', message: errorMessage(error) };
  }
  if (first.status === 'running') return { kind: 'ready', url: first.url, serviceId: first.serviceId };

  deps.onStarting?.(first.serviceId);
  const startedAt = deps.now();
  for (;;) {
    await deps.sleep(intervalMs);
    if (deps.cancelled?.()) return { kind: 'cancelled' };
    const elapsed = deps.now() - startedAt;
    let status: ComfyStatus | undefined;
    let lastError: string | null = null;
    try {
      const service = await deps.fetchService(first.serviceId);
      status = service.status;
      lastError = service.lastError ?? null;
    } catch (error) {
      if (isFinal(error)) return { kind: 'error', message: errorMessage(error) };
    }
    const decision = pollDecision(status, elapsed, timeoutMs);
    if (decision === 'wait') continue;
    if (decision === 'timeout') return { kind: 'timeout' };
    if (decision === 'stopped') return { kind: 'stopped' };
    if (decision === 'failed') return { kind: 'failed', status: status as ComfyStatus, lastError };
    break;
  }

  // The first ticket may be near its expiry after a slow start: ask again, the running instance is reused.
  try {
    const fresh = await deps.open(projectId);
    return { kind: 'ready', url: fresh.url || first.url, serviceId: fresh.serviceId ?? first.serviceId };
  } catch (error) {
    return isForbidden(error) ? { kind: 'forbidden', message: errorMessage(error) } : { kind: 'error', message: errorMessage(error) };
  }
}

/** The tab is navigated with an absolute URL so a blank tab's own base cannot change where it goes. */
export function absoluteUrl(url: string, origin: string): string {
  try {
    return new URL(url, origin).href;
  } catch {
    return url;
  }
}
