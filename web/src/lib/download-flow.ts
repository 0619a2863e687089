/**
 * The export download as a sequence — ask, then either save the file (200) or poll the task (202)
 * and fetch its file — with every side effect injected, so the whole flow is unit-tested
 * (test/stats-download.test.ts). `api/stats.ts` wires it to `fetch`, the session token and the DOM.
 */
import { decideExport, fallbackFilename, filenameFromDisposition, TASK_POLL_MS, taskStep, type TaskLike } from './export-answer.js';

/** The part of a fetch `Response` the flow reads. */
export interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  blob(): Promise<Blob>;
  text(): Promise<string>;
}

export interface PolledTask extends TaskLike {
  id: string;
  status: string;
  progress: number;
}

export interface FlowDeps {
  /** GET with the user's credentials. */
  get(url: string, signal?: AbortSignal): Promise<ResponseLike>;
  /** `GET /api/tasks/:id`; rejects with an error carrying `code` (the envelope's) or `status` (HTTP) when it can. */
  getTask(taskId: string, signal?: AbortSignal): Promise<PolledTask>;
  save(blob: Blob, filename: string): void;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Texts for failures the server did not explain. */
  messages: { failed: string; taskFailed: string };
}

export interface FlowOptions {
  signal?: AbortSignal;
  onTask?: (task: PolledTask) => void;
  pollMs?: number;
  fallbackName?: string;
  maxPollFailures?: number;
}

export interface DownloadResult {
  filename: string;
  size: number;
  taskId?: string;
}

/** A failed export: `message` is ready to show. */
export class DownloadError extends Error {
  readonly status: number;
  readonly taskId?: string;

  constructor(message: string, status = 0, taskId?: string) {
    super(message);
    this.name = 'DownloadError';
    this.status = status;
    this.taskId = taskId;
  }
}

export const isAbortError = (error: unknown) => (error as Error)?.name === 'AbortError';

/** What a failed poll says: the envelope's `code` (an `ApiError`; HTTP 200 with API_ERROR_STATUS=ok), else `status`. */
function failureCode(error: unknown): number {
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  if (typeof code === 'number' && code > 0) return code;
  return typeof status === 'number' ? status : 0;
}

export const taskDownloadUrl = (taskId: string) => `/api/tasks/${encodeURIComponent(taskId)}/download`;

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

type Fetched = { kind: 'file'; blob: Blob; filename: string } | { kind: 'task'; taskId: string };

async function fetchFileOrTask(deps: FlowDeps, url: string, options: FlowOptions, taskId?: string): Promise<Fetched> {
  const response = await deps.get(url, options.signal);
  const headers = { contentType: response.headers.get('Content-Type'), disposition: response.headers.get('Content-Disposition') };
  if (decideExport(response.status, headers).kind === 'file') {
    const blob = await response.blob();
    return { kind: 'file', blob, filename: filenameFromDisposition(headers.disposition) ?? options.fallbackName ?? fallbackFilename() };
  }
  const decision = decideExport(response.status, headers, parseJson(await response.text().catch(() => '')));
  // A task's download must be the file; a second task there is as wrong as an error.
  if (decision.kind === 'task' && !taskId) return decision;
  const message = decision.kind === 'error' && decision.message ? decision.message : deps.messages.failed;
  // The envelope's code: with API_ERROR_STATUS=ok an error arrives as HTTP 200.
  throw new DownloadError(message, decision.kind === 'error' ? decision.code : response.status, taskId);
}

async function waitForTask(deps: FlowDeps, taskId: string, options: FlowOptions): Promise<PolledTask> {
  const pollMs = options.pollMs ?? TASK_POLL_MS;
  const maxFailures = options.maxPollFailures ?? 5;
  let failures = 0;
  options.onTask?.({ id: taskId, status: 'waiting', progress: 0 });
  for (;;) {
    await deps.sleep(pollMs, options.signal);
    let task: PolledTask;
    try {
      task = await deps.getTask(taskId, options.signal);
      failures = 0;
    } catch (error) {
      if (isAbortError(error)) throw error;
      const status = failureCode(error);
      // The task is gone or not ours: asking again will not help. Network hiccups get a few retries.
      if (status === 401 || status === 403 || status === 404 || ++failures >= maxFailures) {
        throw new DownloadError((error as Error)?.message || deps.messages.failed, status, taskId);
      }
      continue;
    }
    options.onTask?.(task);
    const step = taskStep(task);
    if (step === 'download') return task;
    if (step === 'failed') throw new DownloadError(task.error || deps.messages.taskFailed, 0, taskId);
  }
}

/**
 * Downloads `url` and saves the file. On 202 `{ taskId }` polls the task every `pollMs` (first poll
 * after one interval), reporting it through `onTask`, then fetches `/api/tasks/:taskId/download`.
 * Rejects with a `DownloadError`, or an `AbortError` when `signal` aborts.
 */
export async function runDownload(deps: FlowDeps, url: string, options: FlowOptions = {}): Promise<DownloadResult> {
  const first = await fetchFileOrTask(deps, url, options);
  if (first.kind === 'file') {
    deps.save(first.blob, first.filename);
    return { filename: first.filename, size: first.blob.size };
  }
  const { taskId } = first;
  await waitForTask(deps, taskId, options);
  const file = await fetchFileOrTask(deps, taskDownloadUrl(taskId), options, taskId);
  if (file.kind !== 'file') throw new DownloadError(deps.messages.failed, 0, taskId);
  deps.save(file.blob, file.filename);
  return { filename: file.filename, size: file.blob.size, taskId };
}
