// The instances page names projects and users (api.md "Projects and ComfyUI"): GET /api/comfy/services and
// /api/comfy/services/:id give each instance its project's name (projects' POST /internal/projects/names) and
// its user's username (auth's POST /internal/users/names); the orchestrator reads neither table. When one of
// them cannot answer, its names are null and the instances are still listed.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildService, startPlatform } from '../../gateway/test/platform.js';
import { startRelay } from '../../projects/test/relay.js';
import { privatePortRange } from '@app/testing';

interface Instance {
  serviceId: string;
  projectId: number;
  userId: number;
  projectName: string | null;
  userName: string | null;
}

t.test('instances carry project and user names, null while their owner service is down', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'comfy-names-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  // Auth, projects and the gateway; the orchestrator is built here and reaches both through relays.
  const p = await startPlatform(t, { backends: ['projects'] });
  const authRelay = await startRelay(t, p.env.AUTH_URL);
  const projectsRelay = await startRelay(t, p.env.PROJECTS_URL);
  const orchestrator: FastifyInstance = await buildService('comfy-orchestrator', {
    ...p.env,
    AUTH_URL: authRelay.url,
    PROJECTS_URL: projectsRelay.url,
    COMFY_DATA_DIR: dataDir,
    COMFY_PORT_RANGE: privatePortRange(),
  });
  t.teardown(() => orchestrator.close());
  await orchestrator.ready();

  const alice = await p.createUser('alice', 'user');
  const bob = await p.createUser('bob', 'user');
  const admin = (await p.auth.db.user.findFirstOrThrow({ where: { username: 'admin' } })).id;
  const tokens = { alice: p.mint(alice, 'user'), admin: p.mint(admin, 'admin') };
  const project = async (owner: number, name: string, code: string) => (await p.auth.db.project.create({ data: { name, code, ownerUserId: owner } })).id;
  // Instance rows as the orchestrator leaves them once stopped: no process is needed to list them.
  const instance = async (projectId: number, userId: number) =>
    (await orchestrator.db.comfyuiService.create({ data: { projectId, userId, status: 'stopped', stoppedAt: new Date() } })).serviceId;
  const get = async (token: string, url: string) => {
    const res = await orchestrator.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    t.equal(res.statusCode, 200, `GET ${url} is served`);
    return res.json().data;
  };
  const list = async (token: string) => new Map(((await get(token, '/api/comfy/services?size=100')).records as Instance[]).map((r) => [r.serviceId, r]));

  const alpha = await project(alice, '阿尔法', 'NAME-ALPHA');
  const beta = await project(bob, 'Beta', 'NAME-BETA');
  const aliceInstance = await instance(alpha, alice);
  const bobInstance = await instance(beta, bob);

  await t.test('an admin sees every instance with its project name and username', async (t) => {
    const all = await list(tokens.admin);
    t.match(all.get(aliceInstance), { projectId: alpha, projectName: '阿尔法', userId: alice, userName: 'alice' });
    t.match(all.get(bobInstance), { projectId: beta, projectName: 'Beta', userId: bob, userName: 'bob' });
  });

  await t.test('a user sees their own instance named, and one instance by id too', async (t) => {
    const own = await list(tokens.alice);
    t.same([...own.keys()], [aliceInstance], 'only their own');
    t.match(own.get(aliceInstance), { projectName: '阿尔法', userName: 'alice' });
    t.match(await get(tokens.alice, `/api/comfy/services/${aliceInstance}`), { serviceId: aliceInstance, projectName: '阿尔法', userName: 'alice' });
  });

  await t.test('projects down: project names are null, usernames still shown', async (t) => {
    const gamma = await project(bob, 'Gamma', 'NAME-GAMMA'); // never named before: not cached
    const gammaInstance = await instance(gamma, bob);
    projectsRelay.target = undefined;
    t.teardown(() => (projectsRelay.target = p.env.PROJECTS_URL));
    const during = await list(tokens.admin);
    t.match(during.get(gammaInstance), { projectId: gamma, projectName: null, userName: 'bob' });
    t.match(await get(tokens.admin, `/api/comfy/services/${gammaInstance}`), { projectName: null, userName: 'bob' });
    projectsRelay.target = p.env.PROJECTS_URL;
    t.match((await list(tokens.admin)).get(gammaInstance), { projectName: 'Gamma' }, 'named again once projects answers');
  });

  await t.test('auth down: usernames are null, project names still shown', async (t) => {
    const carol = await p.createUser('carol', 'user');
    const delta = await project(carol, 'Delta', 'NAME-DELTA');
    const deltaInstance = await instance(delta, carol);
    // The admin's role is cached by now; only the names are refused.
    authRelay.down = (path) => path.startsWith('/internal/users/names');
    t.teardown(() => (authRelay.down = undefined));
    const during = await list(tokens.admin);
    t.match(during.get(deltaInstance), { projectName: 'Delta', userId: carol, userName: null });
    t.match(during.get(aliceInstance), { userName: 'alice' }, 'a username learnt before the outage is kept');
    authRelay.down = undefined;
    t.match((await list(tokens.admin)).get(deltaInstance), { userName: 'carol' }, 'named again once auth answers');
  });
});
