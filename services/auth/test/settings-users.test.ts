import t from 'tap';
import { ADMIN_PASSWORD, buildAuth, within, type Method } from './helpers.js';

const NO_SECRETS = /passwordHash|password_hash|\$argon2/;

t.test('user management', async (t) => {
  const h = await buildAuth(t);
  const { token } = await h.login('admin', ADMIN_PASSWORD);
  const adminId = (await h.app.db.user.findUniqueOrThrow({ where: { username: 'admin' } })).id;
  const bodies: string[] = [];
  const send = h.api(token);
  const api = async (method: Method, url: string, payload?: object, auth = token) => {
    const res = await send(method, url, payload, auth);
    bodies.push(res.body);
    return res;
  };
  const gone = async (auth: string) =>
    within(1000, async () => (await h.app.inject({ url: '/api/auth/me', headers: h.bearer(auth) })).statusCode === 401);

  let aliceId = 0;
  t.test('creates a user who can then log in', async (t) => {
    const res = await api('POST', '/api/settings/users', {
      username: 'alice', password: 'Alice-pass-1', email: 'Alice@Example.com', nickname: '爱丽丝', phone: '13800138000', roleKey: 'editor',
    });
    t.equal(res.statusCode, 201);
    t.match(res.json(), { code: 201, msg: 'success', data: { username: 'alice', email: 'alice@example.com', nickname: '爱丽丝', roleKey: 'editor', status: 1, createdBy: 'admin' } });
    t.notMatch(res.body, NO_SECRETS);
    aliceId = res.json().data.id;
    const session = await h.login('alice', 'Alice-pass-1');
    t.ok(session.token);
    t.equal((await h.app.db.systemLog.count({ where: { action: 'USER_CREATE' } })), 1, 'USER_CREATE recorded');
  });

  t.test('validates creation', async (t) => {
    const base = { username: 'bob', password: 'Bob-pass-123', email: 'bob@example.com', roleKey: 'viewer' };
    const cases: [object, number, string][] = [
      [{ ...base, roleKey: 'ghost' }, 400, 'roleKey'],
      [{ ...base, roleKey: undefined }, 400, 'roleKey'],
      [{ ...base, password: 'short1' }, 400, 'password'],
      [{ ...base, password: 'lettersonly' }, 400, 'password'],
      [{ ...base, email: 'not-an-email' }, 400, 'email'],
      [{ ...base, username: 'x' }, 400, 'username'],
      [{ ...base, status: 5 }, 400, 'status'],
      [{ ...base, username: 'alice' }, 409, '用户名'],
      [{ ...base, email: 'ALICE@example.com' }, 409, '邮箱'],
    ];
    for (const [payload, status, text] of cases) {
      const res = await api('POST', '/api/settings/users', payload);
      t.equal(res.statusCode, status, JSON.stringify(payload));
      t.equal(res.json().code, status);
      t.match(res.json().msg, text);
    }
    const disabled = await api('POST', '/api/settings/users', { ...base, status: 0 });
    t.equal(disabled.statusCode, 201);
    t.equal(disabled.json().data.status, 0);
  });

  t.test('lists with pagination and filters, never the deleted', async (t) => {
    for (let i = 0; i < 3; i++) await h.createUser({ username: `page-user-${i}`, password: 'Page-pass-1', roleKey: 'user' });
    const first = await api('GET', '/api/settings/users?current=1&size=2');
    t.equal(first.statusCode, 200);
    t.match(first.json().data, { total: 6, current: 1, size: 2 });
    t.equal(first.json().data.records.length, 2);
    const alias = await api('GET', '/api/settings/users?page=3&pageSize=2');
    t.match(alias.json().data, { total: 6, current: 3, size: 2 });
    t.equal(alias.json().data.records.length, 2);
    t.equal((await api('GET', '/api/settings/users?size=1000')).json().data.size, 100, 'size is capped');

    t.same((await api('GET', '/api/settings/users?username=PAGE')).json().data.records.map((u: { username: string }) => u.username), ['page-user-0', 'page-user-1', 'page-user-2']);
    t.same((await api('GET', '/api/settings/users?roleKey=editor')).json().data.records.map((u: { username: string }) => u.username), ['alice']);
    t.same((await api('GET', '/api/settings/users?status=0')).json().data.records.map((u: { username: string }) => u.username), ['bob']);
    t.equal((await api('GET', '/api/settings/users?status=7')).statusCode, 400);

    await h.app.db.user.update({ where: { username: 'page-user-2' }, data: { isDeleted: true } });
    t.equal((await api('GET', '/api/settings/users?username=page')).json().data.total, 2, 'deleted users are not listed');
  });

  t.test('updates profile fields', async (t) => {
    const res = await api('PUT', `/api/settings/users/${aliceId}`, { nickname: 'Alice', phone: null, gender: 'female', age: 30, username: 'ignored' });
    t.equal(res.statusCode, 200);
    t.match(res.json().data, { id: aliceId, username: 'alice', nickname: 'Alice', phone: null, gender: 'female', age: 30, updatedBy: 'admin' });
    t.equal((await api('PUT', `/api/settings/users/${aliceId}`, { email: 'admin@example.com' })).statusCode, 409, 'e-mail taken');
    t.equal((await api('PUT', `/api/settings/users/${aliceId}`, { roleKey: 'ghost' })).statusCode, 400);
    t.equal((await api('PUT', '/api/settings/users/999999', { nickname: 'x' })).statusCode, 404);
  });

  t.test('a role change ends the sessions issued for the old role', async (t) => {
    const session = await h.login('alice', 'Alice-pass-1');
    const res = await api('PUT', `/api/settings/users/${aliceId}`, { roleKey: 'viewer' });
    t.equal(res.statusCode, 200);
    t.equal(res.json().data.roleKey, 'viewer');
    t.ok(await gone(session.token), 'old access token refused');
    const again = await h.login('alice', 'Alice-pass-1');
    t.equal((await h.app.inject({ url: '/api/auth/me', headers: h.bearer(again.token) })).json().data.user.roleKey, 'viewer');
  });

  t.test('disabling ends access and refresh tokens at once', async (t) => {
    const session = await h.login('alice', 'Alice-pass-1');
    t.equal((await h.app.inject({ url: '/api/auth/me', headers: h.bearer(session.token) })).statusCode, 200);
    const res = await api('PUT', `/api/settings/users/${aliceId}/status`, { status: 0 });
    t.equal(res.statusCode, 200);
    t.equal(res.json().data.status, 0);
    t.ok(await gone(session.token), 'access token refused');
    const refresh = await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: session.refreshToken } });
    t.equal(refresh.statusCode, 401, 'refresh token refused');
    await t.rejects(h.login('alice', 'Alice-pass-1'), /账户已被停用/);

    t.equal((await api('PUT', `/api/settings/users/${aliceId}/status`, { status: 1 })).statusCode, 200);
    t.ok((await h.login('alice', 'Alice-pass-1')).token, 'enabled again');
    t.equal((await api('PUT', `/api/settings/users/${aliceId}/status`, { status: 2 })).statusCode, 400);
    t.equal((await api('PUT', `/api/settings/users/${aliceId}/status`, {})).statusCode, 400);
  });

  t.test('disabling through PUT /:id also ends the sessions', async (t) => {
    const session = await h.login('alice', 'Alice-pass-1');
    t.equal((await api('PUT', `/api/settings/users/${aliceId}`, { status: 0 })).statusCode, 200);
    t.ok(await gone(session.token));
    t.equal((await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: session.refreshToken } })).statusCode, 401);
    t.equal((await api('PUT', `/api/settings/users/${aliceId}`, { status: 1 })).statusCode, 200);
  });

  t.test('resetting a password ends the sessions and replaces the password', async (t) => {
    const session = await h.login('alice', 'Alice-pass-1');
    const weak = await api('POST', `/api/settings/users/${aliceId}/reset-password`, { password: 'weak' });
    t.equal(weak.statusCode, 400);
    t.match(weak.json().msg, 'password');
    const res = await api('POST', `/api/settings/users/${aliceId}/reset-password`, { password: 'Fresh-pass-2' });
    t.equal(res.statusCode, 200);
    t.same(res.json().data, { id: aliceId, reset: true });
    t.ok(await gone(session.token), 'old access token refused while the account stays enabled');
    await t.rejects(h.login('alice', 'Alice-pass-1'), /用户名或密码错误/);
    t.ok((await h.login('alice', 'Fresh-pass-2')).token);
    const log = await h.app.db.systemLog.findFirst({ where: { action: 'USER_PASSWORD_RESET' } });
    t.notMatch(JSON.stringify(log), /Fresh-pass-2/, 'the password is not logged');
  });

  t.test('an admin cannot lock themselves out', async (t) => {
    for (const [method, url, payload, text] of [
      ['DELETE', `/api/settings/users/${adminId}`, undefined, '不能删除自己'],
      ['PUT', `/api/settings/users/${adminId}/status`, { status: 0 }, '不能停用自己'],
      ['PUT', `/api/settings/users/${adminId}`, { status: 0 }, '不能停用自己'],
      ['PUT', `/api/settings/users/${adminId}`, { roleKey: 'viewer' }, '角色'],
    ] as const) {
      const res = await api(method, url, payload);
      t.equal(res.statusCode, 400, `${method} ${url}`);
      t.match(res.json().msg, text);
    }
    t.equal((await h.app.inject({ url: '/api/auth/me', headers: h.bearer(token) })).statusCode, 200, 'still in');
  });

  t.test('soft-deletes a user and ends their sessions', async (t) => {
    const session = await h.login('alice', 'Fresh-pass-2');
    const res = await api('DELETE', `/api/settings/users/${aliceId}`);
    t.equal(res.statusCode, 200);
    t.same(res.json().data, { id: aliceId, deleted: true });
    t.ok(await gone(session.token));
    t.equal((await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: session.refreshToken } })).statusCode, 401);
    t.equal((await h.app.db.user.findUnique({ where: { id: aliceId } }))?.isDeleted, true, 'row kept');
    t.equal((await api('DELETE', `/api/settings/users/${aliceId}`)).statusCode, 404);
    t.equal((await api('PUT', `/api/settings/users/${aliceId}`, { nickname: 'x' })).statusCode, 404);
    t.equal((await api('PUT', `/api/settings/users/${aliceId}/status`, { status: 1 })).statusCode, 404);
    t.equal((await api('POST', `/api/settings/users/${aliceId}/reset-password`, { password: 'Other-pass-3' })).statusCode, 404);
    t.notOk((await api('GET', '/api/settings/users?username=alice')).json().data.records.length);
  });

  t.test('needs system:users; a holder cannot reach above themselves', async (t) => {
    await h.createUser({ username: 'user-editor', password: 'Editor-pass-1', roleKey: 'editor' });
    const editor = (await h.login('user-editor', 'Editor-pass-1')).token;
    t.equal((await api('GET', '/api/settings/users', undefined, editor)).statusCode, 403);
    t.equal((await api('POST', '/api/settings/users', { username: 'eve', password: 'Eve-pass-123', email: 'eve@example.com', roleKey: 'admin' }, editor)).statusCode, 403);
    t.equal((await api('PUT', `/api/settings/users/${adminId}/status`, { status: 0 }, editor)).statusCode, 403);

    // a custom role holding system:users but not *
    await api('POST', '/api/settings/roles', { roleKey: 'helpdesk', name: '帮助台', permissions: ['system:users'] });
    await h.createUser({ username: 'desk', password: 'Desk-pass-123', roleKey: 'helpdesk' });
    const desk = (await h.login('desk', 'Desk-pass-123')).token;
    t.equal((await api('GET', '/api/settings/users', undefined, desk)).statusCode, 200);
    t.equal((await api('POST', '/api/settings/users', { username: 'eve', password: 'Eve-pass-123', email: 'eve@example.com', roleKey: 'admin' }, desk)).statusCode, 403, 'cannot create an admin');
    t.equal((await api('POST', `/api/settings/users/${adminId}/reset-password`, { password: 'Taken-over-1' }, desk)).statusCode, 403, 'cannot take over an admin');
    t.equal((await api('DELETE', `/api/settings/users/${adminId}`, undefined, desk)).statusCode, 403);
  });

  t.test('no response carried a password hash', async (t) => {
    t.ok(bodies.length > 30);
    for (const body of bodies) t.notMatch(body, NO_SECRETS);
  });
});
