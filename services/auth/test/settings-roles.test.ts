import t from 'tap';
import { CHANNELS, PERMISSIONS } from '@app/contracts';
import { closeRedis, createRedis } from '@app/service-kit';
import { testRedisUrl } from '@app/testing';
import { ADMIN_PASSWORD, buildAuth, within } from './helpers.js';

type Role = { id: number; roleKey: string; permissions: string[]; isBuiltin: boolean; enabled: boolean; userCount: number };

t.test('role management', async (t) => {
  const h = await buildAuth(t);
  const { token } = await h.login('admin', ADMIN_PASSWORD);
  const api = h.api(token);
  const roles = async () => (await api('GET', '/api/settings/roles')).json().data as Role[];
  const roleId = async (key: string) => (await roles()).find((r) => r.roleKey === key)!.id;

  t.test('lists roles with permissions, flags and user counts', async (t) => {
    const res = await api('GET', '/api/settings/roles');
    t.equal(res.statusCode, 200);
    const admin = res.json().data.find((r: Role) => r.roleKey === 'admin');
    t.match(admin, { permissions: ['*'], isBuiltin: true, enabled: true, userCount: 1, name: String, createdAt: String });
    t.same(res.json().data.map((r: Role) => r.roleKey).sort(), ['admin', 'editor', 'user', 'viewer']);
  });

  t.test('serves the permission catalogue', async (t) => {
    const res = await api('GET', '/api/settings/permissions');
    t.equal(res.statusCode, 200);
    t.same(res.json().data, PERMISSIONS.map(({ key, title, module }) => ({ key, title, module })));
  });

  let auditorId = 0;
  t.test('creates a role', async (t) => {
    const res = await api('POST', '/api/settings/roles', { roleKey: 'auditor', name: '审计员', description: '只看日志', permissions: ['system:logs', 'system:logs'] });
    t.equal(res.statusCode, 201);
    t.match(res.json(), { code: 201, data: { roleKey: 'auditor', permissions: ['system:logs'], isBuiltin: false, enabled: true, userCount: 0 } });
    auditorId = res.json().data.id;

    const dup = await api('POST', '/api/settings/roles', { roleKey: 'auditor', name: 'again' });
    t.equal(dup.statusCode, 409);

    const cases: [object, string][] = [
      [{ roleKey: 'Bad Key', name: 'x' }, 'roleKey'],
      [{ roleKey: 'a', name: 'x' }, 'roleKey'],
      [{ roleKey: 'fine', name: '' }, 'name'],
      [{ roleKey: 'fine', name: 'x', permissions: ['nope:never'] }, 'permissions'],
      [{ roleKey: 'fine', name: 'x', permissions: ['*'] }, 'permissions'],
    ];
    for (const [payload, field] of cases) {
      const bad = await api('POST', '/api/settings/roles', payload);
      t.equal(bad.statusCode, 400, JSON.stringify(payload));
      t.match(bad.json().msg, field);
    }
  });

  t.test('updates name, description and enabled; the key is immutable', async (t) => {
    const res = await api('PUT', `/api/settings/roles/${auditorId}`, { roleKey: 'auditor', name: '日志审计', description: null, enabled: false });
    t.equal(res.statusCode, 200);
    t.match(res.json().data, { roleKey: 'auditor', name: '日志审计', description: null, enabled: false });
    const rename = await api('PUT', `/api/settings/roles/${auditorId}`, { roleKey: 'other' });
    t.equal(rename.statusCode, 400);
    t.match(rename.json().msg, 'roleKey');
    t.equal((await api('PUT', '/api/settings/roles/999999', { name: 'x' })).statusCode, 404);
  });

  t.test('protects the built-in admin role', async (t) => {
    const adminId = await roleId('admin');
    t.equal((await api('PUT', `/api/settings/roles/${adminId}`, { enabled: false })).statusCode, 400, 'cannot be disabled');
    const strip = await api('PUT', `/api/settings/roles/${adminId}/permissions`, { permissions: ['system:roles'] });
    t.equal(strip.statusCode, 400, 'cannot lose *');
    t.match(strip.json().msg, 'permissions');
    t.equal((await api('DELETE', `/api/settings/roles/${adminId}`)).statusCode, 400, 'cannot be deleted');
    t.same((await roles()).find((r) => r.roleKey === 'admin')!.permissions, ['*']);
    t.equal((await api('PUT', `/api/settings/roles/${adminId}/permissions`, { permissions: ['*'] })).statusCode, 200);
  });

  t.test('validates permission lists', async (t) => {
    const editorId = await roleId('editor');
    for (const permissions of [['nope:never'], ['*'], ['dashboard:view', 42]]) {
      const res = await api('PUT', `/api/settings/roles/${editorId}/permissions`, { permissions });
      t.equal(res.statusCode, 400, JSON.stringify(permissions));
      t.match(res.json().msg, 'permissions');
    }
    t.equal((await api('PUT', `/api/settings/roles/${editorId}/permissions`, {})).statusCode, 400);
    t.equal((await api('PUT', '/api/settings/roles/999999/permissions', { permissions: [] })).statusCode, 404);
  });

  t.test('a permission change reaches holders on their next request', async (t) => {
    const events = createRedis(testRedisUrl());
    t.teardown(() => closeRedis(events));
    const messages: string[] = [];
    await events.subscribe(`${h.config.REDIS_KEY_PREFIX}${CHANNELS.rolesChanged}`);
    events.on('message', (ch) => messages.push(ch));

    await h.createUser({ username: 'watcher', password: 'Viewer-pass-1', roleKey: 'viewer' });
    const viewer = (await h.login('watcher', 'Viewer-pass-1')).token;
    t.equal((await api('GET', '/api/settings/logs', undefined, viewer)).statusCode, 403, 'cached: no system:logs');

    const viewerId = await roleId('viewer');
    const before = (await roles()).find((r) => r.roleKey === 'viewer')!.permissions;
    const res = await api('PUT', `/api/settings/roles/${viewerId}/permissions`, { permissions: [...before, 'system:logs'] });
    t.equal(res.statusCode, 200);
    t.ok(res.json().data.permissions.includes('system:logs'));
    t.ok(await within(1000, async () => (await api('GET', '/api/settings/logs', undefined, viewer)).statusCode === 200), 'granted within 1 s');
    t.ok(await within(1000, async () => messages.length > 0), 'rolesChanged published');

    t.equal((await api('PUT', `/api/settings/roles/${viewerId}/permissions`, { permissions: before })).statusCode, 200);
    t.ok(await within(1000, async () => (await api('GET', '/api/settings/logs', undefined, viewer)).statusCode === 403), 'revoked within 1 s');

    const log = await h.app.db.systemLog.findFirst({ where: { action: 'ROLE_PERMISSIONS_UPDATE' }, orderBy: { id: 'desc' } });
    t.match(log, { type: 'operation', username: 'admin', detail: { roleKey: 'viewer' } });
  });

  t.test('a disabled role grants nothing', async (t) => {
    const id = (await api('POST', '/api/settings/roles', { roleKey: 'logreader', name: '日志', permissions: ['system:logs'] })).json().data.id;
    await h.createUser({ username: 'reader', password: 'Reader-pass-1', roleKey: 'logreader' });
    const reader = (await h.login('reader', 'Reader-pass-1')).token;
    t.equal((await api('GET', '/api/settings/logs', undefined, reader)).statusCode, 200);
    t.equal((await api('PUT', `/api/settings/roles/${id}`, { enabled: false })).statusCode, 200);
    t.ok(await within(1000, async () => (await api('GET', '/api/settings/logs', undefined, reader)).statusCode === 403), 'disabled within 1 s');
  });

  t.test('deletes only unused, non-built-in roles', async (t) => {
    await h.createUser({ username: 'holder', password: 'Holder-pass-1', roleKey: 'auditor' });
    const inUse = await api('DELETE', `/api/settings/roles/${auditorId}`);
    t.equal(inUse.statusCode, 409);
    t.match(inUse.json().msg, '角色使用中');
    t.equal((await roles()).find((r) => r.roleKey === 'auditor')!.userCount, 1);

    // a soft-deleted holder no longer counts
    await h.app.db.user.update({ where: { username: 'holder' }, data: { isDeleted: true } });
    const res = await api('DELETE', `/api/settings/roles/${auditorId}`);
    t.equal(res.statusCode, 200);
    t.same(res.json().data, { id: auditorId, deleted: true });
    t.equal((await api('DELETE', `/api/settings/roles/${auditorId}`)).statusCode, 404);
    t.equal((await api('DELETE', `/api/settings/roles/${await roleId('viewer')}`)).statusCode, 400, 'built-in roles stay');
  });

  t.test('needs system:roles', async (t) => {
    await h.createUser({ username: 'role-editor', password: 'Editor-pass-1', roleKey: 'editor' });
    const editor = (await h.login('role-editor', 'Editor-pass-1')).token;
    t.equal((await api('GET', '/api/settings/roles', undefined, editor)).statusCode, 403);
    t.equal((await api('GET', '/api/settings/permissions', undefined, editor)).statusCode, 403);
    t.equal((await api('POST', '/api/settings/roles', { roleKey: 'x1', name: 'x' }, editor)).statusCode, 403);
  });
});
