/**
 * Generation logs, statistics, Excel export and the dashboard figures (services/stats, api.md
 * "Generation logs, stats, export, dashboard"). The export flow (200 file vs 202 task, polling, the
 * file name) is pure and unit-tested in `lib/export-answer.ts` and `lib/download-flow.ts`; this
 * module only wires it to `fetch`, the session token and the DOM.
 */
import type { Calendar, Dashboard, Task } from '@app/contracts/schemas/stats';
import { parseJson } from '../lib/envelope';
import { toPage, type Page } from '../lib/page';
import { toQueryString, type QueryValue } from '../lib/query-string';
import { tNow } from '../i18n/preferences';
import { DownloadError, isAbortError, runDownload, type DownloadResult, type PolledTask } from '../lib/download-flow';
import { isJsonType, isUnauthorizedAnswer } from '../lib/export-answer';
import { normalizeStats, type Dimension, type LogStatus, type StatsData } from '../lib/stats-data';
import { ApiError, http, type RequestOptions } from './http';
import { endSession, getToken, refreshTokens } from './session';
import type { Id } from './types';

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
  /** Names the stats service joins in (null when auth or projects could not say); the page falls back to its own lists. */
  userName?: string | null;
  projectName?: string | null;
}

/**
 * Filters shared by `/api/logs` and `/api/export`. `start` / `end`: `YYYY-MM-DD` (the whole day in the
 * platform's zone, `end` inclusive) or an ISO-8601 date-time with an offset (that instant), as for `/api/stats`.
 */
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
  /** `YYYY-MM-DD` (whole days, inclusive) or ISO-8601 date-times, like `LogFilters`. */
  start: string;
  end: string;
  dimension: Dimension;
  projectId?: Id;
  userId?: Id;
}

/** An export's task as `GET /api/tasks/:taskId` answers it. */
export type { Task as ExportTask };

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

/** Which zone's days the figures are: the page's presets and "today" are computed in it. */
export const fetchCalendar = (options: Omit<RequestOptions, 'query'> = {}) => http.get<Calendar>('/api/stats/calendar', undefined, options);

/** The raw figures; `normalizeDashboard` (pages/dashboard/logic) makes them safe to show. */
export const fetchDashboardStats = (options: Omit<RequestOptions, 'query'> = {}) => http.get<Partial<Dashboard> | null>('/api/dashboard/stats', undefined, options);

export const fetchTask = (taskId: string, options: Omit<RequestOptions, 'query'> = {}) =>
  http.get<Task>(`/api/tasks/${encodeURIComponent(taskId)}`, undefined, options);

/** Users for the admin's filter (first 100; needs the user-management permission, `*` has it). */
export async function listUserOptions(options: Omit<RequestOptions, 'query'> = { silent: true }): Promise<UserOption[]> {
  return toPage<UserOption>(await http.get('/api/user/list', { current: 1, size: 100 }, options)).records;
}

export const exportUrl = (filters: LogFilters) => `/api/export${toQueryString(toQuery(filters))}`;

// ---------------------------------------------------------------------------------------------------
// Downloads

export { DownloadError, type DownloadResult };

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Called when the server answered with a task, then after every poll. */
  onTask?: (task: Task) => void;
  /** Poll interval of a task (default 1 s). */
  pollMs?: number;
  /** File name when the server sends no `Content-Disposition`. */
  fallbackName?: string;
  /** Consecutive failed polls tolerated before giving up (network hiccups; default 5). */
  maxPollFailures?: number;
}

function abortError(): Error {
  const error = new Error('Aborted');
  error.name = 'AbortError';
  return error;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads a JSON answer's code without consuming it (the flow reads the body again); files are not read. */
async function saysUnauthorized(response: Response): Promise<boolean> {
  const json = isJsonType(response.headers.get('Content-Type'));
  return isUnauthorizedAnswer(response.status, json ? parseJson(await response.clone().text().catch(() => '')) : undefined);
}

/** GET with the bearer token; one silent refresh on 401 (an HTTP 401 or a body's code 401), like `http.ts`. */
async function authorizedGet(url: string, signal?: AbortSignal): Promise<Response> {
  const go = (token: string | null) =>
    fetch(url, { headers: token ? { Authorization: `Bearer ${token}`, Accept: '*/*' } : { Accept: '*/*' }, signal });
  let response: Response;
  const token = getToken();
  try {
    response = await go(token);
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new DownloadError(tNow('http.network'));
  }
  if (token && (await saysUnauthorized(response))) {
    const outcome = await refreshTokens(token);
    if (outcome === 'ok') {
      try {
        response = await go(getToken());
      } catch (error) {
        if (isAbortError(error)) throw error;
        throw new DownloadError(tNow('http.network'));
      }
    }
    if (outcome === 'rejected' || (outcome === 'ok' && (await saysUnauthorized(response)))) {
      endSession('expired');
      throw new ApiError(401, 401, tNow('session.expired'));
    }
  }
  return response;
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

/**
 * Downloads `url` with the session's token and saves the file. When the server answers 202
 * `{ taskId }`, polls `/api/tasks/:taskId` every second (progress through `onTask`) and then fetches
 * `/api/tasks/:taskId/download`. Rejects with a `DownloadError` whose message is ready to show (or
 * `ApiError` 401, or an `AbortError` when `signal` aborts — the server-side task keeps running).
 */
export function download(url: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  return runDownload(
    {
      get: authorizedGet,
      getTask: (taskId, signal) => fetchTask(taskId, { silent: true, signal }),
      save: saveBlob,
      sleep,
      messages: { failed: tNow('stats.export.failed'), taskFailed: tNow('stats.export.taskFailed') },
    },
    url,
    { ...options, onTask: options.onTask as ((task: PolledTask) => void) | undefined },
  );
}

/** Exports the generation logs matching `filters` as `.xlsx`. */
export const exportGenerationLogs = (filters: LogFilters, options: DownloadOptions = {}) => download(exportUrl(filters), options);
