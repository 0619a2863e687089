import t from 'tap';
import { BUILTIN_ROLES, PERMISSIONS, ROUTES, SERVICE_PORTS, hasPermission, isKnownPermission } from '../src/index.js';
import { SERVICE_PORTS as START_PORTS } from '../../../scripts/lib/ports.mjs';

t.test('every route names a known permission or a special access, once', async (t) => {
  const seen = new Set<string>();
  for (const rule of ROUTES) {
    const key = `${rule.method} ${rule.path}`;
    t.notOk(seen.has(key), `${key} listed once`);
    seen.add(key);
    t.ok(['public', 'login', 'kb-api-key'].includes(rule.access) || isKnownPermission(rule.access), `${key}: ${rule.access}`);
    t.match(rule.path, /^\/api\//);
  }
});

t.test('built-in roles hold only known permissions; admin alone holds *', async (t) => {
  for (const role of BUILTIN_ROLES) {
    for (const p of role.permissions) t.ok(p === '*' ? role.key === 'admin' : isKnownPermission(p), `${role.key}: ${p}`);
  }
  const editor = BUILTIN_ROLES.find((r) => r.key === 'editor')!.permissions;
  t.ok(hasPermission(editor, 'comfy:use'));
  t.notOk(hasPermission(editor, 'system:users'));
  t.ok(hasPermission(['*'], 'system:users'));
  t.equal(new Set(PERMISSIONS.map((p) => p.key)).size, PERMISSIONS.length);
});

t.test('the start script uses the same default ports as the contracts', async (t) => {
  t.same(START_PORTS, SERVICE_PORTS);
});
