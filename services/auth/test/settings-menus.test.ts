import t from 'tap';
import { ADMIN_PASSWORD, buildAuth } from './helpers.js';

type Node = { id: number; parentId: number; type: string; title: string; sort: number; isVisible: boolean; children: Node[] };
const flatten = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

t.test('menu management', async (t) => {
  const h = await buildAuth(t);
  const { token } = await h.login('admin', ADMIN_PASSWORD);
  const api = h.api(token);
  const tree = async () => (await api('GET', '/api/settings/menus')).json().data as Node[];

  t.test('lists the seeded tree with the envelope', async (t) => {
    const res = await api('GET', '/api/settings/menus');
    t.equal(res.statusCode, 200);
    const body = res.json();
    t.match(body, { code: 200, msg: 'success', message: 'success' });
    t.ok(body.data.length > 0, 'seeded menus');
    t.ok(flatten(body.data).some((n: Node) => n.type === 'button'), 'buttons are part of the tree');
    t.match(body.data[0], { id: Number, parentId: 0, roles: Array, children: Array });
  });

  let catalogId = 0;
  let pageId = 0;
  let buttonId = 0;

  t.test('creates a catalog, a page under it and a button under the page', async (t) => {
    const catalog = await api('POST', '/api/settings/menus', { parentId: 0, type: 'catalog', title: '报表', name: 'Reports', path: '/reports', icon: 'BarChartOutlined', sort: 90 });
    t.equal(catalog.statusCode, 201);
    t.match(catalog.json(), { code: 201, data: { parentId: 0, type: 'catalog', title: '报表', sort: 90, isVisible: true, perms: null, roles: [] } });
    catalogId = catalog.json().data.id;

    const page = await api('POST', '/api/settings/menus', {
      parentId: catalogId, type: 'menu', title: '日报', name: 'Daily', path: '/reports/daily', component: '/reports/daily/index',
      perms: 'stats:view', roles: ['editor', 'viewer'], keepAlive: true,
    });
    t.equal(page.statusCode, 201);
    t.match(page.json().data, { parentId: catalogId, perms: 'stats:view', roles: ['editor', 'viewer'], keepAlive: true });
    pageId = page.json().data.id;

    const button = await api('POST', '/api/settings/menus', { parentId: pageId, type: 'button', title: '导出', name: 'export', perms: 'stats:export' });
    t.equal(button.statusCode, 201);
    buttonId = button.json().data.id;

    const created = flatten(await tree()).find((n) => n.id === catalogId)!;
    t.equal(created.children[0].id, pageId);
    t.equal(created.children[0].children[0].id, buttonId);
  });

  t.test('refuses entries that do not fit the tree or the catalogues', async (t) => {
    const cases: [object, string][] = [
      [{ parentId: catalogId, type: 'button', title: 'x' }, 'parentId'],
      [{ parentId: 0, type: 'button', title: 'x' }, 'parentId'],
      [{ parentId: buttonId, type: 'menu', title: 'x' }, 'parentId'],
      [{ parentId: 999999, type: 'menu', title: 'x' }, 'parentId'],
      [{ parentId: 0, type: 'menu', title: 'x', perms: 'nope:never' }, 'perms'],
      [{ parentId: 0, type: 'menu', title: 'x', roles: ['ghost'] }, 'roles'],
      [{ parentId: 0, type: 'widget', title: 'x' }, 'type'],
      [{ parentId: 0, type: 'menu' }, 'title'],
    ];
    for (const [payload, field] of cases) {
      const res = await api('POST', '/api/settings/menus', payload);
      t.equal(res.statusCode, 400, JSON.stringify(payload));
      t.match(res.json(), { code: 400, data: null });
      t.match(res.json().msg, field, `names ${field}`);
    }
  });

  t.test('empty perms means none', async (t) => {
    const res = await api('POST', '/api/settings/menus', { parentId: catalogId, type: 'menu', title: '空', perms: '' });
    t.equal(res.statusCode, 201);
    t.equal(res.json().data.perms, null);
    t.equal((await api('DELETE', `/api/settings/menus/${res.json().data.id}`)).statusCode, 200);
  });

  t.test('updates partially, reorders and moves', async (t) => {
    const res = await api('PUT', `/api/settings/menus/${pageId}`, { title: '每日报表', sort: 5 });
    t.equal(res.statusCode, 200);
    t.match(res.json().data, { id: pageId, title: '每日报表', sort: 5, perms: 'stats:view', parentId: catalogId });

    // drag the page to the top level, then back
    const top = await api('PUT', `/api/settings/menus/${pageId}`, { parentId: 0, sort: 0 });
    t.equal(top.statusCode, 200);
    t.equal(top.json().data.parentId, 0);
    t.equal((await tree())[0].id, pageId, 'sorted first at the top level');
    t.equal((await api('PUT', `/api/settings/menus/${pageId}`, { parentId: catalogId })).statusCode, 200);
  });

  t.test('refuses a move under itself or its descendants', async (t) => {
    for (const parentId of [catalogId, pageId]) {
      const res = await api('PUT', `/api/settings/menus/${catalogId}`, { parentId });
      t.equal(res.statusCode, 400);
      t.match(res.json().msg, 'parentId');
    }
    const toButton = await api('PUT', `/api/settings/menus/${pageId}`, { type: 'button' });
    t.equal(toButton.statusCode, 400, 'a page with children cannot become a button');
  });

  t.test('hidden entries stay in the settings tree but leave the user menu', async (t) => {
    t.equal((await api('PUT', `/api/settings/menus/${catalogId}`, { isVisible: false })).statusCode, 200);
    t.equal(flatten(await tree()).find((n) => n.id === catalogId)?.isVisible, false);
    const me = (await api('GET', '/api/auth/me')).json().data;
    t.notOk(flatten(me.menus).some((n: Node) => n.id === catalogId), 'not in /api/auth/me');
    t.equal((await api('PUT', `/api/settings/menus/${catalogId}`, { is_visible: true })).json().data.isVisible, true, 'seed 004 spelling');
  });

  t.test('404 for unknown ids', async (t) => {
    t.equal((await api('PUT', '/api/settings/menus/999999', { title: 'x' })).statusCode, 404);
    t.equal((await api('DELETE', '/api/settings/menus/999999')).statusCode, 404);
    t.equal((await api('PUT', '/api/settings/menus/abc', { title: 'x' })).statusCode, 400);
  });

  t.test('delete refuses an entry with children, then removes leaf first', async (t) => {
    const busy = await api('DELETE', `/api/settings/menus/${catalogId}`);
    t.equal(busy.statusCode, 409);
    t.equal(busy.json().code, 409);
    for (const id of [buttonId, pageId, catalogId]) {
      const res = await api('DELETE', `/api/settings/menus/${id}`);
      t.equal(res.statusCode, 200);
      t.same(res.json().data, { id, deleted: true });
    }
    t.notOk(flatten(await tree()).some((n) => [catalogId, pageId, buttonId].includes(n.id)));
    t.equal((await api('PUT', `/api/settings/menus/${pageId}`, { title: 'x' })).statusCode, 404, 'deleted is gone');
    const row = await h.app.db.menu.findUnique({ where: { id: catalogId } });
    t.equal(row?.isDeleted, true, 'soft delete');
  });

  t.test('writes domain records', async (t) => {
    const actions = (await h.app.db.systemLog.findMany({ where: { type: 'operation' } })).map((l) => l.action);
    for (const a of ['MENU_CREATE', 'MENU_UPDATE', 'MENU_DELETE']) t.ok(actions.includes(a), a);
    const one = await h.app.db.systemLog.findFirst({ where: { action: 'MENU_CREATE' } });
    t.equal(one?.username, 'admin');
  });

  t.test('needs system:view to read and system:menus to write', async (t) => {
    await h.createUser({ username: 'menu-editor', password: 'Editor-pass-1', roleKey: 'editor' });
    const editor = (await h.login('menu-editor', 'Editor-pass-1')).token;
    t.equal((await api('GET', '/api/settings/menus', undefined, editor)).statusCode, 403);
    t.equal((await api('POST', '/api/settings/menus', { parentId: 0, type: 'menu', title: 'x' }, editor)).statusCode, 403);
    t.equal((await h.app.inject({ method: 'GET', url: '/api/settings/menus' })).statusCode, 401);
  });
});
