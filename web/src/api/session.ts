/**
 * The signed-in session: tokens in localStorage, a timer that refreshes the access token shortly
 * before it expires, and a single-flight refresh shared by the timer and 401 retries. Refresh tokens
 * rotate on every use and reusing a rotated one revokes the whole family, so refreshes are serialised
 * across tabs (Web Locks) and skipped when another tab already rotated the pair.
 */
import { parseJson, readEnvelope } from '../lib/envelope';
import { refreshDelayMs } from '../lib/jwt';

const TOKEN_KEY = 'xl.token';
const REFRESH_KEY = 'xl.refreshToken';
const EXPIRES_AT_KEY = 'xl.tokenExpiresAt';
const LOCK_NAME = 'xl-token-refresh';
const RETRY_AFTER_NETWORK_ERROR_MS = 30_000;
const MAX_TIMEOUT_MS = 2_147_000_000;

export interface TokenPair {
  token: string;
  refreshToken?: string | null;
  /** Seconds; used when the access token is not a readable JWT. */
  expiresIn?: number | null;
}

export type RefreshOutcome = 'ok' | 'rejected' | 'network';
export type SessionEndReason = 'logout' | 'expired';

function get(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

const listeners = new Set<() => void>();
const endListeners = new Set<(reason: SessionEndReason) => void>();
let timer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<RefreshOutcome> | null = null;

function emit() {
  for (const fn of listeners) fn();
}

export function getToken(): string | null {
  return get(TOKEN_KEY);
}

export function getRefreshToken(): string | null {
  return get(REFRESH_KEY);
}

export function isLoggedIn(): boolean {
  return !!getToken();
}

export function setTokens(pair: TokenPair): void {
  localStorage.setItem(TOKEN_KEY, pair.token);
  if (pair.refreshToken) localStorage.setItem(REFRESH_KEY, pair.refreshToken);
  if (pair.expiresIn && pair.expiresIn > 0) localStorage.setItem(EXPIRES_AT_KEY, String(Date.now() + pair.expiresIn * 1000));
  else localStorage.removeItem(EXPIRES_AT_KEY);
  scheduleRefresh();
  emit();
}

function clearTokens(): void {
  for (const key of [TOKEN_KEY, REFRESH_KEY, EXPIRES_AT_KEY]) localStorage.removeItem(key);
  if (timer) clearTimeout(timer);
  timer = undefined;
}

/** Drops the session locally and tells the app (which navigates to /login). */
export function endSession(reason: SessionEndReason): void {
  const had = isLoggedIn();
  clearTokens();
  emit();
  if (had || reason === 'logout') for (const fn of endListeners) fn(reason);
}

export function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function onSessionEnd(fn: (reason: SessionEndReason) => void): () => void {
  endListeners.add(fn);
  return () => endListeners.delete(fn);
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request(LOCK_NAME, fn) : fn();
}

async function doRefresh(staleToken: string | null): Promise<RefreshOutcome> {
  // Another tab (or request) may have rotated the pair while we waited for the lock.
  const current = getToken();
  if (current && staleToken && current !== staleToken) return 'ok';
  const refreshToken = getRefreshToken();
  if (!refreshToken) return 'rejected';
  let response: Response;
  try {
    response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
  } catch {
    return 'network';
  }
  const result = readEnvelope<TokenPair>(response.status, parseJson(await response.text().catch(() => '')));
  if (result.ok && result.data?.token) {
    setTokens(result.data);
    return 'ok';
  }
  if (result.code >= 500 || result.code === 0 || result.code === 429) return 'network';
  return 'rejected';
}

/**
 * Refreshes the pair once for everyone waiting. `staleToken` is the access token that was found
 * wanting; if the stored one already differs, nothing is sent.
 */
export function refreshTokens(staleToken: string | null = getToken()): Promise<RefreshOutcome> {
  if (!inflight) {
    inflight = withLock(() => doRefresh(staleToken)).finally(() => {
      inflight = null;
    });
  }
  return inflight;
}

function scheduleRefresh(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  const token = getToken();
  if (!token || !getRefreshToken()) return;
  const fallback = Number(get(EXPIRES_AT_KEY)) || null;
  const delay = refreshDelayMs(token, Date.now(), fallback);
  if (delay === null) return;
  timer = setTimeout(async () => {
    const outcome = await refreshTokens(token);
    if (outcome === 'rejected') endSession('expired');
    else if (outcome === 'network') timer = setTimeout(scheduleRefresh, RETRY_AFTER_NETWORK_ERROR_MS);
  }, Math.min(delay, MAX_TIMEOUT_MS));
}

let started = false;

/** Starts the refresh timer and follows sign-in / sign-out / rotation done in other tabs. Idempotent. */
export function startSession(): void {
  if (started) return;
  started = true;
  scheduleRefresh();
  window.addEventListener('storage', (event) => {
    if (event.key !== null && event.key !== TOKEN_KEY && event.key !== REFRESH_KEY) return;
    if (!getToken()) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      emit();
      for (const fn of endListeners) fn('logout');
      return;
    }
    scheduleRefresh();
    emit();
  });
}
