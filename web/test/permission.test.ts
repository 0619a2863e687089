import t from 'tap';
import { hasPermission } from '../src/lib/permission.js';
import { groupPermissions, moduleOf, toggleModule, DEFAULT_PERMISSIONS } from '../src/lib/permission-groups.js';

t.test('* grants everything', async (t) => {
  t.ok(hasPermission(['*'], 'system:users'));
  t.ok(hasPermission(['*'], ['a:b', 'c:d'], 'all'));
});

t.test('a single permission must be held', async (t) => {
  t.ok(hasPermission(['system:users', 'dashboard:view'], 'system:users'));
  t.notOk(hasPermission(['dashboard:view'], 'system:users'));
  t.notOk(hasPermission([], 'system:users'));
  t.notOk(hasPermission(null, 'system:users'));
});

t.test('lists: any by default, all on request', async (t) => {
  t.ok(hasPermission(['vector:view'], ['vector:manage', 'vector:view']));
  t.notOk(hasPermission(['vector:view'], ['vector:manage', 'vector:view'], 'all'));
  t.ok(hasPermission(['vector:view', 'vector:manage'], ['vector:manage', 'vector:view'], 'all'));
});

t.test('no requirement is always met', async (t) => {
  t.ok(hasPermission([], undefined));
  t.ok(hasPermission([], null));
  t.ok(hasPermission([], ''));
  t.ok(hasPermission([], []));
});

t.test('a permission is not matched by prefix', async (t) => {
  t.notOk(hasPermission(['system:user'], 'system:users'));
  t.notOk(hasPermission(['system'], 'system:view'));
});

t.test('permissions group by module in catalogue order', async (t) => {
  const groups = groupPermissions([
    { key: 'system:users', title: '用户管理', module: 'system' },
    { key: 'zzz:thing', title: 'Thing', module: '' },
    { key: 'dashboard:view', title: '查看仪表盘', module: 'dashboard' },
    { key: '*', title: 'all', module: '*' },
    { key: 'system:roles', title: '角色管理', module: 'system' },
  ]);
  t.same(groups.map((g) => g.module), ['dashboard', 'system', 'zzz']);
  t.same(groups[1]!.items.map((i) => i.key), ['system:users', 'system:roles']);
  t.equal(moduleOf('kb:config'), 'kb');
  t.ok(DEFAULT_PERMISSIONS.length > 10);
});

t.test('toggling a module adds or removes all its permissions', async (t) => {
  const [dash, system] = groupPermissions(DEFAULT_PERMISSIONS.filter((p) => p.module === 'system' || p.module === 'dashboard'));
  t.equal(dash!.module, 'dashboard');
  const on = toggleModule(['dashboard:view'], system!, true);
  t.same(on.filter((k) => k.startsWith('system:')).length, system!.items.length);
  t.same(toggleModule(on, system!, false), ['dashboard:view']);
});
