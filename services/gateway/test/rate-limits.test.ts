// The per-IP limits of the unauthenticated entry points are settings, and they fail closed: without Redis
// to count in, captcha, login, register and refresh answer 503 instead of letting every request through.
import t from 'tap';
import { createRedis, createServer } from '@app/service-kit';
import { startPrivateRedis, until } from '@app/testing';
import { loginGuardHooks } from '../src/plugins/app/login-guard.js';
import { startPlatform, type Platform } from './platform.js';

const LIMITED: { setting: string; max: number; send: (p: Platform, ip: string) => Promise<Response> }[] = [
  { setting: 'RATE_LIMIT_CAPTCHA_PER_MIN', max: 3, send: (p, ip) => p.fetch('/api/auth/captcha', { ip }) },
  {
    setting: 'RATE_LIMIT_LOGIN_PER_MIN',
    max: 4,
    send: (p, ip) => p.fetch('/api/auth/login', { method: 'POST', ip, body: JSON.stringify({ username: 'nobody', password: 'x' }) }),
  },
  {
    setting: 'RATE_LIMIT_REGISTER_PER_MIN',
    max: 2,
    send: (p, ip) => p.fetch('/api/auth/register', { method: 'POST', ip, body: JSON.stringify({ username: 'x' }) }),
  },
  {
    setting: 'RATE_LIMIT_REFRESH_PER_MIN',
    max: 5,
    send: (p, ip) => p.fetch('/api/auth/refresh', { method: 'POST', ip, body: JSON.stringify({ refreshToken: 'not-a-token' }) }),
  },
];

t.test('each limit is honoured at its configured value, per route and per IP', async (t) => {
  const env = Object.fromEntries(LIMITED.map((l) => [l.setting, String(l.max)]));
  const p = await startPlatform(t, { backends: [], env });
  // One IP for every route: each route keeps a counter of its own.
  for (const { setting, max, send } of LIMITED) {
    const statuses: number[] = [];
    for (let i = 0; i < max; i++) statuses.push((await send(p, '10.70.0.1')).status);
    t.notOk(statuses.includes(429), `${setting}: ${max} requests pass (${statuses.join(',')})`);
    const over = await send(p, '10.70.0.1');
    t.equal(over.status, 429, `${setting}: request ${max + 1} is refused`);
    t.match(await over.json(), { code: 429, errorKey: 'KIT_TOO_MANY_REQUESTS', msg: /^请求过于频繁，请 \d+ 秒后再试$/ }, 'one sentence, in one language');
    t.not((await send(p, '10.70.0.2')).status, 429, `${setting}: another IP is not limited`);
  }
});

t.test('Redis unreachable: captcha, login, register and refresh answer 503; /healthz still answers', async (t) => {
  const redis = await startPrivateRedis(t);
  const p = await startPlatform(t, { backends: [], env: { REDIS_URL: redis.url } });
  t.equal((await LIMITED[0].send(p, '10.80.0.1')).status, 200, 'captcha works while Redis is up');
  await redis.kill();

  const generated = p.captchas.length;
  for (const { setting, send } of LIMITED) {
    const res = await send(p, '10.80.0.1');
    t.equal(res.status, 503, `${setting}: fails closed`);
    t.match(await res.json(), { code: 503, errorKey: 'KIT_SERVICE_UNAVAILABLE', data: null });
  }
  t.equal(p.captchas.length, generated, 'no request reached the auth service');
  const health = await p.fetch('/healthz', { ip: '10.80.0.1' });
  t.equal(health.status, 200, 'what needs no Redis still answers');
  // The services close their Redis connections (BullMQ's wait forever) at teardown: give them a Redis again,
  // and let every connection of the gateway and auth find it before they close.
  await redis.start();
  await until(async () => (await fetch(`${p.internalUrl}/readyz`)).status, (s) => s === 200, 60_000, 'the gateway back on Redis');
  await until(async () => (await p.auth.inject('/readyz')).statusCode, (s) => s === 200, 60_000, 'auth back on Redis');
});

t.test("the login guard's own Redis reads fail closed: 503, never a pass", async (t) => {
  const app = await createServer({ service: 'login-guard-test', logger: false });
  // A Redis nobody listens on: every command fails.
  const redis = createRedis('redis://127.0.0.1:9', { name: 'login-guard-test' });
  app.decorate('redis', redis);
  t.teardown(async () => {
    await app.close();
    redis.disconnect();
  });
  let handled = 0;
  const guard = loginGuardHooks(app, { maxFailuresPerUser: 5, maxFailuresPerIp: 20, windowSec: 900 });
  app.post('/login', { ...guard }, async () => {
    handled++;
    return { token: 't' };
  });
  const res = await app.inject({ method: 'POST', url: '/login', payload: { username: 'admin', password: 'x' } });
  t.equal(res.statusCode, 503);
  t.match(res.json(), { code: 503, errorKey: 'KIT_SERVICE_UNAVAILABLE' });
  t.equal(handled, 0, 'the login itself never ran');
});
