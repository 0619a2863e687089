import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createSigner } from 'fast-jwt';
import { testKeys } from '@app/testing';
import { ADMIN_PASSWORD, startPlatform } from './platform.js';

const json = (body: unknown) => ({ body: JSON.stringify(body) });

t.test('routing: the table decides; unknown /api and /internal are 404 envelopes; the console falls back to index.html', async (t) => {
  const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dist, 'app.js'), 'console.log(1)');
  const p = await startPlatform(t, { backends: [], webDist: dist });
  const unknown = await p.fetch('/api/not-a-route');
  t.equal(unknown.status, 404);
  t.match(await unknown.json(), { code: 404, data: null });
  const internal = await p.fetch('/internal/roles/admin', { headers: { 'x-internal-token': p.env.INTERNAL_TOKEN } });
  t.equal(internal.status, 404, 'internal routes are never exposed, even with the secret');
  const page = await p.fetch('/settings/users');
  t.equal(page.status, 200);
  t.match(await page.text(), /<title>console<\/title>/);
  t.equal((await p.fetch('/app.js')).status, 200);
  t.match((await p.fetch('/')).headers.get('content-type'), /text\/html/);
});

t.test('tokens: Bearer or raw; expired, alg none, HS256 with the public key, tampered → 401 at the gateway', async (t) => {
  const p = await startPlatform(t, { backends: [] });
  const token = await p.token('admin', ADMIN_PASSWORD);
  t.equal((await p.fetch('/api/auth/me', { token })).status, 200);
  t.equal((await p.fetch('/api/auth/me', { headers: { authorization: token } })).status, 200, 'raw token');
  t.equal((await p.fetch('/api/auth/me')).status, 401);

  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: '1', role: 'admin', jti: randomUUID(), iat: now, exp: now + 600 };
  const expired = createSigner({ key: testKeys().privateKey, algorithm: 'RS256', expiresIn: 1000, clockTimestamp: Date.now() - 3_600_000 })({
    sub: '1',
    role: 'admin',
    jti: randomUUID(),
  });
  const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  const hs256 = `${head}.${createHmac('sha256', testKeys().publicKey).update(head).digest('base64url')}`;
  const [h, , s] = p.mint(5, 'viewer').split('.');
  const tampered = `${h}.${b64({ ...claims, sub: '5' })}.${s}`;
  for (const [name, bad] of Object.entries({ expired, none, hs256, tampered })) {
    const res = await p.fetch('/api/settings/users', { token: bad });
    t.equal(res.status, 401, name);
    t.equal((await res.json()).code, 401);
  }
});

t.test('an unreachable service is a 503 for its routes only', async (t) => {
  const p = await startPlatform(t, { backends: [] });
  const token = await p.token('admin', ADMIN_PASSWORD);
  const down = await p.fetch('/api/logs', { token });
  t.equal(down.status, 503);
  t.match(await down.json(), { code: 503, msg: /stats/ });
  t.equal((await p.fetch('/api/auth/me', { token })).status, 200);
  t.equal((await p.fetch('/api/logs')).status, 401, 'the permission check still comes first');
});

t.test('brute force: failed logins per username, then per IP, are refused with 429', async (t) => {
  const p = await startPlatform(t, { backends: [], env: { LOGIN_MAX_FAILURES_PER_USER: '3', LOGIN_MAX_FAILURES_PER_IP: '5' } });
  const ip = { 'x-forwarded-for': '10.1.1.1' };
  for (let i = 0; i < 3; i++) t.equal((await p.login('admin', 'wrong-pass-1', ip)).status, 400);
  const blocked = await p.login('admin', ADMIN_PASSWORD, ip);
  t.equal(blocked.status, 429, 'even the right password is refused once the username is locked');
  t.match((await blocked.json()).msg, /次数过多/);
  t.ok(Number(blocked.headers.get('retry-after')) > 0);
  t.equal((await p.login('admin', ADMIN_PASSWORD, { 'x-forwarded-for': '10.2.2.2' })).status, 429, 'the username lock holds from any IP');
  await p.createUser('carol', 'viewer');
  for (let i = 0; i < 2; i++) t.equal((await p.login('carol', 'wrong-pass-1', ip)).status, 400);
  t.equal((await p.login('carol', 'carol-Pass-123', ip)).status, 429, 'the IP is locked after 5 failures in all');
  t.equal((await p.login('carol', 'carol-Pass-123', { 'x-forwarded-for': '10.3.3.3' })).status, 200, 'another IP is not');
});

t.test('captcha requests are rate limited per IP', async (t) => {
  const p = await startPlatform(t, { backends: [], env: { RATE_LIMIT_CAPTCHA_PER_MIN: '30' } });
  const statuses = [];
  for (let i = 0; i < 32; i++) statuses.push((await p.fetch('/api/auth/captcha', { ip: '10.4.4.4' })).status);
  t.same(statuses.slice(0, 30), Array(30).fill(200));
  t.equal(statuses[31], 429);
  t.equal((await p.fetch('/api/auth/captcha', { ip: '10.5.5.5' })).status, 200);
});

t.test('a banned IP gets 403 on login within one second, and everywhere; unban restores it', async (t) => {
  const p = await startPlatform(t, { backends: [] });
  const admin = await p.token('admin', ADMIN_PASSWORD, { 'x-forwarded-for': '10.0.0.1' });
  const ban = await p.fetch('/api/settings/ips', { method: 'POST', token: admin, ip: '10.0.0.1', ...json({ ipOrCidr: '10.9.0.0/16', reason: 'brute force' }) });
  t.equal(ban.status, 201, await ban.clone().text());
  const id = (await ban.json()).data.id;
  const banned = Date.now();
  let status = 0;
  while (Date.now() - banned < 1000) {
    status = (await p.login('admin', ADMIN_PASSWORD, { 'x-forwarded-for': '10.9.8.7' })).status;
    if (status === 403) break;
  }
  t.equal(status, 403, 'login from the banned range is refused within 1 s');
  t.equal((await p.fetch('/settings', { ip: '10.9.1.1' })).status, 403, 'the console too');
  t.equal((await p.fetch('/api/nowhere', { ip: '10.9.1.1' })).status, 403, 'and unknown routes');
  t.equal((await p.login('admin', ADMIN_PASSWORD, { 'x-forwarded-for': '10.8.0.1' })).status, 200, 'other addresses are fine');
  const unban = await p.fetch(`/api/settings/ips/${id}/status`, { method: 'PUT', token: admin, ip: '10.0.0.1', ...json({ status: 'allowed' }) });
  t.equal(unban.status, 200);
  let after = 0;
  const unbanned = Date.now();
  while (Date.now() - unbanned < 1000) {
    after = (await p.fetch('/api/auth/captcha', { ip: '10.9.8.7' })).status;
    if (after === 200) break;
  }
  t.equal(after, 200, 'unbanned within 1 s');
});

t.test('disabling a user ends their access at the gateway at once', async (t) => {
  const p = await startPlatform(t, { backends: [] });
  const admin = await p.token('admin', ADMIN_PASSWORD);
  const id = await p.createUser('dave', 'editor');
  const dave = await p.token('dave', 'dave-Pass-123');
  t.equal((await p.fetch('/api/auth/me', { token: dave })).status, 200);
  const disable = await p.fetch(`/api/settings/users/${id}/status`, { method: 'PUT', token: admin, ...json({ status: 0 }) });
  t.equal(disable.status, 200);
  t.equal((await p.fetch('/api/auth/me', { token: dave })).status, 401);
});

t.test('every mutating request leaves an audit record without secrets', async (t) => {
  const p = await startPlatform(t, { backends: [] });
  const admin = await p.token('admin', ADMIN_PASSWORD, { 'x-forwarded-for': '10.6.6.6' });
  const created = await p.fetch('/api/settings/users', {
    method: 'POST',
    token: admin,
    ip: '10.6.6.6',
    ...json({ username: 'erin', password: 'Erin-secret-99', email: 'erin@example.com', roleKey: 'viewer' }),
  });
  t.equal(created.status, 201);
  const requestId = created.headers.get('x-request-id');
  let record;
  for (let i = 0; i < 50 && !record; i++) {
    record = await p.auth.db.systemLog.findFirst({ where: { action: 'POST /api/settings/users' } });
    if (!record) await new Promise((r) => setTimeout(r, 100));
  }
  t.ok(record, 'the audit record arrives');
  t.match(record, { type: 'operation', action: 'POST /api/settings/users', username: 'admin', ip: '10.6.6.6', status: 201 });
  t.ok(record!.durationMs !== null && record!.durationMs >= 0);
  t.match(record!.detail, { requestId, body: { username: 'erin', password: '[redacted]' } });
  t.notMatch(JSON.stringify(record), /Erin-secret-99/);
  const failed = await p.auth.db.systemLog.findMany({ where: { type: 'login' } });
  t.notMatch(JSON.stringify(failed), new RegExp(ADMIN_PASSWORD));
});

t.test('merged API docs list every service that is up; api:view required', async (t) => {
  const p = await startPlatform(t, { backends: ['projects'] });
  const admin = await p.token('admin', ADMIN_PASSWORD);
  const doc = (await (await p.fetch('/api/api-docs', { token: admin })).json()).data;
  t.ok(doc.paths['/api/auth/login'], 'auth routes present');
  t.notOk(Object.keys(doc.paths).some((path) => path.startsWith('/internal')), 'no internal routes');
  t.ok(doc['x-unavailable'].includes('stats'), 'a down service is named');
  t.equal((await p.fetch('/api/api-docs')).status, 401);
});

t.test('the docs UI is served locally and loads the merged document', async (t) => {
  const p = await startPlatform(t, { backends: [] });
  const page = await p.fetch('/api/docs');
  t.equal(page.status, 200);
  const html = await page.text();
  t.notMatch(html, /<script>/, 'no inline script (the console origin’s CSP forbids it)');
  t.match(html, /<script src="\/api\/docs\/init.js">/);
  t.match(page.headers.get('content-security-policy'), /script-src 'self'(;|$)/);
  const init = await p.fetch('/api/docs/init.js');
  t.equal(init.status, 200);
  t.match(await init.text(), /SwaggerUIBundle\(\{\s*url: '\/api\/api-docs'/);
  const bundle = await p.fetch('/api/docs/swagger-ui-bundle.js');
  t.equal(bundle.status, 200);
  t.match(bundle.headers.get('content-type'), /javascript/);
  t.equal((await p.fetch('/api/docs/..%2F..%2Fpackage.json')).status, 404, 'only the known assets');
});
