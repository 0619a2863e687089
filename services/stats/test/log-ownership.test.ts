// Generation logs only for one's own projects (api.md POST /api/logs): ownership comes from the projects
// service; a refusal names no project and does not tell a foreign project from a missing one; no answer of
// stats names a project the caller does not own.
import t from 'tap';
import { createPrisma } from '@app/db';
import { ADMIN_PASSWORD, startPlatform } from '../../gateway/test/platform.js';
import { workbookOf } from './exports.js';

const SECRET = '绝密-Orion-计划';

t.test('a user logs only into their own projects; others’ and unknown ones are refused alike, naming none', async (t) => {
  const p = await startPlatform(t, { backends: ['projects', 'stats'] });
  const db = createPrisma(p.env.DATABASE_URL);
  t.teardown(() => db.$disconnect());
  const uma = await p.createUser('uma', 'user');
  const ulf = await p.createUser('ulf', 'user');
  const tokens = { uma: await p.token('uma', 'uma-Pass-123'), ulf: await p.token('ulf', 'ulf-Pass-123'), admin: await p.token('admin', ADMIN_PASSWORD) };
  const project = async (token: string, name: string, code: string) =>
    (await (await p.fetch('/api/projects', { method: 'POST', token, body: JSON.stringify({ name, code }) })).json()).data.id as number;
  const own = await project(tokens.uma, 'Uma-Own', 'UMA-1');
  const foreign = await project(tokens.ulf, SECRET, 'ULF-1');
  const post = (token: string, body: unknown) => p.fetch('/api/logs', { method: 'POST', token, body: JSON.stringify(body) });
  const stored = () => db.generationLog.count();

  const single = await post(tokens.uma, { id: 's1', projectId: foreign, status: 'success', timestamp: '2026-11-20T08:00:00Z' });
  t.equal(single.status, 403, 'a single log for someone else’s project');
  const singleText = await single.text();
  t.notMatch(singleText, SECRET, 'the refusal does not name the project');

  const batch = await post(tokens.uma, [
    { id: 'b1', projectId: own, status: 'success', timestamp: '2026-11-20T08:00:00Z' },
    { id: 'b2', projectId: foreign, status: 'failed', timestamp: '2026-11-20T09:00:00Z' },
  ]);
  t.equal(batch.status, 403, 'a batch with one such log');
  t.notMatch(await batch.text(), SECRET);
  t.equal(await stored(), 0, 'nothing of the refused batch is stored, not even the own project’s log');

  const missing = await post(tokens.uma, { id: 'm1', projectId: foreign + 1000, status: 'success' });
  t.equal(missing.status, 403, 'a project that does not exist: 403 as well');
  const [a, b] = [JSON.parse(singleText), await missing.json()];
  t.same([b.msg, b.errorKey], [a.msg, a.errorKey], 'the same answer as for an existing foreign project: existence is not revealed');

  t.equal((await post(tokens.uma, { id: 'o1', projectId: own, status: 'success', timestamp: '2026-11-20T10:00:00Z' })).status, 201, 'the own project');
  t.equal(
    (await post(tokens.admin, { id: 'x1', projectId: foreign, userId: uma, status: 'success', timestamp: '2026-11-20T11:00:00Z' })).status,
    201,
    'a `*` holder may log into any project, here in uma’s name',
  );
  t.equal(await stored(), 2);

  // That admin-made log is uma's, in ulf's project: uma sees its id, never its name.
  const logs = (await (await p.fetch('/api/logs?size=10', { token: tokens.uma })).json()).data;
  t.same(
    logs.records.map((r: { projectId: number; projectName: string | null }) => [r.projectId, r.projectName]).sort(),
    [[foreign, null], [own, 'Uma-Own']].sort(),
    'GET /api/logs names only the caller’s own projects',
  );
  const byProject = await (await p.fetch('/api/stats?start=2026-11-01&end=2026-11-30&dimension=project', { token: tokens.uma })).text();
  t.match(byProject, 'Uma-Own');
  t.notMatch(byProject, SECRET, 'GET /api/stats does not name the foreign project either');
  t.match(byProject, `项目 #${foreign}`, 'it is labelled by id');
  const file = await p.fetch('/api/export?start=2026-11-01T00:00:00Z&end=2026-11-30T00:00:00Z', { token: tokens.uma });
  t.equal(file.status, 200);
  const names: unknown[] = [];
  (await workbookOf(file)).getWorksheet('生成日志')!.eachRow((row, n) => n > 1 && names.push((row.values as unknown[])[11]));
  t.notOk(names.includes(SECRET), 'nor does the caller’s export');
  t.ok(names.includes('Uma-Own'));
  // The ownership lookup is for services only.
  const owners = (headers: Record<string, string>) =>
    fetch(`${p.env.PROJECTS_URL}/internal/projects/owners`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ ids: [own, foreign, foreign + 1000] }) });
  t.equal((await owners({})).status, 403, 'no internal token: refused');
  t.same((await (await owners({ 'x-internal-token': p.env.INTERNAL_TOKEN })).json()).data.owners, [
    { id: own, ownerUserId: uma },
    { id: foreign, ownerUserId: ulf },
  ]);
  const adminView = await (await p.fetch('/api/stats?start=2026-11-01&end=2026-11-30&dimension=project', { token: tokens.admin })).text();
  t.match(adminView, SECRET, 'a `*` holder sees every name');
});

t.test('without the projects service a user’s log is refused (503), not accepted unchecked', async (t) => {
  const p = await startPlatform(t, { backends: ['stats'] });
  const db = createPrisma(p.env.DATABASE_URL);
  t.teardown(() => db.$disconnect());
  const uid = await p.createUser('una', 'user');
  const token = await p.token('una', 'una-Pass-123');
  const refused = await p.fetch('/api/logs', { method: 'POST', token, body: JSON.stringify({ id: 'd1', projectId: 1, status: 'success', timestamp: '2026-11-20T08:00:00Z' }) });
  t.equal(refused.status, 503);
  t.equal((await refused.json()).code, 503);
  t.equal(await db.generationLog.count(), 0, 'nothing stored');

  // A `*` holder needs no ownership answer; figures then label projects by id.
  const admin = await p.token('admin', ADMIN_PASSWORD);
  const body = JSON.stringify({ id: 'd2', projectId: 1, userId: uid, status: 'success', timestamp: '2026-11-20T08:00:00Z' });
  t.equal((await p.fetch('/api/logs', { method: 'POST', token: admin, body })).status, 201);
  const byProject = (await (await p.fetch('/api/stats?start=2026-11-01&end=2026-11-30&dimension=project', { token })).json()).data;
  t.same(byProject.series.map((s: { label: string }) => s.label), ['项目 #1'], 'the projects service is down: labelled by id');
});
