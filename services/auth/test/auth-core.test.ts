import t from 'tap';
import { ADMIN_PASSWORD, buildAuth } from './helpers.js';
import { signTestToken } from '@app/testing';

t.test('captcha: an SVG data URL, single use, expires after 5 minutes, wrong answers refused', async (t) => {
  const { app, captchas } = await buildAuth(t);
  const first = (await app.inject('/api/auth/captcha')).json().data;
  t.match(first.key, /^[0-9a-f-]{36}$/);
  t.match(first.image, /^data:image\/svg\+xml;base64,/);
  t.equal(first.required, true, 'the client is told to ask for it');
  t.match(Buffer.from(first.image.split(',')[1], 'base64').toString(), /<svg/);
  const answer = captchas.at(-1)!.text;
  t.equal(answer.length, 4);

  const login = (key: string, captcha: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD, key, captcha } });
  t.equal((await login(first.key, answer.toUpperCase())).statusCode, 200, 'case-insensitive answer accepted');
  const reused = await login(first.key, answer);
  t.equal(reused.statusCode, 400, 'a used captcha cannot be used again');
  t.match(reused.json().msg, /验证码/);

  const wrong = (await app.inject('/api/auth/captcha')).json().data;
  t.equal((await login(wrong.key, 'zzzz')).json().msg, '验证码错误');
  t.equal((await login(wrong.key, captchas.at(-1)!.text)).statusCode, 400, 'a wrong attempt burns the captcha');

  const old = (await app.inject('/api/auth/captcha')).json().data;
  await app.db.captcha.update({ where: { uuid: old.key }, data: { expireAt: new Date(Date.now() - 1000) } });
  t.match((await login(old.key, captchas.at(-1)!.text)).json().msg, /过期/);
  const missing = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
  t.equal(missing.statusCode, 400);
});

t.test('login: credentials, disabled accounts, the userName alias, and the login log', async (t) => {
  const h = await buildAuth(t, { AUTH_CAPTCHA: 'off' });
  const post = (payload: object) => h.app.inject({ method: 'POST', url: '/api/auth/login', payload });
  t.equal((await h.app.inject('/api/auth/captcha')).json().data.required, false, 'with AUTH_CAPTCHA=off the captcha answer says it is not needed, so the console hides it');
  const ok = await post({ userName: 'admin', password: ADMIN_PASSWORD });
  t.equal(ok.statusCode, 200);
  t.match(ok.json().data, { token: String, refreshToken: String, expiresIn: 900 });

  const wrongPassword = await post({ username: 'admin', password: 'nope-12345' });
  const unknownUser = await post({ username: 'ghost', password: 'nope-12345' });
  t.equal(wrongPassword.statusCode, 400);
  t.equal(unknownUser.json().msg, wrongPassword.json().msg, 'does not say which part was wrong');

  await h.createUser({ username: 'sleepy', password: 'Sleepy-pass-1', roleKey: 'viewer', status: 0 });
  const disabled = await post({ username: 'sleepy', password: 'Sleepy-pass-1' });
  t.equal(disabled.statusCode, 403);
  t.equal(disabled.json().msg, '账户已被停用');
  t.equal((await post({ username: 'sleepy', password: 'wrong-pass-1' })).statusCode, 400, 'no status leak without the password');

  const logs = await h.app.db.systemLog.findMany({ where: { type: 'login' }, orderBy: { id: 'asc' } });
  t.same(logs.map((l) => l.action), ['USER_LOGIN', 'USER_LOGIN_FAILED', 'USER_LOGIN_FAILED', 'USER_LOGIN_FAILED', 'USER_LOGIN_FAILED']);
  t.notMatch(JSON.stringify(logs), /Admin-pass|nope-12345|Sleepy-pass/, 'no password reaches the log');
  t.ok((await h.app.db.user.findFirst({ where: { username: 'admin' } }))!.lastLoginTime, 'last login time recorded');
});

t.test('register: policy, duplicates, closed registration', async (t) => {
  const open = await buildAuth(t);
  const reg = (payload: object) => open.app.inject({ method: 'POST', url: '/api/auth/register', payload });
  const created = await reg({ username: 'newbie', email: 'NewBie@Example.com', password: 'Newbie-pass-1' });
  t.equal(created.statusCode, 201);
  t.equal(created.json().code, 201);
  const row = await open.app.db.user.findFirst({ where: { username: 'newbie' } });
  t.equal(row!.roleKey, 'user', 'self-registered users get the default role');
  t.equal(row!.email, 'newbie@example.com');
  t.not(row!.passwordHash, 'Newbie-pass-1');
  t.equal((await reg({ username: 'newbie', email: 'x@example.com', password: 'Newbie-pass-1' })).statusCode, 409);
  t.equal((await reg({ username: 'other', email: 'newbie@example.com', password: 'Newbie-pass-1' })).statusCode, 409);
  const weak = await reg({ username: 'weakling', email: 'w@example.com', password: 'password' });
  t.equal(weak.statusCode, 400);
  t.match(weak.json().msg, /密码/);
  t.match((await reg({ username: 'bad name!', email: 'b@example.com', password: 'Good-pass-1' })).json().msg, /body\.username/);
  t.match((await reg({ username: 'mailless', email: 'not-an-email', password: 'Good-pass-1' })).json().msg, /body\.email/);
  t.equal((await open.login('newbie', 'Newbie-pass-1')).expiresIn, 900, 'the new account can log in');

  const closed = await buildAuth(t, { AUTH_REGISTRATION: 'closed' });
  const refused = await closed.app.inject({ method: 'POST', url: '/api/auth/register', payload: { username: 'late', email: 'l@example.com', password: 'Late-pass-1' } });
  t.equal(refused.statusCode, 403);
});

t.test('refresh tokens rotate; reusing a rotated one revokes the whole family', async (t) => {
  const h = await buildAuth(t);
  const first = await h.login('admin', ADMIN_PASSWORD);
  const refresh = (refreshToken: string) => h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
  const second = await refresh(first.refreshToken);
  t.equal(second.statusCode, 200);
  const pair = second.json().data;
  t.not(pair.refreshToken, first.refreshToken);
  t.equal((await h.app.inject({ url: '/api/auth/me', headers: h.bearer(pair.token) })).statusCode, 200, 'the new access token works');

  const stolen = await refresh(first.refreshToken);
  t.equal(stolen.statusCode, 401, 'the rotated token is refused');
  t.equal((await refresh(pair.refreshToken)).statusCode, 401, 'and its successor is revoked with the family');
  t.equal(await h.app.db.systemLog.count({ where: { action: 'REFRESH_TOKEN_REUSE' } }), 1, 'reuse is a security event');

  const other = await h.login('admin', ADMIN_PASSWORD);
  t.equal((await refresh(other.refreshToken)).statusCode, 200, 'another login session is unaffected');
  t.equal((await refresh('made-up')).statusCode, 401);
  t.equal((await refresh('')).statusCode, 400);
});

t.test('logout revokes the access token and the session refresh family at once', async (t) => {
  const h = await buildAuth(t);
  const session = await h.login('admin', ADMIN_PASSWORD);
  const keep = await h.login('admin', ADMIN_PASSWORD);
  const out = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: h.bearer(session.token) });
  t.equal(out.statusCode, 200);
  t.equal((await h.app.inject({ url: '/api/auth/me', headers: h.bearer(session.token) })).statusCode, 401);
  t.equal((await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: session.refreshToken } })).statusCode, 401);
  t.equal((await h.app.inject({ url: '/api/auth/me', headers: h.bearer(keep.token) })).statusCode, 200, 'other sessions stay');
  t.equal((await h.app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode, 401);
});

t.test('JWT_ISSUER and JWT_AUDIENCE: auth signs with the configured ones and refuses tokens naming others', async (t) => {
  const h = await buildAuth(t, { JWT_ISSUER: 'acme-idp', JWT_AUDIENCE: 'acme-api' });
  const { token } = await h.login('admin', ADMIN_PASSWORD);
  t.match(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()), { iss: 'acme-idp', aud: 'acme-api', fid: String });
  t.equal((await h.app.inject({ url: '/api/auth/me', headers: h.bearer(token) })).statusCode, 200);
  const defaults = signTestToken({ sub: '1', role: 'admin' });
  t.equal((await h.app.inject({ url: '/api/auth/me', headers: h.bearer(defaults) })).statusCode, 401, 'a token for the default issuer and audience');
});

t.test('me, user/info and v3 menus: the user, permissions, and only the menus the role may see', async (t) => {
  const h = await buildAuth(t);
  await h.createUser({ username: 'vera', password: 'Vera-pass-123', roleKey: 'viewer' });
  const admin = await h.login('admin', ADMIN_PASSWORD);
  const viewer = await h.login('vera', 'Vera-pass-123');
  const me = async (token: string) => (await h.app.inject({ url: '/api/auth/me', headers: h.bearer(token) })).json().data;
  // child paths are relative to their parent (art-design-pro's shape): joined here
  const paths = (nodes: { path: string; children: unknown[] }[], parent = ''): string[] =>
    nodes.flatMap((n) => {
      const path = n.path && parent && !n.path.startsWith('/') ? `${parent}/${n.path}` : n.path;
      return [path, ...paths(n.children as never, path ?? parent)];
    }).filter(Boolean);

  const adminMe = await me(admin.token);
  t.match(adminMe.user, { username: 'admin', roleKey: 'admin', role: 'admin', permissions: ['*'], status: 'active' });
  t.notOk('passwordHash' in adminMe.user);
  t.ok(paths(adminMe.menus).includes('/settings/users'));

  const viewerMe = await me(viewer.token);
  t.match(viewerMe.user, { username: 'vera', roleKey: 'viewer' });
  const seen = paths(viewerMe.menus);
  t.ok(seen.includes('/dashboard') && seen.includes('/stats') && seen.includes('/vector-search'));
  t.notOk(seen.some((p) => p.startsWith('/settings')), 'no settings menus for a viewer');
  t.notOk(seen.includes('/workbench/instances'), 'no ComfyUI instances without comfy:use');

  const info = (await h.app.inject({ url: '/api/user/info', headers: { authorization: viewer.token } })).json().data;
  t.match(info, { userName: 'vera', roles: ['viewer'] });
  t.ok(info.buttons.includes('vector:search'));
  t.notOk(info.buttons.includes('vector:manage'));

  const routes = (await h.app.inject({ url: '/api/v3/system/menus', headers: h.bearer(viewer.token) })).json().data;
  const vector = routes.find((r: { path: string }) => r.path === '/vector');
  t.match(vector, { name: 'Vector', component: '/vector/index', meta: { title: '向量管理', icon: 'ri:database-2-line' } });
  t.same(vector.meta.authList, [], 'a viewer holds none of the vector buttons');
  const adminRoutes = (await h.app.inject({ url: '/api/v3/system/menus', headers: h.bearer(admin.token) })).json().data;
  const adminVector = adminRoutes.find((r: { path: string }) => r.path === '/vector');
  t.ok(adminVector.meta.authList.some((a: { authMark: string }) => a.authMark === 'add'));
});

t.test('profile: edits own fields only; password change ends other sessions', async (t) => {
  const h = await buildAuth(t);
  await h.createUser({ username: 'pat', password: 'Pat-pass-1234', roleKey: 'user' });
  const s1 = await h.login('pat', 'Pat-pass-1234');
  const s2 = await h.login('pat', 'Pat-pass-1234');
  const put = await h.app.inject({
    method: 'PUT',
    url: '/api/profile',
    headers: h.bearer(s1.token),
    payload: { nickname: '小帕', gender: 'female', age: 30, phone: '13800138000', username: 'hijack', roleKey: 'admin' },
  });
  t.equal(put.statusCode, 200);
  t.match(put.json().data, { username: 'pat', roleKey: 'user', nickname: '小帕', gender: 'female', age: 30 });
  t.equal((await h.app.inject({ method: 'PUT', url: '/api/profile', headers: h.bearer(s1.token), payload: { email: 'admin@example.com' } })).statusCode, 409);
  t.equal((await h.app.inject({ method: 'PUT', url: '/api/profile', headers: h.bearer(s1.token), payload: { gender: 'robot' } })).statusCode, 400);

  const change = (token: string, oldPassword: string, newPassword: string) =>
    h.app.inject({ method: 'PUT', url: '/api/profile/password', headers: h.bearer(token), payload: { oldPassword, newPassword } });
  t.equal((await change(s1.token, 'wrong-old-1', 'Newer-pass-1')).json().msg, '原密码错误');
  t.equal((await change(s1.token, 'Pat-pass-1234', 'short')).statusCode, 400);
  const changed = await change(s1.token, 'Pat-pass-1234', 'Newer-pass-1');
  t.equal(changed.statusCode, 200);
  const fresh = changed.json().data;
  t.equal((await h.app.inject({ url: '/api/profile', headers: h.bearer(s2.token) })).statusCode, 401, 'other sessions end');
  t.equal((await h.app.inject({ url: '/api/profile', headers: h.bearer(s1.token) })).statusCode, 401, 'the old token too');
  t.equal((await h.app.inject({ url: '/api/profile', headers: h.bearer(fresh.token) })).statusCode, 200, 'the fresh pair works');
  t.equal((await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: s2.refreshToken } })).statusCode, 401);
  await t.rejects(h.login('pat', 'Pat-pass-1234'), 'the old password no longer works');
  t.ok(await h.login('pat', 'Newer-pass-1'));
});

t.test('profile: null clears a field (it is not coerced to an empty string)', async (t) => {
  const h = await buildAuth(t);
  const { token } = await h.login('admin', ADMIN_PASSWORD);
  await h.app.inject({ method: 'PUT', url: '/api/profile', headers: h.bearer(token), payload: { nickname: 'Boss', gender: 'male' } });
  const cleared = await h.app.inject({ method: 'PUT', url: '/api/profile', headers: h.bearer(token), payload: { nickname: null, gender: null } });
  t.equal(cleared.statusCode, 200);
  t.equal(cleared.json().data.nickname, null);
  t.equal(cleared.json().data.gender, null);
});
