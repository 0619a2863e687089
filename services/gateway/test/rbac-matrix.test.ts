// Every route of the contracts table, walked by five identities through the real gateway to the real
// services: anonymous → 401 unless public; a role without the permission → 403; a role with it → through.
import t from 'tap';
import { BUILTIN_ROLES, ROUTES, hasPermission, type RouteRule } from '@app/contracts';
import { MSG } from '@app/service-kit';
import { startPlatform } from './platform.js';

const p = await startPlatform(t);
const ids: Record<string, number> = { admin: 1 };
for (const role of ['editor', 'viewer', 'user']) ids[role] = await p.createUser(`matrix_${role}`, role);
const permissionsOf = (role: string) => BUILTIN_ROLES.find((r) => r.key === role)!.permissions;

// Routes whose GET needs nothing but a token: the auth service implements them now, so they must be 200.
const MUST_BE_200 = new Set(['/api/auth/me', '/api/user/info', '/api/v3/system/menus', '/api/profile', '/api/auth/captcha']);

function expected(rule: RouteRule, role: string | null): 'through' | 401 | 403 {
  if (rule.access === 'public') return 'through';
  if (role === null) return 401;
  if (rule.access === 'login') return 'through';
  return hasPermission(permissionsOf(role), rule.access) ? 'through' : 403;
}

// The Dify-style KB endpoint authenticates with a knowledge-base API key in the vectors service, not a JWT.
const matrix = ROUTES.filter((rule) => rule.access !== 'kb-api-key');

for (const role of [null, 'admin', 'editor', 'viewer', 'user']) {
  t.test(`${role ?? 'anonymous'}`, async (t) => {
    for (const rule of matrix) {
      const path = rule.path.replace(/:\w+/g, '999999');
      const res = await p.fetch(path, {
        method: rule.method,
        token: role ? p.mint(ids[role], role) : undefined,
        body: rule.method === 'GET' ? undefined : '{}',
        headers: rule.method === 'GET' ? {} : { 'content-type': 'application/json' },
        ip: `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      });
      const want = expected(rule, role);
      const label = `${rule.method} ${rule.path} (${rule.access})`;
      if (want === 'through') {
        t.notOk([401, 403].includes(res.status), `${label} → passes the checks (${res.status})`);
        t.not(res.status, 503, `${label} → its service answers`);
        if (rule.method === 'GET' && MUST_BE_200.has(rule.path)) t.equal(res.status, 200, `${label} → 200`);
      } else {
        t.equal(res.status, want, `${label} → ${want}`);
      }
      if (res.headers.get('content-type')?.includes('application/json')) {
        const body = await res.json();
        t.equal(body.code, res.status, `${label}: envelope code = status`);
        // A route let through must exist: a 404 may say the record 999999 is missing, never that no such route is served.
        if (want === 'through') t.not(body.msg, `${MSG.notFound}: ${rule.method} ${path}`, `${label}: the route is served`);
      } else {
        // Only the docs UI and file downloads answer with something other than a JSON envelope.
        t.match(rule.path, /^\/api\/(docs|export$|vectors\/export$|tasks\/:taskId\/download$)/, `${label}: a page or a file`);
      }
    }
  });
}
