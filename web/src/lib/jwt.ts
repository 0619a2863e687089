/**
 * Reads (never verifies) an access token's payload so the console can refresh it shortly before it
 * expires. Verification is the server's job.
 */
export interface JwtPayload {
  sub?: string | number;
  role?: string;
  jti?: string;
  iat?: number;
  exp?: number;
  [key: string]: unknown;
}

function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function decodeJwtPayload(token: string | null | undefined): JwtPayload | null {
  if (!token) return null;
  const raw = token.startsWith('Bearer ') ? token.slice(7) : token;
  const parts = raw.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(base64UrlDecode(parts[1]));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as JwtPayload) : null;
  } catch {
    return null;
  }
}

/** Expiry in epoch milliseconds, or null when the token carries no numeric `exp`. */
export function jwtExpiresAt(token: string | null | undefined): number | null {
  const exp = decodeJwtPayload(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}

export function isJwtExpired(token: string | null | undefined, nowMs: number, leewayMs = 0): boolean {
  const at = jwtExpiresAt(token);
  return at !== null && at - leewayMs <= nowMs;
}

export interface RefreshTiming {
  /** Refresh this long before expiry (default 60 s)… */
  skewMs?: number;
  /** …but never earlier than this fraction of the token's lifetime has passed (default 0.75). */
  minLifetimeFraction?: number;
}

/**
 * Milliseconds from `nowMs` until a silent refresh should run: `skewMs` before expiry, or at 75 % of
 * the lifetime for tokens shorter than that. 0 when already due; null when no expiry is known
 * (neither in the token nor `fallbackExpiresAt`).
 */
export function refreshDelayMs(
  token: string | null | undefined,
  nowMs: number,
  fallbackExpiresAt: number | null = null,
  timing: RefreshTiming = {},
): number | null {
  const { skewMs = 60_000, minLifetimeFraction = 0.75 } = timing;
  const payload = decodeJwtPayload(token);
  const expMs = typeof payload?.exp === 'number' ? payload.exp * 1000 : fallbackExpiresAt;
  if (expMs === null || !Number.isFinite(expMs)) return null;
  let skew = skewMs;
  if (typeof payload?.iat === 'number') {
    const lifetime = expMs - payload.iat * 1000;
    if (lifetime > 0) skew = Math.min(skewMs, lifetime * (1 - minLifetimeFraction));
  }
  return Math.max(0, Math.round(expMs - skew - nowMs));
}
