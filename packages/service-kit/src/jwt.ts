import { createPublicKey, randomUUID } from 'node:crypto';
import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { UnauthorizedError, MSG } from './errors.js';

/** Claims of an access token (api.md "Tokens"). */
export interface AccessClaims {
  sub: string;
  /** Who minted it and for whom (`JWT_ISSUER`, `JWT_AUDIENCE`); optional here for revocation checks of other credentials. */
  iss?: string;
  aud?: string | string[];
  role: string;
  jti: string;
  iat: number;
  exp: number;
  /** The refresh-token family (login session) this token belongs to; logout revokes it. */
  fid?: string;
}

/**
 * Defaults of `JWT_ISSUER` / `JWT_AUDIENCE`: a token another system signed with a reused key (or one minted
 * for another audience) is refused rather than trusted because the signature matches.
 */
export const JWT_DEFAULTS = { issuer: 'xl-platform', audience: 'xl-platform-api' } as const;

/** Who signs and who may accept: the signer writes both claims, every verifier requires both. */
export interface TokenScope {
  issuer?: string;
  audience?: string;
}

export type TokenAlgorithm = 'RS256' | 'EdDSA';

/** The signature algorithm a PEM key implies; the verifier accepts that one alone (no `none`, no HS*). */
export function algorithmOf(pem: string): TokenAlgorithm {
  const type = createPublicKey(pem).asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ed25519') return 'EdDSA';
  throw new Error(`unsupported JWT key type ${type}: use an RSA (RS256) or Ed25519 (EdDSA) key`);
}

export interface VerifierOptions extends TokenScope {
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
    // fast-jwt skips the allowed-value checks when a claim is absent: iss and aud must be required too.
    requiredClaims: ['sub', 'role', 'jti', 'exp', 'iat', 'iss', 'aud'],
    allowedIss: opts.issuer ?? JWT_DEFAULTS.issuer,
    allowedAud: opts.audience ?? JWT_DEFAULTS.audience,
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

export interface SignerOptions extends TokenScope {
  privateKey: string;
  ttlSec: number;
}

/** Used by the auth service (and tests) to mint access tokens. */
export function createTokenSigner(opts: SignerOptions) {
  const algorithm = algorithmOf(createPublicKey(opts.privateKey).export({ type: 'spki', format: 'pem' }).toString());
  const sign = createSigner({
    key: opts.privateKey,
    algorithm,
    expiresIn: opts.ttlSec * 1000,
    iss: opts.issuer ?? JWT_DEFAULTS.issuer,
    aud: opts.audience ?? JWT_DEFAULTS.audience,
  });
  return (claims: { sub: string; role: string; jti?: string; fid?: string }): string => sign({ ...claims, jti: claims.jti ?? randomUUID() });
}

/** Accepts `Bearer <token>` and the raw token (art-design-pro sends it raw). */
export function tokenFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = header.startsWith('Bearer ') ? header.slice(7).trim() : header.trim();
  return value || undefined;
}
