// Who can lock an account: only someone who gets past the captcha and then gives a wrong password. Junk
// (wrong captchas, missing fields, broken JSON) counts toward the sender's IP only.
import t from 'tap';
import { ADMIN_PASSWORD, startPlatform, type Platform } from './platform.js';

const LIMITS = { LOGIN_MAX_FAILURES_PER_USER: '5', LOGIN_MAX_FAILURES_PER_IP: '20' };

/** A fresh captcha fetched from `ip`: its key and the right answer. */
async function captcha(p: Platform, ip: string) {
  const res = await p.fetch('/api/auth/captcha', { ip });
  if (res.status !== 200) throw new Error(`captcha: ${res.status}`);
  return { key: (await res.json()).data.key as string, text: p.captchas.at(-1)!.text };
}

const post = (p: Platform, ip: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  p.fetch('/api/auth/login', { method: 'POST', ip, headers, body });

/** Login attempts for admin that say nothing about the password, each with the errorKey auth answers. */
const JUNK: { name: string; errorKey: string; send: (p: Platform, ip: string) => Promise<Response> }[] = [
  {
    name: 'wrong captcha',
    errorKey: 'AUTH_CAPTCHA_INVALID',
    send: async (p, ip) => {
      const { key, text } = await captcha(p, ip);
      return post(p, ip, JSON.stringify({ username: 'admin', password: 'wrong-pass-1', key, captcha: `${text}x` }));
    },
  },
  {
    name: 'a used captcha',
    errorKey: 'AUTH_CAPTCHA_INVALID',
    send: async (p, ip) => {
      const { key, text } = await captcha(p, ip);
      await post(p, ip, JSON.stringify({ username: 'admin', password: 'wrong-pass-1', key, captcha: `${text}x` }));
      return post(p, ip, JSON.stringify({ username: 'admin', password: 'wrong-pass-1', key, captcha: text }));
    },
  },
  {
    name: 'no password',
    errorKey: 'VALIDATION_FAILED',
    send: async (p, ip) => {
      const { key, text } = await captcha(p, ip);
      return post(p, ip, JSON.stringify({ username: 'admin', key, captcha: text }));
    },
  },
  {
    name: 'no captcha or key',
    errorKey: 'AUTH_CAPTCHA_REQUIRED',
    send: (p, ip) => post(p, ip, JSON.stringify({ username: 'admin', password: 'wrong-pass-1' })),
  },
  { name: 'malformed JSON', errorKey: 'KIT_BAD_REQUEST', send: (p, ip) => post(p, ip, '{"username":"admin","password":') },
  { name: 'an empty body', errorKey: 'KIT_BAD_REQUEST', send: (p, ip) => post(p, ip, '') },
];

t.test('50 junk login attempts for admin from several IPs lock nothing: admin then logs in', async (t) => {
  const p = await startPlatform(t, { backends: [], env: LIMITS });
  const ips = ['10.30.0.1', '10.30.0.2', '10.30.0.3', '10.30.0.4', '10.30.0.5'];
  const seen = new Map<string, number>();
  for (let i = 0; i < 50; i++) {
    const junk = JUNK[i % JUNK.length];
    const res = await junk.send(p, ips[i % ips.length]);
    const body = await res.json();
    // Each kind once in detail; the rest must merely be refused the same way.
    if (!seen.has(junk.name)) {
      t.equal(res.status, 400, junk.name);
      t.match(body, { code: 400, errorKey: junk.errorKey, data: null }, `${junk.name}: ${junk.errorKey}`);
    } else if (res.status !== 400 || body.errorKey !== junk.errorKey) {
      t.fail(`${junk.name} (attempt ${i}): ${res.status} ${body.errorKey}`);
    }
    seen.set(junk.name, (seen.get(junk.name) ?? 0) + 1);
  }
  t.equal(seen.size, JUNK.length, 'every kind of junk was sent');

  const ok = await p.login('admin', ADMIN_PASSWORD, { 'x-forwarded-for': ips[0] });
  t.equal(ok.status, 200, 'admin logs in, from one of the junk IPs even (10 failures there, under its limit of 20)');
  t.ok((await ok.json()).data.token);
});

t.test('wrong passwords behind valid captchas lock the username; a wrong-captcha flood locks only its IP', async (t) => {
  const p = await startPlatform(t, { backends: [], env: LIMITS });
  for (let i = 0; i < 5; i++) {
    const res = await p.login('admin', 'wrong-pass-1', { 'x-forwarded-for': `10.40.0.${i + 1}` });
    t.equal(res.status, 400);
    t.match(await res.json(), { code: 400, errorKey: 'AUTH_BAD_CREDENTIALS', msg: '用户名或密码错误' });
  }
  const locked = await p.login('admin', ADMIN_PASSWORD, { 'x-forwarded-for': '10.40.1.1' });
  t.equal(locked.status, 429, 'five wrong passwords from five IPs lock admin, even from a sixth IP with the right password');
  t.match(await locked.json(), { code: 429, errorKey: 'GATEWAY_LOGIN_LOCKED', msg: /次数过多/ });

  await p.createUser('carol', 'viewer');
  const flood = '10.50.0.1';
  for (let i = 0; i < 20; i++) {
    const { key, text } = await captcha(p, flood);
    const res = await post(p, flood, JSON.stringify({ username: 'carol', password: 'wrong-pass-1', key, captcha: `${text}x` }));
    t.equal(res.status, 400, `wrong captcha ${i + 1}`);
  }
  const refused = await p.login('carol', 'carol-Pass-123', { 'x-forwarded-for': flood });
  t.equal(refused.status, 429, 'the flooding IP reached its limit of 20');
  t.ok(Number(refused.headers.get('retry-after')) > 0);
  t.equal((await p.login('carol', 'carol-Pass-123', { 'x-forwarded-for': '10.50.0.2' })).status, 200, 'carol herself, from elsewhere, is not locked');
});

t.test('with the captcha off, wrong passwords count toward the username', async (t) => {
  const p = await startPlatform(t, { backends: [], env: { ...LIMITS, AUTH_CAPTCHA: 'off' } });
  const attempt = (password: string, ip: string) => post(p, ip, JSON.stringify({ username: 'admin', password }));
  for (let i = 0; i < 5; i++) {
    const res = await attempt('wrong-pass-1', `10.60.0.${i + 1}`);
    t.match(await res.json(), { code: 400, errorKey: 'AUTH_BAD_CREDENTIALS' });
  }
  t.equal((await attempt(ADMIN_PASSWORD, '10.60.1.1')).status, 429);
});
