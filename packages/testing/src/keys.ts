import { generateKeyPairSync } from 'node:crypto';
import { createTokenSigner, JWT_DEFAULTS } from '@app/service-kit';

let cached: { publicKey: string; privateKey: string } | undefined;

/** An RSA key pair for the test process (RS256, as production defaults to). */
export function testKeys() {
  cached ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return cached;
}

/** An access token signed as the auth service signs with its default settings (iss, aud, the test key). */
export function signTestToken(claims: { sub: string; role: string; jti?: string; fid?: string }, ttlSec = 900): string {
  return createTokenSigner({ privateKey: testKeys().privateKey, ttlSec, issuer: JWT_DEFAULTS.issuer, audience: JWT_DEFAULTS.audience })(claims);
}
