import { randomUUID } from 'node:crypto';
import t, { type Test } from 'tap';
import { Redis } from 'ioredis';
import { REVOCATION_KEYS } from '@app/contracts';
import { cachedRevocationCheck, revocationWriter, type AccessClaims } from '../src/index.js';
import { testRedisUrl, uniqueKeyPrefix } from '@app/testing';

const keyPrefix = uniqueKeyPrefix('revoke');
const now = () => Math.floor(Date.now() / 1000);
const claims = (sub: string, iat = now(), fid?: string): AccessClaims => ({ sub, role: 'viewer', jti: randomUUID(), iat, exp: iat + 900, ...(fid ? { fid } : {}) });

function connections(t: Test) {
  const redis = new Redis(testRedisUrl(), { keyPrefix });
  const subscriber = new Redis(testRedisUrl());
  t.teardown(() => {
    redis.disconnect();
    subscriber.disconnect();
  });
  return { redis, subscriber };
}

async function eventually(check: () => Promise<boolean>, ms = 1000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

/** A writing replica (auth) and a reading one (any service) whose subscription is live. */
async function twoReplicas(t: Test, markerTtlSec?: number) {
  const writerSide = connections(t);
  const readerSide = connections(t);
  const writer = revocationWriter(writerSide.redis, { keyPrefix, accessTtlSec: 900, markerTtlSec });
  const check = cachedRevocationCheck({ ...readerSide, keyPrefix });
  t.teardown(() => check.close?.());
  await eventually(async () => readerSide.subscriber.status === 'ready');
  await new Promise((r) => setTimeout(r, 100));
  return { writerSide, writer, check };
}

t.test('a revocation written on one replica reaches another replica’s memory within a second', async (t) => {
  const { writerSide, writer, check } = await twoReplicas(t);

  const token = claims('41');
  t.equal(await check.isRevoked(token), false);
  await writer.revokeToken(token.jti, token.exp);
  t.ok(await eventually(() => check.isRevoked(token)), 'the logged-out token is refused');

  const before = claims('42', now() - 5);
  t.equal(await check.isRevoked(before), false);
  await writer.revokeUser(42);
  t.ok(await eventually(() => check.isRevoked(before)), 'every older token of a disabled user is refused');
  t.equal(await check.isRevoked(claims('43')), false, 'other users are unaffected');
});

t.test('a revoked session (refresh family) ends every access token of it on another replica, and only those', async (t) => {
  const { writerSide, writer, check } = await twoReplicas(t);

  const family = randomUUID();
  const issuedFirst = claims('44', now() - 60, family);
  const issuedLater = claims('44', now(), family);
  const otherSession = claims('44', now(), randomUUID());
  t.equal(await check.isRevoked(issuedFirst), false);
  await writer.revokeFamily(family);
  t.ok(await eventually(() => check.isRevoked(issuedFirst)), 'an older token of the session is refused');
  t.equal(await check.isRevoked(issuedLater), true, 'and the newest one');
  t.equal(await check.isRevoked(otherSession), false, 'the same user’s other session is unaffected');
  t.equal(await check.isRevoked(claims('44')), false, 'a credential without a session id is unaffected');
  const ttl = await writerSide.redis.ttl(REVOCATION_KEYS.family(family));
  t.ok(ttl > 900 && ttl <= 960, `the marker outlives the session’s access tokens, then goes (${ttl} s)`);
});

t.test('markers outlive the browser sessions they cover when asked to (REVOCATION_TTL_SEC)', async (t) => {
  const { writerSide, writer } = await twoReplicas(t, 43_260);
  const family = randomUUID();
  await writer.revokeFamily(family);
  await writer.revokeUser(61);
  for (const key of [REVOCATION_KEYS.family(family), REVOCATION_KEYS.user(61)]) {
    const ttl = await writerSide.redis.ttl(key);
    t.ok(ttl > 43_200 && ttl <= 43_260, `${key.split(':').slice(0, 3).join(':')} kept ${ttl} s, past a 12 h ComfyUI session`);
  }
});

t.test('a replica that starts later loads the revocations already in force', async (t) => {
  const writerSide = connections(t);
  const writer = revocationWriter(writerSide.redis, { keyPrefix, accessTtlSec: 900 });
  const old = claims('51', now() - 5);
  await writer.revokeUser(51);
  const token = claims('52');
  await writer.revokeToken(token.jti, token.exp);
  const session = claims('53', now(), randomUUID());
  await writer.revokeFamily(session.fid!);
  const late = connections(t);
  const check = cachedRevocationCheck({ ...late, keyPrefix });
  t.teardown(() => check.close?.());
  t.ok(await eventually(() => check.isRevoked(old)));
  t.ok(await eventually(() => check.isRevoked(token)));
  t.ok(await eventually(() => check.isRevoked(session)), 'a revoked session too');
  t.equal(await check.isRevoked(claims('53', now(), randomUUID())), false);
});

t.test('without its subscription the check asks Redis; without Redis it refuses (503) rather than guess', async (t) => {
  const side = connections(t);
  const writer = revocationWriter(side.redis, { keyPrefix, accessTtlSec: 900 });
  const deadSubscriber = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0 });
  deadSubscriber.on('error', () => {});
  const check = cachedRevocationCheck({ redis: side.redis, subscriber: deadSubscriber, keyPrefix });
  const token = claims('61');
  await writer.revokeToken(token.jti, token.exp);
  t.equal(await check.isRevoked(token), true, 'answered from Redis directly');
  const session = claims('63', now(), randomUUID());
  await writer.revokeFamily(session.fid!);
  t.equal(await check.isRevoked(session), true, 'a revoked session too');
  t.equal(await check.isRevoked(claims('63', now(), randomUUID())), false, 'but not another one');

  const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  down.on('error', () => {});
  const blind = cachedRevocationCheck({ redis: down, subscriber: deadSubscriber, keyPrefix });
  await t.rejects(blind.isRevoked(claims('62')), { statusCode: 503 } as never);
  deadSubscriber.disconnect();
  down.disconnect();
});

t.test('the wait before minting: a token minted after a user-wide revocation is not caught by it', async (t) => {
  const side = connections(t);
  const writer = revocationWriter(side.redis, { keyPrefix, accessTtlSec: 900 });
  const check = cachedRevocationCheck({ ...side, keyPrefix });
  t.teardown(() => check.close?.());
  await writer.revokeUser(71);
  await writer.waitPastCutoff(71);
  t.equal(await check.isRevoked(claims('71')), false, 'a login right after re-enabling works');
});
