// Projects and their ComfyUI instances as users reach them: through the real gateway, to the real projects
// service and comfy-orchestrator (real simulator processes), over a private seeded database (api.md
// "Projects and ComfyUI", seed 000 §1 and §2.2).
import t from 'tap';
import { ADMIN_PASSWORD } from '../../gateway/test/platform.js';
import {
  alive, createProject, openRunning, processesUnder, serviceOf, startComfyPlatform, until, untilRunning, type ComfyPlatform,
} from './comfy-platform.js';

const json = (body: unknown) => JSON.stringify(body);
let dataDir = '';

t.test('projects and ComfyUI through the gateway', async (t) => {
  const p: ComfyPlatform = await startComfyPlatform(t);
  dataDir = p.dataDir;
  const aliceId = await p.createUser('alice', 'user');
  const bobId = await p.createUser('bob', 'user');
  await p.createUser('vera', 'viewer');
  const alice = await p.token('alice', 'alice-Pass-123');
  const bob = await p.token('bob', 'bob-Pass-123');
  const vera = await p.token('vera', 'vera-Pass-123');
  const admin = await p.token('admin', ADMIN_PASSWORD);

  const api = async (path: string, token: string, method = 'GET', body?: unknown) => {
    const res = await p.fetch(path, { method, token, body: body === undefined ? undefined : json(body) });
    const payload = await res.json();
    t.equal(payload.code, res.status, `${method} ${path}: envelope code = HTTP status`);
    return { status: res.status, body: payload, data: payload.data };
  };

  let projectId = 0;
  let bobProjectId = 0;

  await t.test('create: 201 with the owner and no instance yet', async (t) => {
    const res = await api('/api/projects', alice, 'POST', { name: '  Alpha  ', code: 'ALPHA-01', note: 'first project' });
    t.equal(res.status, 201);
    t.match(res.data, { name: 'Alpha', code: 'ALPHA-01', note: 'first project', ownerUserId: aliceId, service: null });
    t.type(res.data.id, 'number');
    t.ok(!Number.isNaN(Date.parse(res.data.createTime)), 'createTime is an ISO time');
    projectId = res.data.id;
    bobProjectId = await createProject(p, bob, 'BOB_1', 'Bob project');
    const noNote = await api('/api/projects', alice, 'POST', { name: 'No note', code: 'ALPHA-02' });
    t.equal(noNote.status, 201, 'note is optional');
    t.equal(noNote.data.note, null);
  });

  await t.test('a duplicate code is 409 项目编号已存在, whoever owns the first', async (t) => {
    const own = await api('/api/projects', alice, 'POST', { name: 'Again', code: 'ALPHA-01' });
    t.equal(own.status, 409);
    t.equal(own.body.msg, '项目编号已存在');
    t.equal(own.body.message, '项目编号已存在');
    const other = await api('/api/projects', bob, 'POST', { name: 'Mine', code: 'ALPHA-01' });
    t.equal(other.status, 409, 'codes are unique across users');
    const rename = await api(`/api/projects/${bobProjectId}`, bob, 'PUT', { code: 'ALPHA-01' });
    t.equal(rename.status, 409, 'an update to a taken code too');
    t.equal(rename.body.msg, '项目编号已存在');
  });

  await t.test('validation is 400 naming the field', async (t) => {
    for (const [label, body, field] of [
      ['code with a space and !', { name: 'X', code: 'bad code!' }, /code/],
      ['code of one character', { name: 'X', code: 'a' }, /code/],
      ['empty name', { name: '', code: 'OK-CODE' }, /name/],
      ['blank name', { name: '   ', code: 'OK-CODE2' }, /name/],
      ['missing name', { code: 'OK-CODE3' }, /name/],
      ['missing code', { name: 'X' }, /code/],
      ['name too long', { name: 'n'.repeat(65), code: 'OK-CODE4' }, /name/],
    ] as const) {
      const res = await api('/api/projects', alice, 'POST', body);
      t.equal(res.status, 400, `${label} → 400`);
      t.match(res.body.msg, field, `${label}: the message names the field (${res.body.msg})`);
    }
    const put = await api(`/api/projects/${projectId}`, alice, 'PUT', { name: '' });
    t.equal(put.status, 400, 'an update is validated too');
    t.match(put.body.msg, /name/);
    const list = await api('/api/projects?size=100', alice);
    t.notOk(
      list.data.records.some((r: { code: string }) => r.code.startsWith('OK-CODE')),
      'no invalid project was stored',
    );
  });

  await t.test('lists: own projects only; admin sees all', async (t) => {
    const mine = await api('/api/projects', alice);
    t.equal(mine.status, 200);
    t.same(mine.data.records.map((r: { code: string }) => r.code).sort(), ['ALPHA-01', 'ALPHA-02']);
    t.equal(mine.data.total, 2);
    t.match(mine.data, { current: 1 });
    t.ok(mine.data.records.every((r: { ownerUserId: number }) => r.ownerUserId === aliceId));

    const bobs = await api('/api/projects', bob);
    t.same(bobs.data.records.map((r: { code: string }) => r.code), ['BOB_1'], 'a second user sees none of the first user’s');

    const all = await api('/api/projects?size=100', admin);
    const codes = all.data.records.map((r: { code: string }) => r.code);
    for (const code of ['ALPHA-01', 'ALPHA-02', 'BOB_1']) t.ok(codes.includes(code), `admin sees ${code}`);

    const viewer = await api('/api/projects', vera);
    t.equal(viewer.status, 200, 'a viewer may list');
    t.equal(viewer.data.total, 0, 'but owns nothing');

    const found = await api('/api/projects?keyword=alp', alice);
    t.equal(found.data.total, 2, 'keyword search, case-insensitive');
    const paged = await api('/api/projects?current=2&size=1', alice);
    t.match(paged.data, { current: 2, size: 1, total: 2 });
    t.equal(paged.data.records.length, 1);
  });

  await t.test('another user’s project: GET/PUT/DELETE/open → 403; unknown → 404', async (t) => {
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PUT', '', { name: 'hijacked' }],
      ['DELETE', '', undefined],
      ['POST', '/open_comfy', undefined],
    ] as const) {
      const res = await api(`/api/projects/${projectId}${suffix}`, bob, method, body);
      t.equal(res.status, 403, `${method} ${suffix || '/'} of alice’s project by bob → 403`);
      const missing = await api(`/api/projects/987654${suffix}`, alice, method, body);
      t.equal(missing.status, 404, `${method} ${suffix || '/'} of an unknown project → 404`);
    }
    const still = await api(`/api/projects/${projectId}`, alice);
    t.equal(still.data.name, 'Alpha', 'nothing changed');
    const byAdmin = await api(`/api/projects/${projectId}`, admin);
    t.equal(byAdmin.status, 200, 'admin reads anyone’s project');
  });

  await t.test('a viewer: 403 on create and open', async (t) => {
    const create = await api('/api/projects', vera, 'POST', { name: 'V', code: 'VIEWER-1' });
    t.equal(create.status, 403);
    const open = await api(`/api/projects/${projectId}/open_comfy`, vera, 'POST');
    t.equal(open.status, 403);
    const services = await api('/api/comfy/services', vera);
    t.equal(services.status, 403, 'no instances list without comfy:use');
  });

  await t.test('edit: owner changes name, note and code', async (t) => {
    const res = await api(`/api/projects/${projectId}`, alice, 'PUT', { name: 'Alpha v2', note: null });
    t.equal(res.status, 200);
    t.match(res.data, { id: projectId, name: 'Alpha v2', code: 'ALPHA-01', note: null });
    const again = await api(`/api/projects/${projectId}`, alice, 'PUT', { note: 'back' });
    t.match(again.data, { name: 'Alpha v2', note: 'back' }, 'a partial update keeps the rest');
  });

  let serviceId = '';
  let pid = 0;
  await t.test('open_comfy starts the instance; the project shows its status', async (t) => {
    const before = await api(`/api/projects/${projectId}`, alice);
    t.equal(before.data.service, null, 'no instance before the first open');

    const res = await api(`/api/projects/${projectId}/open_comfy`, alice, 'POST');
    t.equal(res.status, 200);
    t.match(res.data, { serviceId: String, status: /^(starting|running)$/, url: String });
    serviceId = res.data.serviceId;
    t.match(res.data.url, new RegExp(`^${p.env.COMFY_PUBLIC_URL}/comfy/${serviceId}/\\?ticket=[\\w-]{20,}$`), 'url opens the instance on the gateway’s ComfyUI origin');

    const running = await untilRunning(p, alice, serviceId);
    t.match(running, { serviceId, userId: aliceId, projectId, status: 'running' });
    t.ok(running.port! >= p.portRange[0] && running.port! <= p.portRange[1], `port ${running.port} is in COMFY_PORT_RANGE`);
    t.ok(alive(running.pid), 'the simulator process runs');
    pid = running.pid!;
    t.equal(processesUnder(p.dataDir).length, 1, 'exactly one simulator process in the data dir');

    const shown = await api(`/api/projects/${projectId}`, alice);
    t.match(shown.data.service, { serviceId, userId: aliceId, status: 'running', port: running.port });
    const listed = await api('/api/projects', alice);
    const card = listed.data.records.find((r: { id: number }) => r.id === projectId);
    t.match(card.service, { serviceId, status: 'running' }, 'the list carries the status too');
    const other = listed.data.records.find((r: { id: number }) => r.id !== projectId);
    t.equal(other.service, null, 'the other project has none');

    const mine = await api('/api/comfy/services', alice);
    t.same(mine.data.records.map((s: { serviceId: string }) => s.serviceId), [serviceId], 'own instances');
    const bobs = await api('/api/comfy/services', bob);
    t.equal(bobs.data.total, 0, 'bob sees none of alice’s instances');
    t.equal((await api(`/api/comfy/services/${serviceId}`, bob)).status, 403, 'nor reads it');
    t.equal((await api(`/api/comfy/services/${serviceId}/stop`, bob, 'POST')).status, 403, 'nor stops it');
    t.equal((await api(`/api/comfy/services/${serviceId}`, admin)).status, 200, 'admin reads it');
  });

  await t.test('open again: the same instance, running, with a fresh ticket', async (t) => {
    const first = await api(`/api/projects/${projectId}/open_comfy`, alice, 'POST');
    const second = await api(`/api/projects/${projectId}/open_comfy`, alice, 'POST');
    for (const res of [first, second]) {
      t.equal(res.status, 200);
      t.match(res.data, { serviceId, status: 'running' });
    }
    t.not(first.data.url, second.data.url, 'each open mints a new ticket');
    t.equal((await serviceOf(p, alice, serviceId)).pid, pid, 'the same process');
    t.equal(processesUnder(p.dataDir).length, 1, 'still one simulator');
  });

  await t.test('admin presses open on alice’s project while her instance runs → 403 权限不足', async (t) => {
    const res = await api(`/api/projects/${projectId}/open_comfy`, admin, 'POST');
    t.equal(res.status, 403);
    t.equal(res.body.msg, '权限不足');
    t.equal((await serviceOf(p, alice, serviceId)).status, 'running', 'her instance is untouched');
    t.equal(processesUnder(p.dataDir).length, 1, 'no second instance was started');
  });

  await t.test('DELETE stops the project’s instance and its process', async (t) => {
    const res = await api(`/api/projects/${projectId}`, alice, 'DELETE');
    t.equal(res.status, 200);
    t.same(res.data, { id: projectId, deleted: true });
    const stopped = await serviceOf(p, alice, serviceId);
    t.equal(stopped.status, 'stopped', 'the instance is stopped by the time DELETE answers');
    t.equal(stopped.pid, null);
    t.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the simulator process is gone');
    t.same(processesUnder(p.dataDir), [], 'no simulator left in the data dir');
    t.equal((await api(`/api/projects/${projectId}`, alice)).status, 404, 'the project is gone');
    t.equal((await api(`/api/projects/${projectId}/open_comfy`, alice, 'POST')).status, 404, 'and cannot be opened');
    const list = await api('/api/projects', alice);
    t.same(list.data.records.map((r: { code: string }) => r.code), ['ALPHA-02']);
    t.equal((await api(`/api/projects/${projectId}`, alice, 'DELETE')).status, 404, 'a second DELETE is 404');
  });

  await t.test('after a stop, open starts a new instance for whoever opens it', async (t) => {
    const id = await createProject(p, bob, 'BOB_2');
    const { open, service } = await openRunning(p, bob, id);
    t.equal(service.userId, bobId);
    const stop = await api(`/api/comfy/services/${open.serviceId}/stop`, bob, 'POST');
    t.equal(stop.status, 200);
    t.equal(stop.data.status, 'stopped');
    t.notOk(alive(service.pid), 'stop ends the process');
    const reopened = await openRunning(p, bob, id);
    t.not(reopened.open.serviceId, open.serviceId, 'a new instance');
    const shown = await api(`/api/projects/${id}`, bob);
    t.match(shown.data.service, { serviceId: reopened.open.serviceId, status: 'running' }, 'the card shows the live one');
    // Left running on purpose: the orchestrator must stop it when the platform closes.
    await until(async () => processesUnder(p.dataDir).length, (n) => n === 1, 5000, 'one simulator');
  });
});

t.test('no simulator survives the platform', async (t) => {
  t.ok(dataDir, 'the platform ran');
  const left = await until(async () => processesUnder(dataDir), (l) => l.length === 0, 5000, 'no process').catch(() => processesUnder(dataDir));
  t.same(left, [], 'every instance was stopped when the orchestrator closed');
});

t.test('a deleted project’s code can be used again, by anyone', async (t) => {
  const p = await startComfyPlatform(t);
  await p.createUser('carl', 'user');
  await p.createUser('dina', 'user');
  const carl = await p.token('carl', 'carl-Pass-123');
  const dina = await p.token('dina', 'dina-Pass-123');
  const first = await createProject(p, carl, 'REUSE_1');
  t.equal((await p.fetch('/api/projects', { method: 'POST', token: dina, body: json({ name: 'x', code: 'REUSE_1' }) })).status, 409, 'taken while it exists');
  t.equal((await p.fetch(`/api/projects/${first}`, { method: 'DELETE', token: carl })).status, 200);
  const again = await createProject(p, dina, 'REUSE_1');
  t.not(again, first, 'a new project with the freed code');
  t.equal((await p.fetch(`/api/projects/${first}`, { token: carl })).status, 404, 'the deleted one stays gone');
});
