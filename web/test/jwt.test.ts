import t from 'tap';
import { decodeJwtPayload, isJwtExpired, jwtExpiresAt, refreshDelayMs } from '../src/lib/jwt.js';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: unknown) => `${b64url({ alg: 'EdDSA', typ: 'JWT' })}.${b64url(payload)}.signature`;

t.test('decodes the payload of a JWT (base64url, UTF-8)', async (t) => {
  const token = jwt({ sub: 7, role: 'admin', nickname: '管理员', iat: 1000, exp: 1900 });
  t.same(decodeJwtPayload(token), { sub: 7, role: 'admin', nickname: '管理员', iat: 1000, exp: 1900 });
  t.same(decodeJwtPayload(`Bearer ${token}`)?.sub, 7);
});

t.test('garbage tokens decode to null', async (t) => {
  for (const bad of [null, undefined, '', 'abc', 'a.b', 'a.!!!.c', `${b64url({})}.${b64url('str')}.x`, `x.${b64url([1])}.y`]) {
    t.equal(decodeJwtPayload(bad as string), null, String(bad));
  }
});

t.test('expiry in milliseconds', async (t) => {
  t.equal(jwtExpiresAt(jwt({ exp: 1900 })), 1_900_000);
  t.equal(jwtExpiresAt(jwt({ sub: 1 })), null);
  t.equal(isJwtExpired(jwt({ exp: 100 }), 100_000), true);
  t.equal(isJwtExpired(jwt({ exp: 100 }), 99_000), false);
  t.equal(isJwtExpired(jwt({ exp: 100 }), 99_000, 5_000), true);
  t.equal(isJwtExpired(jwt({}), 99_000), false);
});

t.test('refresh 60 s before expiry for a 15 minute token', async (t) => {
  const iat = 1_000_000;
  const token = jwt({ iat, exp: iat + 900 });
  t.equal(refreshDelayMs(token, iat * 1000), 840_000);
  t.equal(refreshDelayMs(token, iat * 1000 + 100_000), 740_000);
});

t.test('short-lived tokens refresh at 75 % of their lifetime', async (t) => {
  const token = jwt({ iat: 0, exp: 120 });
  t.equal(refreshDelayMs(token, 0), 90_000);
});

t.test('overdue tokens refresh at once; tokens without expiry use the fallback or nothing', async (t) => {
  t.equal(refreshDelayMs(jwt({ iat: 0, exp: 60 }), 500_000), 0);
  t.equal(refreshDelayMs('opaque', 0), null);
  t.equal(refreshDelayMs('opaque', 0, 900_000), 840_000);
  t.equal(refreshDelayMs(jwt({ exp: 900 }), 0, null, { skewMs: 30_000 }), 870_000);
});
