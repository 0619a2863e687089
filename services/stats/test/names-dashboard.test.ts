// Labels and dashboard figures that come from the services owning them: project and user names in
// /api/stats and /api/logs (projects, auth), the vector total (vectors) and searches per day (auth).
import t from 'tap';
import { createPrisma } from '@app/db';
import { ADMIN_PASSWORD, startPlatform } from '../../gateway/test/platform.js';
import { workbookOf } from './exports.js';

const p = await startPlatform(t, { backends: ['comfy-orchestrator', 'projects', 'vectors', 'stats'] });
const db = createPrisma(p.env.DATABASE_URL);
t.teardown(() => db.$disconnect());
const uma = await p.createUser('uma', 'user');
await p.createUser('ulf', 'user');
const tokens = { uma: await p.token('uma', 'uma-Pass-123'), ulf: await p.token('ulf', 'ulf-Pass-123'), admin: await p.token('admin', ADMIN_PASSWORD) };
const api = async (token: string, path: string, body?: unknown) => {
  const res = await p.fetch(path, { token, ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }) });
  return { status: res.status, data: (await res.json()).data };
};
const project = async (token: string, name: string, code: string) => (await api(token, '/api/projects', { name, code })).data.id as number;

t.test('stats and logs name projects and users', async (t) => {
  const alpha = await project(tokens.uma, '阿尔法', 'ALPHA-1');
  const beta = await project(tokens.ulf, 'Beta', 'BETA-1');
  t.equal((await api(tokens.uma, '/api/logs', [
    { id: 'u1', projectId: alpha, status: 'success', timestamp: '2026-11-20T08:00:00Z' },
    { id: 'u2', projectId: alpha, status: 'failed', timestamp: '2026-11-20T09:00:00Z' },
  ])).status, 201);
  t.equal((await api(tokens.ulf, '/api/logs', { id: 'f1', projectId: beta, status: 'success', timestamp: '2026-11-20T10:00:00Z' })).status, 201);

  const byProject = await api(tokens.admin, '/api/stats?start=2026-11-01&end=2026-11-30&dimension=project');
  t.same(byProject.data.series.map((s: { key: string; label: string; total: number }) => [s.key, s.label, s.total]), [
    [String(alpha), '阿尔法', 2],
    [String(beta), 'Beta', 1],
  ]);
  const byUser = await api(tokens.admin, '/api/stats?start=2026-11-01&end=2026-11-30&dimension=user');
  t.same(byUser.data.series.map((s: { label: string; total: number }) => [s.label, s.total]), [['uma', 2], ['ulf', 1]]);
  t.same((await api(tokens.uma, '/api/stats?start=2026-11-01&end=2026-11-30&dimension=user')).data.series.map((s: { label: string }) => s.label), ['uma'], 'a user: only themselves');

  const logs = await api(tokens.admin, '/api/logs?size=10');
  t.same(
    logs.data.records.map((r: { projectName: string; userName: string }) => [r.projectName, r.userName]),
    [['Beta', 'ulf'], ['阿尔法', 'uma'], ['阿尔法', 'uma']],
    'each log with its project and user name',
  );

  // The export names them too: a column each after the ids.
  const file = await p.fetch('/api/export?start=2026-11-01T00:00:00Z&end=2026-11-30T00:00:00Z', { token: tokens.admin });
  t.equal(file.status, 200);
  const wb = await workbookOf(file);
  const named: unknown[][] = [];
  wb.getWorksheet('生成日志')!.eachRow((row, n) => n > 1 && named.push((row.values as unknown[]).slice(10, 12)));
  t.same(named, [['uma', '阿尔法'], ['uma', '阿尔法'], ['ulf', 'Beta']], 'user and project names in the export');

  // A deleted project keeps its name in the figures (never looked up before: no cached name): its
  // generations still count.
  const gamma = await project(tokens.ulf, 'Gamma', 'GAMMA-1');
  t.equal((await api(tokens.ulf, '/api/logs', { id: 'f2', projectId: gamma, status: 'success', timestamp: '2026-10-20T10:00:00Z' })).status, 201);
  t.equal((await p.fetch(`/api/projects/${gamma}`, { method: 'DELETE', token: tokens.ulf })).status, 200, 'deleted');
  const after = await api(tokens.admin, '/api/stats?start=2026-10-01&end=2026-10-31&dimension=project');
  t.same(after.data.series.map((s: { label: string; total: number }) => [s.label, s.total]), [['Gamma', 1]]);
});

t.test('dashboard: vector total from the vectors service, searches per day from the system logs', async (t) => {
  await db.vector.createMany({
    data: [
      { title: '商品库', docCount: 1200, status: 'ready' },
      { title: '工单库', docCount: 345, status: 'ready' },
    ],
  });
  const now = new Date();
  const yesterday = new Date(now.getTime() - 86_400_000);
  await db.systemLog.createMany({
    data: [
      ...Array.from({ length: 3 }, () => ({ type: 'search', action: 'vector search', userId: uma, createdAt: now })),
      ...Array.from({ length: 2 }, () => ({ type: 'search', action: 'vector search', userId: 1, createdAt: yesterday })),
      { type: 'operation', action: 'not a search', userId: uma, createdAt: now },
    ],
  });
  const admin = (await api(tokens.admin, '/api/dashboard/stats')).data;
  t.equal(admin.totalVectors, 1545, 'the vectors every collection holds');
  t.equal(admin.dailyQueries, 3, 'today’s searches, everyone’s');
  t.same(admin.trend.slice(-2).map((d: { queries: number }) => d.queries), [2, 3], 'searches per day in the trend');
  const own = (await api(tokens.uma, '/api/dashboard/stats')).data;
  t.match(own, { totalVectors: 1545, dailyQueries: 3, totalProjects: 1 }, 'a user: shared vector total, their own searches and projects');
  t.equal(own.trend.at(-2).queries, 0, 'the admin’s searches are not theirs');
  t.match((await api(tokens.ulf, '/api/dashboard/stats')).data, { dailyQueries: 0, totalProjects: 1 }, 'ulf: Beta (Gamma is deleted)');
});

t.test('the name and count lookups are for services only', async (t) => {
  const ask = (url: string, init: RequestInit = {}) => fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const body = JSON.stringify({ ids: [1] });
  t.equal((await ask(`${p.env.AUTH_URL}/internal/users/names`, { method: 'POST', body })).status, 403, 'no internal token: refused');
  t.equal((await ask(`${p.env.PROJECTS_URL}/internal/projects/names`, { method: 'POST', body, headers: { 'x-internal-token': 'wrong' } })).status, 403);
  t.equal((await ask(`${p.env.VECTORS_URL}/internal/vectors/summary`)).status, 403);
  t.equal((await ask(`${p.env.AUTH_URL}/internal/logs/daily?type=search&since=2026-01-01`)).status, 403);
  t.equal((await p.fetch('/internal/users/names', { method: 'POST', body, token: tokens.admin })).status, 404, 'the gateway never exposes /internal');
  const internal = { 'x-internal-token': p.env.INTERNAL_TOKEN };
  t.equal((await ask(`${p.env.AUTH_URL}/internal/logs/daily?type=search&since=2026-02-30`, { headers: internal })).status, 400, 'not a calendar day');
  t.equal((await ask(`${p.env.AUTH_URL}/internal/logs/daily?type=nope&since=2026-02-01`, { headers: internal })).status, 400, 'not a log type');
  const tooMany = await ask(`${p.env.AUTH_URL}/internal/users/names`, { method: 'POST', body: JSON.stringify({ ids: Array.from({ length: 1001 }, (_, i) => i + 1) }), headers: { 'x-internal-token': p.env.INTERNAL_TOKEN } });
  t.equal(tooMany.status, 400, 'at most 1000 ids a call');
});
