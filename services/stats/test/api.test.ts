import t from 'tap';
import { createPrisma } from '@app/db';
import { ADMIN_PASSWORD, startPlatform } from '../../gateway/test/platform.js';

// Logs go only into the caller's own projects, so the projects service runs too.
const p = await startPlatform(t, { backends: ['projects', 'stats'] });
const db = createPrisma(p.env.DATABASE_URL);
t.teardown(() => db.$disconnect());
const uma = await p.createUser('uma', 'user');
const ulf = await p.createUser('ulf', 'user');
const val = await p.createUser('val', 'viewer');
const tokens = {
  uma: await p.token('uma', 'uma-Pass-123'),
  ulf: await p.token('ulf', 'ulf-Pass-123'),
  val: await p.token('val', 'val-Pass-123'),
  admin: await p.token('admin', ADMIN_PASSWORD),
};
// A viewer cannot create projects through the API; one of theirs is made directly.
const project = async (ownerUserId: number, code: string) => (await db.project.create({ data: { name: `P-${code}`, code, ownerUserId } })).id;
const [p1, p2, p3, p9, pv] = [await project(uma, 'U1'), await project(uma, 'U2'), await project(ulf, 'F3'), await project(ulf, 'F9'), await project(val, 'V1')];
const post = (token: string, body: unknown) => p.fetch('/api/logs', { method: 'POST', token, body: JSON.stringify(body) });
const get = async (token: string, path: string) => {
  const res = await p.fetch(path, { token });
  return { status: res.status, body: await res.json() };
};

t.test('POST /api/logs: single and batch, idempotent on the client id', async (t) => {
  const one = await post(tokens.uma, { id: 'a1', projectId: p1, status: 'success', timestamp: '2026-11-20T08:00:00Z' });
  t.equal(one.status, 201);
  t.match((await one.json()).data, { accepted: 1, inserted: 1 });
  const batch = [
    { id: 'a1', projectId: p1, status: 'success', timestamp: '2026-11-20T08:00:00Z' },
    { id: 'a2', projectId: p1, status: 'failed', timestamp: '2026-11-20T09:00:00Z' },
    { id: 'a3', projectId: p2, status: 'running', timestamp: '2026-11-21T09:00:00Z' },
  ];
  t.match((await (await post(tokens.uma, batch)).json()).data, { accepted: 3, inserted: 2, duplicates: 1 });
  t.match((await (await post(tokens.uma, batch)).json()).data, { accepted: 3, inserted: 0, duplicates: 3 }, 'a retried batch is stored once');
  t.match((await (await post(tokens.ulf, { id: 'a1', projectId: p3, status: 'success', timestamp: '2026-11-20T10:00:00Z' })).json()).data, { inserted: 1 }, 'another user’s id space');
  const bad = await post(tokens.uma, { projectId: p1, status: 'done' });
  t.equal(bad.status, 400);
  t.match((await bad.json()).msg, /body/);
  t.equal((await post(tokens.uma, { projectId: p1, status: 'success', userId: ulf })).status, 403, 'no logging for someone else');
  t.equal((await post(tokens.admin, { projectId: p9, status: 'success', userId: ulf, timestamp: '2026-11-22T10:00:00Z' })).status, 201, 'admins may');
  t.equal((await post(tokens.val, { projectId: pv, status: 'success' })).status, 201, 'any logged-in user logs their own');
});

t.test('GET /api/logs: own logs only for non-admins, filters, newest first', async (t) => {
  const own = await get(tokens.uma, '/api/logs?size=50');
  t.equal(own.status, 200);
  t.equal(own.body.data.total, 3);
  t.ok(own.body.data.records.every((r: { userId: number }) => r.userId === uma));
  t.same(own.body.data.records.map((r: { timestamp: string }) => r.timestamp), [...own.body.data.records.map((r: { timestamp: string }) => r.timestamp)].sort().reverse());
  t.equal((await get(tokens.uma, `/api/logs?userId=${ulf}`)).status, 403);
  t.equal((await get(tokens.uma, '/api/logs?status=failed')).body.data.total, 1);
  t.equal((await get(tokens.uma, '/api/logs?start=2026-11-21T00:00:00Z')).body.data.total, 1);
  t.equal((await get(tokens.admin, '/api/logs?size=50')).body.data.total, 6, 'admins see all');
  t.equal((await get(tokens.admin, `/api/logs?userId=${ulf}`)).body.data.total, 2);
});

t.test('GET /api/stats: by day (zero-filled), project and user; scoped; validated', async (t) => {
  const byDay = await get(tokens.uma, '/api/stats?start=2026-11-19&end=2026-11-22&dimension=day');
  t.equal(byDay.status, 200);
  t.same(byDay.body.data.series.map((s: { key: string; total: number }) => [s.key, s.total]), [
    ['2026-11-19', 0],
    ['2026-11-20', 2],
    ['2026-11-21', 1],
    ['2026-11-22', 0],
  ]);
  t.same(byDay.body.data.totals, { total: 3, success: 1, failed: 1 });
  const byProject = await get(tokens.uma, '/api/stats?start=2026-11-01&end=2026-11-30&dimension=project');
  t.same(byProject.body.data.series.map((s: { key: string; total: number }) => [s.key, s.total]), [[String(p1), 2], [String(p2), 1]]);
  t.same(byProject.body.data.series.map((s: { label: string }) => s.label), ['P-U1', 'P-U2'], 'labelled with their names');
  const byUser = await get(tokens.admin, '/api/stats?start=2026-11-01&end=2026-11-30&dimension=user');
  t.equal(byUser.body.data.totals.total, 6, 'admins: everyone');
  t.equal((await get(tokens.uma, `/api/stats?start=2026-11-01&end=2026-11-30&userId=${ulf}`)).status, 403);
  t.equal((await get(tokens.uma, '/api/stats?start=2026-11-30&end=2026-11-01')).status, 400);
  t.equal((await get(tokens.uma, '/api/stats?start=2020-01-01&end=2026-11-01')).status, 400, 'range capped');
  t.equal((await get(tokens.uma, '/api/stats?start=2026-02-30&end=2026-03-01')).status, 400, 'not a calendar day');
  t.equal((await get(tokens.uma, '/api/stats?start=nope&end=2026-11-01')).status, 400);
  t.equal((await get(tokens.val, '/api/stats?start=2026-11-01&end=2026-11-30')).status, 200, 'viewers hold stats:view');
});
