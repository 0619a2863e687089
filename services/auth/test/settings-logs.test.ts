import t from 'tap';
import { ADMIN_PASSWORD, buildAuth } from './helpers.js';
import { systemLogRepository } from '../src/plugins/app/system-log-repository.js';

type Log = { id: number; type: string; action: string; username: string | null; ip: string | null; detail: unknown; createdAt: string };

t.test('system logs', async (t) => {
  const h = await buildAuth(t);
  const { token } = await h.login('admin', ADMIN_PASSWORD);
  const api = h.api(token);
  const list = async (query: string) => {
    const res = await api('GET', `/api/settings/logs${query}`);
    t.equal(res.statusCode, 200, query);
    return res.json().data as { records: Log[]; total: number; current: number; size: number };
  };

  // Known rows at known times, besides the admin's login above.
  const day = (d: number) => new Date(Date.UTC(2024, 0, d, 12));
  await h.app.db.systemLog.createMany({
    data: [
      { type: 'security', action: 'IP_BLOCKED', ip: '203.0.113.9', createdAt: day(1) },
      { type: 'operation', action: 'USER_CREATE', username: 'operator-one', ip: '10.0.0.1', createdAt: day(2), detail: { id: 7 } },
      { type: 'operation', action: 'ROLE_UPDATE', username: 'operator-two', ip: '10.0.0.2', createdAt: day(3) },
      { type: 'search', action: 'VECTOR_SEARCH', username: 'operator-one', ip: '10.0.0.1', createdAt: day(4) },
    ],
  });
  await systemLogRepository(h.app.db).write({ type: 'login', action: 'USER_LOGIN_FAILED', username: 'mallory', ip: '198.51.100.4', detail: { password: 'Secret-pass-1', reason: 'credentials' } });

  t.test('newest first, paginated', async (t) => {
    const page = await list('?current=1&size=3');
    t.match(page, { total: 6, current: 1, size: 3 });
    t.equal(page.records.length, 3);
    const all = (await list('?size=100')).records;
    const times = all.map((l) => Date.parse(l.createdAt));
    t.same(times, [...times].sort((a, b) => b - a), 'sorted by time, descending');
    t.equal(all.at(-1)!.action, 'IP_BLOCKED');
    t.same((await list('?page=2&pageSize=5')).records.length, 1, 'page/pageSize aliases');
  });

  t.test('filters', async (t) => {
    t.same((await list('?type=login')).records.map((l) => l.action).sort(), ['USER_LOGIN', 'USER_LOGIN_FAILED']);
    t.same((await list('?action=ROLE_UPDATE')).records.map((l) => l.username), ['operator-two']);
    t.same((await list('?username=OPERATOR-o')).records.map((l) => l.action), ['VECTOR_SEARCH', 'USER_CREATE'], 'username contains, any case');
    t.same((await list('?ip=10.0.0.1')).records.map((l) => l.action), ['VECTOR_SEARCH', 'USER_CREATE']);
    t.same((await list('?startTime=2024-01-02T00:00:00Z&endTime=2024-01-03T23:59:59Z')).records.map((l) => l.action), ['ROLE_UPDATE', 'USER_CREATE']);
    t.same((await list('?start=2024-01-04&end=2024-01-05')).records.map((l) => l.action), ['VECTOR_SEARCH'], 'start/end aliases, dates');
    t.same((await list('?type=operation&username=two')).records.map((l) => l.action), ['ROLE_UPDATE'], 'filters combine');
    const bad = await api('GET', '/api/settings/logs?startTime=yesterday');
    t.equal(bad.statusCode, 400);
    t.match(bad.json().msg, 'startTime');
  });

  t.test('details are stored without secrets', async (t) => {
    const failed = (await list('?action=USER_LOGIN_FAILED')).records[0];
    t.same(failed.detail, { password: '[redacted]', reason: 'credentials' });
  });

  t.test('shows one entry', async (t) => {
    const id = (await list('?action=USER_CREATE')).records[0].id;
    const res = await api('GET', `/api/settings/logs/${id}`);
    t.equal(res.statusCode, 200);
    t.match(res.json().data, { id, type: 'operation', action: 'USER_CREATE', username: 'operator-one', ip: '10.0.0.1', detail: { id: 7 } });
    t.equal((await api('GET', '/api/settings/logs/999999')).statusCode, 404);
    t.equal((await api('GET', '/api/settings/logs/nope')).statusCode, 400);
  });

  t.test('deletes by ids or by time', async (t) => {
    const ids = (await list('?type=operation')).records.map((l) => l.id);
    const byIds = await api('DELETE', '/api/settings/logs', { ids: [...ids, 999999] });
    t.equal(byIds.statusCode, 200);
    t.same(byIds.json().data, { deleted: 2 });
    t.equal((await list('?action=ROLE_UPDATE')).total, 0);

    const byTime = await api('DELETE', '/api/settings/logs', { before: '2024-01-04T13:00:00Z' });
    t.same(byTime.json().data, { deleted: 2 }, 'IP_BLOCKED and VECTOR_SEARCH');
    t.equal((await list('?type=security')).total, 0);
    t.equal((await list('?action=USER_LOGIN_FAILED')).total, 1, 'newer rows stay');

    const record = (await list('?action=LOG_DELETE')).records;
    t.equal(record.length, 2, 'each deletion is itself recorded');
    t.match(record[0], { type: 'operation', username: 'admin' });

    t.equal((await api('DELETE', '/api/settings/logs')).statusCode, 400, 'no body');
    for (const payload of [{}, { ids: [] }, { before: 'soon' }, { ids: [1], before: '2024-01-01T00:00:00Z' }, { ids: ['x'] }]) {
      const res = await api('DELETE', '/api/settings/logs', payload);
      t.equal(res.statusCode, 400, JSON.stringify(payload));
      t.match(res.json().msg, /ids|before/);
    }
  });

  t.test('needs system:logs', async (t) => {
    await h.createUser({ username: 'log-editor', password: 'Editor-pass-1', roleKey: 'editor' });
    const editor = (await h.login('log-editor', 'Editor-pass-1')).token;
    t.equal((await api('GET', '/api/settings/logs', undefined, editor)).statusCode, 403);
    t.equal((await api('GET', '/api/settings/logs/1', undefined, editor)).statusCode, 403);
    t.equal((await api('DELETE', '/api/settings/logs', { before: new Date().toISOString() }, editor)).statusCode, 403);
  });
});

t.test('days are the platform zone’s days (api.md "Days and dates")', async (t) => {
  const h = await buildAuth(t, { PLATFORM_TIMEZONE: 'Asia/Shanghai' });
  const { token } = await h.login('admin', ADMIN_PASSWORD);
  // 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai.
  await h.app.db.systemLog.create({ data: { type: 'operation', action: 'LATE_UTC', createdAt: new Date('2024-03-01T23:30:00Z') } });
  const actions = async (query: string) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/settings/logs?type=operation&${query}`, headers: h.bearer(token) });
    t.equal(res.statusCode, 200, query);
    return res.json().data.records.map((l: { action: string }) => l.action);
  };
  t.same(await actions('start=2024-03-02&end=2024-03-02'), ['LATE_UTC'], 'on 2 March in Shanghai');
  t.same(await actions('start=2024-03-01&end=2024-03-01'), [], 'not on 1 March');
  t.same(await actions('startTime=2024-03-01T23:00:00Z&endTime=2024-03-01T23:59:59Z'), ['LATE_UTC'], 'a date-time is that instant');
  const deleted = await h.app.inject({ method: 'DELETE', url: '/api/settings/logs', payload: { before: '2024-03-02' }, headers: h.bearer(token) });
  t.equal(deleted.json().data.deleted, 0, '"before 2 March" keeps what happened on 2 March in Shanghai');
  const reversed = await h.app.inject({ method: 'GET', url: '/api/settings/logs?start=2024-03-03&end=2024-03-02', headers: h.bearer(token) });
  t.equal(reversed.statusCode, 400, 'an end before the start is refused');
});
