import { createPublicKey, randomUUID } from 'node:crypto';
import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { UnauthorizedError, MSG } from './errors.js';

/** Claims of an access token (api.md "Tokens"). */
export interface AccessClaims {
  sub: string;
  role: string;
  jti: string;
  iat: number;
  exp: number;
  /** The refresh-token family (login session) this token belongs to; logout revokes it. */
  fid?: string;
}

export type TokenAlgorithm = 'RS256' | 'EdDSA';

/** The signature algorithm a PEM key implies; the verifier accepts that one alone (no `none`, no HS*). */
export function algorithmOf(pem: string): TokenAlgorithm {
  const type = createPublicKey(pem).asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ed25519') return 'EdDSA';
  throw new Error(`unsupported JWT key type ${type}: use an RSA (RS256) or Ed25519 (EdDSA) key`);
}

export interface VerifierOptions {
  publicKey: string;
  /** Verified-token cache size; entries never outlive the token's own `exp`. Revocation is checked separately. */
  cacheSize?: number;
  clockToleranceSec?: number;
}

export type TokenVerifier = (token: string) => AccessClaims;

export function createTokenVerifier(opts: VerifierOptions): TokenVerifier {
  const toleranceMs = (opts.clockToleranceSec ?? 5) * 1000;
  const verify = createVerifier({
    key: opts.publicKey,
    algorithms: [algorithmOf(opts.publicKey)],
    requiredClaims: ['sub', 'role', 'jti', 'exp', 'iat'],
    clockTolerance: toleranceMs,
  });
  // Verified tokens, keyed by the token string itself (no hashing per request; two different tokens can
  // never share an entry, a tampered one simply misses). Oldest entries go first; expiry is re-checked.
  const cache = new Map<string, AccessClaims>();
  const max = opts.cacheSize ?? 10_000;
  return (token: string) => {
    const hit = cache.get(token);
    if (hit && hit.exp * 1000 + toleranceMs > Date.now()) return hit;
    if (hit) cache.delete(token);
    try {
      const claims = verify(token) as AccessClaims;
      if (typeof claims.sub !== 'string' || typeof claims.role !== 'string') throw new UnauthorizedError(MSG.unauthorized);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(token, claims);
      return claims;
    } catch (err) {
      if (err instanceof TokenError) throw new UnauthorizedError(err.code === TokenError.codes.expired ? '登录已过期' : MSG.unauthorized);
      throw err;
    }
  };
}

export interface SignerOptions {
  privateKey: string;
  ttlSec: number;
}

/** Used by the auth service (and tests) to mint access tokens. */
export function createTokenSigner(opts: SignerOptions) {
  const algorithm = algorithmOf(createPublicKey(opts.privateKey).export({ type: 'spki', format: 'pem' }).toString());
  const sign = createSigner({ key: opts.privateKey, algorithm, expiresIn: opts.ttlSec * 1000 });
  return (claims: { sub: string; role: string; jti?: string; fid?: string }): string => sign({ ...claims, jti: claims.jti ?? randomUUID() });
}

/** Accepts `Bearer <token>` and the raw token (art-design-pro sends it raw). */
export function tokenFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = header.startsWith('Bearer ') ? header.slice(7).trim() : header.trim();
  return value || undefined;
}
