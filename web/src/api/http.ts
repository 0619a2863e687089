/**
 * The one way pages talk to the API (art-design-pro's `utils/http` idea): adds the bearer token,
 * unwraps the `{ code, msg, message, data }` envelope, shows the error in the user's language on failure
 * (lib/error-text.ts), and on a 401 refreshes the session once and retries before signing the user out.
 */
import { isUnauthorized, parseJson, readEnvelope } from '../lib/envelope';
import { errorText } from '../lib/error-text';
import { toQueryString, type QueryValue } from '../lib/query-string';
import { currentLocale, tNow } from '../i18n/preferences';
import { endSession, getToken, refreshTokens } from './session';

export class ApiError extends Error {
  readonly code: number;
  readonly status: number;
  readonly data: unknown;
  /** The envelope's stable key (api.md Conventions), for callers that react to one failure in particular. */
  readonly errorKey?: string;
  /** The server's own msg (Chinese, specific): `errorDetail` takes what follows its colon for an English reader. */
  readonly serverMsg?: string;

  constructor(code: number, status: number, message: string, data?: unknown, errorKey?: string, serverMsg?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.data = data;
    this.errorKey = errorKey;
    this.serverMsg = serverMsg;
  }
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Send the bearer token and handle 401 (default true). */
  auth?: boolean;
  /** Do not show the error message to the user (the caller does). */
  silent?: boolean;
  signal?: AbortSignal;
  /** Use this token instead of the session's, and never refresh (logout after clearing the session). */
  token?: string | null;
}

type Notifier = (message: string) => void;
let notifyError: Notifier = (message) => console.error(message);
let lastShown = { text: '', at: 0 };

/** The app registers antd's `message.error` here once it has rendered. */
export function setErrorNotifier(fn: Notifier): void {
  notifyError = fn;
}

function showError(text: string) {
  // Several queries failing together (API down) should not stack identical toasts.
  const now = Date.now();
  if (text === lastShown.text && now - lastShown.at < 1500) return;
  lastShown = { text, at: now };
  notifyError(text);
}

async function send(method: string, url: string, options: RequestOptions, token: string | null) {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const response = await fetch(url + toQueryString(options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    const text = await response.text().catch(() => '');
    return readEnvelope<unknown>(response.status, parseJson(text));
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw error;
    return readEnvelope<unknown>(0, undefined);
  }
}

export async function request<T>(method: string, url: string, options: RequestOptions = {}): Promise<T> {
  const auth = options.auth !== false;
  const pinned = options.token !== undefined;
  const token = !auth ? null : pinned ? (options.token ?? null) : getToken();
  let result = await send(method, url, options, token);

  if (auth && !pinned && isUnauthorized(result)) {
    const outcome = token ? await refreshTokens(token) : 'rejected';
    if (outcome === 'ok') {
      result = await send(method, url, options, getToken());
    }
    if (outcome === 'rejected' || (outcome === 'ok' && isUnauthorized(result))) {
      endSession('expired');
      throw new ApiError(401, 401, tNow('session.expired'));
    }
  }

  if (!result.ok) {
    const message = errorText(result, currentLocale());
    if (!options.silent) showError(message);
    throw new ApiError(result.code, result.status, message, result.data, result.errorKey, result.msg);
  }
  return result.data as T;
}

export const http = {
  get: <T>(url: string, query?: RequestOptions['query'], options: Omit<RequestOptions, 'query'> = {}) =>
    request<T>('GET', url, { ...options, query }),
  post: <T>(url: string, body?: unknown, options: RequestOptions = {}) => request<T>('POST', url, { ...options, body }),
  put: <T>(url: string, body?: unknown, options: RequestOptions = {}) => request<T>('PUT', url, { ...options, body }),
  del: <T>(url: string, body?: unknown, options: RequestOptions = {}) => request<T>('DELETE', url, { ...options, body }),
};
