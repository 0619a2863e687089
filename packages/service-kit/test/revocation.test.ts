import { randomUUID } from 'node:crypto';
import t, { type Test } from 'tap';
import { Redis } from 'ioredis';
import { cachedRevocationCheck, revocationWriter, type AccessClaims } from '../src/index.js';
import { testRedisUrl, uniqueKeyPrefix } from '@app/testing';

const keyPrefix = uniqueKeyPrefix('revoke');
const now = () => Math.floor(Date.now() / 1000);
const claims = (sub: string, iat = now()): AccessClaims => ({ sub, role: 'viewer', jti: randomUUID(), iat, exp: iat + 900 });

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

t.test('a revocation written on one replica reaches another replica’s memory within a second', async (t) => {
  const writerSide = connections(t);
  const readerSide = connections(t);
  const writer = revocationWriter(writerSide.redis, { keyPrefix, accessTtlSec: 900 });
  const check = cachedRevocationCheck({ ...readerSide, keyPrefix });
  t.teardown(() => check.close?.());
  await eventually(async () => readerSide.subscriber.status === 'ready');
  await new Promise((r) => setTimeout(r, 100));

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

t.test('a replica that starts later loads the revocations already in force', async (t) => {
  const writerSide = connections(t);
  const writer = revocationWriter(writerSide.redis, { keyPrefix, accessTtlSec: 900 });
  const old = claims('51', now() - 5);
  await writer.revokeUser(51);
  const token = claims('52');
  await writer.revokeToken(token.jti, token.exp);
  const late = connections(t);
  const check = cachedRevocationCheck({ ...late, keyPrefix });
  t.teardown(() => check.close?.());
  t.ok(await eventually(() => check.isRevoked(old)));
  t.ok(await eventually(() => check.isRevoked(token)));
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
