/**
 * Generation logs, statistics, Excel export and the dashboard figures (services/stats, api.md
 * "Generation logs, stats, export, dashboard"). The decisions about export responses and task
 * progress are pure and live in `pages/stats/logic/export.ts`.
 */
import { parseJson } from '../lib/envelope';
import { toPage, type Page } from '../lib/page';
import { toQueryString, type QueryValue } from '../lib/query-string';
import { tNow } from '../i18n/preferences';
import { normalizeStats, type Dimension, type StatsData } from '../pages/stats/logic/chart-option';
import { decideExport, fallbackFilename, filenameFromDisposition, TASK_POLL_MS, taskStep } from '../pages/stats/logic/export';
import type { LogStatus } from '../pages/stats/logic/format';
import { ApiError, http, type RequestOptions } from './http';
import { endSession, getToken, refreshTokens } from './session';
import type { Id } from './types';

export type { Dimension, StatsData, LogStatus };

export interface GenerationLog {
  logId: string;
  userId: Id;
  projectId: Id;
  serviceId?: Id | null;
  promptId?: string | null;
  status: LogStatus | string;
  /** ISO-8601. */
  timestamp: string;
  durationMs?: number | null;
  concurrentId?: string | null;
  details?: unknown;
  /** Names some backends join in; the page falls back to its own lists. */
  userName?: string | null;
  username?: string | null;
  projectName?: string | null;
}

/** Filters shared by `/api/logs` and `/api/export`; `start` / `end` are ISO instants. */
export interface LogFilters {
  start?: string;
  end?: string;
  projectId?: Id;
  /** Honoured for `*` holders only. */
  userId?: Id;
  status?: LogStatus;
}

export interface GenerationLogQuery extends LogFilters {
  current: number;
  size: number;
}

export interface StatsQuery {
  /** `YYYY-MM-DD`, inclusive. */
  start: string;
  end: string;
  dimension: Dimension;
  projectId?: Id;
  userId?: Id;
}

export type TaskStatus = 'waiting' | 'active' | 'completed' | 'failed';

export interface ExportTask {
  id: string;
  type?: string;
  status: TaskStatus | string;
  progress: number;
  error?: string | null;
  result?: unknown;
}

export interface DashboardStats {
  totalVectors: number;
  dailyQueries: number;
  trend: { date: string; generations: number; queries: number }[];
  totalProjects: number;
  runningServices: number;
  todayGenerations: number;
}

/** A user of the admin's filter: art-design-pro's `/api/user/list` item. */
export interface UserOption {
  id: Id;
  userName: string;
  nickName?: string | null;
}

const toQuery = (filters: object): Record<string, QueryValue> => ({ ...(filters as Record<string, QueryValue>) });

export async function listGenerationLogs(query: GenerationLogQuery, options: Omit<RequestOptions, 'query'> = {}): Promise<Page<GenerationLog>> {
  return toPage<GenerationLog>(await http.get('/api/logs', toQuery(query), options), query.current, query.size);
}

export async function fetchStats(query: StatsQuery, options: Omit<RequestOptions, 'query'> = {}): Promise<StatsData> {
  return normalizeStats(await http.get('/api/stats', toQuery(query), options));
}

/** The raw figures; `normalizeDashboard` (pages/dashboard/logic) makes them safe to show. */
export const fetchDashboardStats = (options: Omit<RequestOptions, 'query'> = {}) => http.get<Partial<DashboardStats> | null>('/api/dashboard/stats', undefined, options);

export const fetchTask = (taskId: string, options: Omit<RequestOptions, 'query'> = {}) =>
  http.get<ExportTask>(`/api/tasks/${encodeURIComponent(taskId)}`, undefined, options);

/** Users for the admin's filter (first 100; needs the user-management permission, `*` has it). */
export async function listUserOptions(options: Omit<RequestOptions, 'query'> = { silent: true }): Promise<UserOption[]> {
  return toPage<UserOption>(await http.get('/api/user/list', { current: 1, size: 100 }, options)).records;
}

export const exportUrl = (filters: LogFilters) => `/api/export${toQueryString(toQuery(filters))}`;

// ---------------------------------------------------------------------------------------------------
// Downloads

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Called when the server answered with a task, then after every poll. */
  onTask?: (task: ExportTask) => void;
  /** Poll interval of a task (default 1 s). */
  pollMs?: number;
  /** File name when the server sends no `Content-Disposition`. */
  fallbackName?: string;
  /** Consecutive failed polls tolerated before giving up (network hiccups; default 5). */
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

const isAbort = (error: unknown) => (error as Error)?.name === 'AbortError';

function abortError(): Error {
  const error = new Error('Aborted');
  error.name = 'AbortError';
  return error;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** GET with the bearer token; one silent refresh on 401, like `http.ts`. */
async function authorizedFetch(url: string, signal?: AbortSignal): Promise<Response> {
  const go = (token: string | null) =>
    fetch(url, { headers: token ? { Authorization: `Bearer ${token}`, Accept: '*/*' } : { Accept: '*/*' }, signal });
  try {
    const token = getToken();
    let response = await go(token);
    if (response.status === 401 && token) {
      const outcome = await refreshTokens(token);
      if (outcome === 'ok') response = await go(getToken());
      if (outcome === 'rejected' || (outcome === 'ok' && response.status === 401)) {
        endSession('expired');
        throw new ApiError(401, 401, tNow('session.expired'));
      }
    }
    return response;
  } catch (error) {
    if (isAbort(error) || error instanceof ApiError) throw error;
    throw new DownloadError(tNow('http.network'));
  }
}

/** Saves a blob through a temporary `<a download>`. */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

type Fetched = { kind: 'file'; blob: Blob; filename: string } | { kind: 'task'; taskId: string };

async function fetchFileOrTask(url: string, options: DownloadOptions, taskId?: string): Promise<Fetched> {
  const response = await authorizedFetch(url, options.signal);
  const contentType = response.headers.get('Content-Type');
  const disposition = response.headers.get('Content-Disposition');
  const fileLike = decideExport(response.status, { contentType, disposition }).kind === 'file';
  if (fileLike) {
    const blob = await response.blob();
    return { kind: 'file', blob, filename: filenameFromDisposition(disposition) ?? options.fallbackName ?? fallbackFilename() };
  }
  const body = parseJson(await response.text().catch(() => ''));
  const decision = decideExport(response.status, { contentType, disposition }, body);
  if (decision.kind === 'task' && !taskId) return decision;
  const message = decision.kind === 'error' && decision.message ? decision.message : tNow('stats.export.failed');
  throw new DownloadError(message, response.status, taskId);
}

async function waitForTask(taskId: string, options: DownloadOptions): Promise<ExportTask> {
  const pollMs = options.pollMs ?? TASK_POLL_MS;
  const maxFailures = options.maxPollFailures ?? 5;
  let failures = 0;
  options.onTask?.({ id: taskId, status: 'waiting', progress: 0 });
  for (;;) {
    await sleep(pollMs, options.signal);
    let task: ExportTask;
    try {
      task = await fetchTask(taskId, { silent: true, signal: options.signal });
      failures = 0;
    } catch (error) {
      if (isAbort(error)) throw error;
      const status = error instanceof ApiError ? error.status : 0;
      // The task is gone or not ours: polling again will not help.
      if (status === 401 || status === 403 || status === 404 || ++failures >= maxFailures) {
        throw new DownloadError((error as Error).message || tNow('stats.export.failed'), status, taskId);
      }
      continue;
    }
    options.onTask?.(task);
    const step = taskStep(task);
    if (step === 'download') return task;
    if (step === 'failed') throw new DownloadError(task.error || tNow('stats.export.taskFailed'), 0, taskId);
  }
}

/**
 * Downloads `url` with the session's token and saves the file. When the server answers 202
 * `{ taskId }`, polls `/api/tasks/:taskId` every `pollMs` (reporting progress through `onTask`) and
 * then fetches `/api/tasks/:taskId/download`. Rejects with a `DownloadError` (or `ApiError` 401, or an
 * `AbortError` when `signal` aborts — the server-side task keeps running).
 */
export async function download(url: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const first = await fetchFileOrTask(url, options);
  if (first.kind === 'file') {
    saveBlob(first.blob, first.filename);
    return { filename: first.filename, size: first.blob.size };
  }
  const { taskId } = first;
  await waitForTask(taskId, options);
  const file = await fetchFileOrTask(`/api/tasks/${encodeURIComponent(taskId)}/download`, options, taskId);
  if (file.kind !== 'file') throw new DownloadError(tNow('stats.export.failed'), 0, taskId);
  saveBlob(file.blob, file.filename);
  return { filename: file.filename, size: file.blob.size, taskId };
}

/** Exports the generation logs matching `filters` as `.xlsx`. */
export const exportGenerationLogs = (filters: LogFilters, options: DownloadOptions = {}) => download(exportUrl(filters), options);
