import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import t from 'tap';
import { createTokenSigner, createTokenVerifier, tokenFromHeader } from '../src/index.js';
import { signTestToken, testKeys } from '@app/testing';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({ sub: '7', role: 'editor', jti: randomUUID(), iat: now(), exp: now() + 600 });
const verify = createTokenVerifier({ publicKey: testKeys().publicKey });

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
  t.throws(() => verify(token), { statusCode: 401, message: '登录已过期' });
});

t.test('a token signed by another key is rejected', async (t) => {
  const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const token = createTokenSigner({ privateKey: other.privateKey, ttlSec: 60 })({ sub: '7', role: 'admin' });
  t.throws(() => verify(token), { statusCode: 401 });
});

t.test('alg: none is rejected', async (t) => {
  const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
  t.throws(() => verify(token), { statusCode: 401 });
});

t.test('HS256 signed with the public key as the HMAC secret is rejected', async (t) => {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims(), role: 'admin' })}`;
  const sig = createHmac('sha256', testKeys().publicKey).update(head).digest('base64url');
  t.throws(() => verify(`${head}.${sig}`), { statusCode: 401 });
});

t.test('a tampered payload is rejected, even after the original was verified and cached', async (t) => {
  const token = signTestToken({ sub: '7', role: 'viewer' });
  t.equal(verify(token).role, 'viewer');
  const [head, , sig] = token.split('.');
  const forged = `${head}.${b64({ ...claims(), sub: '7', role: 'admin' })}.${sig}`;
  t.throws(() => verify(forged), { statusCode: 401 });
});

t.test('tokens missing required claims are rejected', async (t) => {
  const token = createTokenSigner({ privateKey: testKeys().privateKey, ttlSec: 60 })({ sub: '7', role: 'x' });
  t.ok(verify(token));
  t.throws(() => verify('garbage'), { statusCode: 401 });
  t.throws(() => verify(''), { statusCode: 401 });
});

t.test('Bearer and raw headers both yield the token', async (t) => {
  t.equal(tokenFromHeader('Bearer abc.def.ghi'), 'abc.def.ghi');
  t.equal(tokenFromHeader('abc.def.ghi'), 'abc.def.ghi');
  t.equal(tokenFromHeader(undefined), undefined);
  t.equal(tokenFromHeader('Bearer '), undefined);
});
