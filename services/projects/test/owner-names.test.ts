// Project cards name their owner (api.md "Projects"): GET /api/projects gives each project its owner's
// username, asked of auth over POST /internal/users/names (projects never reads auth's tables), kept 60 s;
// when auth cannot answer, the list is still served and a name not known yet is null (the console shows #id).
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildService, startPlatform } from '../../gateway/test/platform.js';
import { startRelay } from './relay.js';

interface ProjectView {
  id: number;
  name: string;
  ownerUserId: number;
  ownerName: string | null;
}

t.test('projects carry their owner’s username, and null while auth is down', async (t) => {
  // Auth and the real gateway; projects is built here, reaching auth through a relay the test can cut.
  const p = await startPlatform(t, { backends: [] });
  const relay = await startRelay(t, p.env.AUTH_URL);
  const projects: FastifyInstance = await buildService('projects', { ...p.env, AUTH_URL: relay.url });
  t.teardown(() => projects.close());
  const alice = await p.createUser('alice', 'user');
  const bob = await p.createUser('bob', 'user');
  const admin = (await p.auth.db.user.findFirstOrThrow({ where: { username: 'admin' } })).id;
  const tokens = { alice: p.mint(alice, 'user'), bob: p.mint(bob, 'user'), admin: p.mint(admin, 'admin') };

  const api = async (token: string, url: string, payload?: unknown) => {
    const res = await projects.inject({ method: payload === undefined ? 'GET' : 'POST', url, payload: payload as object, headers: { authorization: `Bearer ${token}` } });
    return { status: res.statusCode, data: res.json().data };
  };
  const list = async (token: string) => {
    const res = await api(token, '/api/projects?size=100');
    t.equal(res.status, 200, 'the list is served');
    return new Map((res.data.records as ProjectView[]).map((r) => [r.name, r]));
  };

  const created = await api(tokens.alice, '/api/projects', { name: 'Alpha', code: 'OWN-ALPHA' });
  t.equal(created.status, 201);
  t.equal(created.data.ownerName, 'alice', 'a created project names its owner');
  t.equal((await api(tokens.bob, '/api/projects', { name: 'Beta', code: 'OWN-BETA' })).status, 201);

  await t.test('an admin sees every owner by username, not by id', async (t) => {
    const all = await list(tokens.admin);
    t.match(all.get('Alpha'), { ownerUserId: alice, ownerName: 'alice' });
    t.match(all.get('Beta'), { ownerUserId: bob, ownerName: 'bob' });
  });

  await t.test('a user sees their own name on their projects', async (t) => {
    const own = await list(tokens.bob);
    t.same([...own.keys()], ['Beta']);
    t.equal(own.get('Beta')!.ownerName, 'bob');
    const one = await api(tokens.bob, `/api/projects/${own.get('Beta')!.id}`);
    t.equal(one.data.ownerName, 'bob', 'GET /api/projects/:id too');
  });

  await t.test('auth down: the list still answers; owners never looked up are null, known ones kept', async (t) => {
    // Carol's project is written straight to the table, so projects has never asked for her name.
    const carol = await p.createUser('carol', 'user');
    await p.auth.db.project.create({ data: { name: 'Gamma', code: 'OWN-GAMMA', ownerUserId: carol } });
    // The caller's role was loaded already (and is cached), so only the names are refused.
    relay.down = (path) => path.startsWith('/internal/users/names');
    const during = await list(tokens.admin);
    t.match(during.get('Gamma'), { ownerUserId: carol, ownerName: null }, 'unknown while auth is down: null, with the id');
    t.equal(during.get('Alpha')!.ownerName, 'alice', 'a name learnt before the outage is still shown');
    relay.down = undefined;
    const after = await list(tokens.admin);
    t.equal(after.get('Gamma')!.ownerName, 'carol', 'back with auth: the failure was not remembered');
  });
});
