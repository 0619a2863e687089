import { randomUUID } from 'node:crypto';
import t from 'tap';
import { Redis } from 'ioredis';
import { REVOCATION_KEYS } from '@app/contracts';
import { createServer, createTokenVerifier, guardPlugin, redisRevocationCheck, staticRoleResolver } from '../src/index.js';
import { signTestToken, testKeys, testRedisUrl, uniqueKeyPrefix } from '@app/testing';

const redis = new Redis(testRedisUrl(), { keyPrefix: uniqueKeyPrefix('guard') });
t.teardown(() => redis.quit());

async function app() {
  const server = await createServer({ service: 'guard-test', logger: false });
  await server.register(guardPlugin, {
    verifyToken: createTokenVerifier({ publicKey: testKeys().publicKey }),
    revocation: redisRevocationCheck(redis),
    roles: staticRoleResolver({ admin: ['*'], viewer: ['dashboard:view', 'stats:view'] }),
  });
  server.get('/open', { preHandler: server.requireAccess('public') }, async () => ({ open: true }));
  server.get('/me', { preHandler: server.requireAccess('login') }, async (req) => ({ userId: req.identity!.userId, isSuper: req.identity!.isSuper }));
  server.get('/users', { preHandler: server.requireAccess('system:users') }, async () => ({ users: [] }));
  server.get('/stats', { preHandler: server.requireAccess('stats:view') }, async () => ({ stats: [] }));
  t.teardown(() => server.close());
  return server;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

t.test('public routes need no token; login routes need a valid one', async (t) => {
  const server = await app();
  t.equal((await server.inject('/open')).statusCode, 200);
  const anon = await server.inject('/me');
  t.equal(anon.statusCode, 401);
  t.equal(anon.json().code, 401);
  const me = await server.inject({ url: '/me', headers: auth(signTestToken({ sub: '5', role: 'viewer' })) });
  t.same(me.json().data, { userId: 5, isSuper: false });
});

t.test('permissions come from the role: 403 without, 200 with, * grants all', async (t) => {
  const server = await app();
  const viewer = signTestToken({ sub: '5', role: 'viewer' });
  const admin = signTestToken({ sub: '1', role: 'admin' });
  const denied = await server.inject({ url: '/users', headers: auth(viewer) });
  t.equal(denied.statusCode, 403);
  t.equal(denied.json().msg, '权限不足');
  t.equal((await server.inject({ url: '/stats', headers: auth(viewer) })).statusCode, 200);
  t.equal((await server.inject({ url: '/users', headers: auth(admin) })).statusCode, 200);
  t.equal((await server.inject({ url: '/stats', headers: { authorization: admin } })).statusCode, 200, 'raw token accepted');
  const unknownRole = signTestToken({ sub: '9', role: 'ghost' });
  t.equal((await server.inject({ url: '/stats', headers: auth(unknownRole) })).statusCode, 403, 'an unknown role holds nothing');
});

t.test('a revoked token (jti) and a revoked user stop working at once', async (t) => {
  const server = await app();
  const jti = randomUUID();
  const token = signTestToken({ sub: '5', role: 'viewer', jti });
  t.equal((await server.inject({ url: '/stats', headers: auth(token) })).statusCode, 200);
  await redis.set(REVOCATION_KEYS.jti(jti), '1', 'EX', 900);
  t.equal((await server.inject({ url: '/stats', headers: auth(token) })).statusCode, 401, 'cached verification does not bypass revocation');

  const other = signTestToken({ sub: '6', role: 'viewer' });
  t.equal((await server.inject({ url: '/stats', headers: auth(other) })).statusCode, 200);
  await redis.set(REVOCATION_KEYS.user('6'), String(Math.floor(Date.now() / 1000)), 'EX', 900);
  t.equal((await server.inject({ url: '/stats', headers: auth(other) })).statusCode, 401);
});
