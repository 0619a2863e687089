import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import t, { type Test } from 'tap';
import { JWT_DEFAULTS, createTokenSigner, createTokenVerifier, tokenFromHeader } from '../src/index.js';
import { signTestToken, testKeys } from '@app/testing';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({ sub: '7', role: 'editor', jti: randomUUID(), iat: now(), exp: now() + 600 });
const verify = createTokenVerifier({ publicKey: testKeys().publicKey });
/** fast-jwt signer options naming the default issuer and audience, as the auth service signs. */
const JWT_SCOPE = { iss: JWT_DEFAULTS.issuer, aud: JWT_DEFAULTS.audience };

/** Asserts that verifying `token` fails with a 401 (and returns the message for finer checks). */
function rejects401(t: Test, token: string, verifier = verify): string {
  const err = t.throws(() => verifier(token)) as unknown as { statusCode?: number; message: string };
  t.equal(err.statusCode, 401);
  return err.message;
}

t.test('a valid RS256 token verifies and yields its claims', async (t) => {
  const token = signTestToken({ sub: '7', role: 'editor' });
  const result = verify(token);
  t.equal(result.sub, '7');
  t.equal(result.role, 'editor');
  t.match(result.jti, /^[0-9a-f-]{36}$/);
  t.ok(result.exp > result.iat);
});

t.test('Ed25519 keys work too (EdDSA)', async (t) => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const token = createTokenSigner({ privateKey, ttlSec: 60 })({ sub: '1', role: 'admin' });
  t.equal(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).alg, 'EdDSA');
  t.equal(createTokenVerifier({ publicKey })(token).sub, '1');
});

t.test('an expired token is rejected', async (t) => {
  const token = createTokenSigner({ privateKey: testKeys().privateKey, ttlSec: -60 })({ sub: '7', role: 'editor' });
  t.equal(rejects401(t, token), '登录已过期');
});

t.test('a token signed by another key is rejected', async (t) => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const token = createTokenSigner({ privateKey: other.privateKey, ttlSec: 60 })({ sub: '7', role: 'admin' });
  rejects401(t, token);
});

t.test('alg: none is rejected', async (t) => {
  const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
  rejects401(t, token);
});

t.test('HS256 signed with the public key as the HMAC secret is rejected', async (t) => {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims(), role: 'admin' })}`;
  const sig = createHmac('sha256', testKeys().publicKey).update(head).digest('base64url');
  rejects401(t, `${head}.${sig}`);
});

t.test('a tampered payload is rejected, even after the original was verified and cached', async (t) => {
  const token = signTestToken({ sub: '7', role: 'viewer' });
  t.equal(verify(token).role, 'viewer');
  const [head, , sig] = token.split('.');
  const forged = `${head}.${b64({ ...claims(), sub: '7', role: 'admin' })}.${sig}`;
  rejects401(t, forged);
});

t.test('tokens missing required claims, or not tokens at all, are rejected', async (t) => {
  const sign = createSigner({ key: testKeys().privateKey, algorithm: 'RS256', expiresIn: 60_000, ...JWT_SCOPE });
  rejects401(t, sign({ sub: '7', jti: randomUUID() }));
  rejects401(t, sign({ role: 'admin', jti: randomUUID() }));
  rejects401(t, sign({ sub: '7', role: 'admin' }));
  rejects401(t, 'garbage');
  rejects401(t, '');
});

t.test('a token must name the platform as issuer and audience: missing or wrong iss/aud is refused', async (t) => {
  const base = { key: testKeys().privateKey, algorithm: 'RS256' as const, expiresIn: 60_000 };
  const payload = () => ({ sub: '7', role: 'admin', jti: randomUUID() });
  t.equal(verify(createSigner({ ...base, ...JWT_SCOPE })(payload())).sub, '7', 'the right key, iss and aud verify');
  rejects401(t, createSigner({ ...base, aud: JWT_SCOPE.aud })(payload()));
  rejects401(t, createSigner({ ...base, aud: JWT_SCOPE.aud, iss: 'someone-else' })(payload()));
  rejects401(t, createSigner({ ...base, iss: JWT_SCOPE.iss })(payload()));
  rejects401(t, createSigner({ ...base, iss: JWT_SCOPE.iss, aud: 'another-api' })(payload()));
  rejects401(t, createSigner({ ...base, iss: JWT_SCOPE.iss, aud: ['another-api'] })(payload()));
});

t.test('issuer and audience are settings: signer and verifier agree on the configured ones only', async (t) => {
  const scope = { issuer: 'acme', audience: 'acme-api' };
  const token = createTokenSigner({ privateKey: testKeys().privateKey, ttlSec: 60, ...scope })({ sub: '3', role: 'user' });
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  t.match(payload, { iss: 'acme', aud: 'acme-api' }, 'the signer writes both claims');
  const configured = createTokenVerifier({ publicKey: testKeys().publicKey, ...scope });
  t.equal(configured(token).sub, '3');
  rejects401(t, token); // the default verifier expects the default issuer
  rejects401(t, signTestToken({ sub: '3', role: 'user' }), configured);
  rejects401(t, token, createTokenVerifier({ publicKey: testKeys().publicKey, issuer: 'acme', audience: 'other' }));
});

t.test('Bearer and raw headers both yield the token', async (t) => {
  t.equal(tokenFromHeader('Bearer abc.def.ghi'), 'abc.def.ghi');
  t.equal(tokenFromHeader('abc.def.ghi'), 'abc.def.ghi');
  t.equal(tokenFromHeader(undefined), undefined);
  t.equal(tokenFromHeader('Bearer '), undefined);
});

t.test('a cached verification never outlives the token', async (t) => {
  const shortLived = createTokenVerifier({ publicKey: testKeys().publicKey, clockToleranceSec: 0 });
  const token = createTokenSigner({ privateKey: testKeys().privateKey, ttlSec: 1 })({ sub: '7', role: 'viewer' });
  t.equal(shortLived(token).sub, '7');
  await new Promise((r) => setTimeout(r, 1100));
  t.throws(() => shortLived(token), 'expired: refused although it was cached');
});
