// The merged API document the console's API docs page shows: every service's routes tagged by service, each
// with the permission of the contracts table; a service that is down is named and the rest still served.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ROUTES, type ServiceName } from '@app/contracts';
import type { FastifyInstance } from 'fastify';
import { ADMIN_PASSWORD, buildService, startPlatform } from './platform.js';

interface Op {
  tags: string[];
  summary: string;
  description: string;
  security?: unknown[];
  responses: Record<string, unknown>;
  'x-permission': string;
}
interface Doc {
  tags: { name: string; description: string }[];
  info: { description: string };
  paths: Record<string, Record<string, Op>>;
  'x-unavailable': string[];
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ path, method, op })));

t.test('every route a running service serves is in the merged document, tagged by service, with its permission', async (t) => {
  const p = await startPlatform(t);
  const admin = await p.token('admin', ADMIN_PASSWORD);
  const res = await p.fetch('/api/api-docs', { token: admin });
  t.equal(res.status, 200);
  const doc = (await res.json()).data as Doc;
  t.same(doc['x-unavailable'], [], 'every service answered');

  // Which contract routes each service really serves (its own app, not its documentation).
  const served = new Map<ServiceName, FastifyInstance>([
    ['gateway', p.gateway],
    ['auth', p.auth],
  ]);
  for (const service of ['projects', 'comfy-orchestrator', 'stats', 'monitor', 'vectors'] as const) {
    const app = await buildService(service, p.env);
    t.teardown(() => app.close());
    served.set(service, app);
  }
  const servedRoutes = ROUTES.filter((rule) => served.get(rule.service)!.hasRoute({ method: rule.method, url: rule.path }));
  t.ok(servedRoutes.length >= 80, `${servedRoutes.length} contract routes served`);
  for (const rule of servedRoutes) {
    const op = doc.paths[openApiPath(rule.path)]?.[rule.method.toLowerCase()];
    if (!t.ok(op, `${rule.method} ${rule.path} documented`)) continue;
    t.equal(op!['x-permission'], rule.access, `${rule.method} ${rule.path} x-permission`);
    t.ok(op!.summary.includes(`权限: ${rule.access}`), `${rule.method} ${rule.path} shows its permission`);
    t.ok(op!.description.includes(`\`${rule.access}\``), `${rule.method} ${rule.path} describes its permission`);
    t.same(op!.tags, [rule.service], `${rule.method} ${rule.path} tagged by its service`);
    if (rule.access === 'public') t.same(op!.security, [], `${rule.method} ${rule.path} asks no token`);
    else t.ok(op!.responses['401'], `${rule.method} ${rule.path} documents the 401 envelope`);
  }

  // Nothing the gateway would not route: each operation is a contract route of its tag's service.
  const byKey = new Map(ROUTES.map((r) => [`${r.method.toLowerCase()} ${openApiPath(r.path)}`, r]));
  const ops = operations(doc);
  t.equal(ops.length, servedRoutes.length, 'exactly the served contract routes');
  for (const { path, method, op } of ops) {
    const rule = byKey.get(`${method} ${path}`);
    t.ok(rule && rule.access === op['x-permission'] && rule.service === op.tags[0], `${method} ${path} is in the contracts table`);
  }

  // One tag per service that has operations, each described, in the document's `tags`.
  const tagged = [...new Set(ops.map((o) => o.op.tags[0]))].sort();
  t.same(doc.tags.map((tag) => tag.name).sort(), tagged);
  t.ok(tagged.includes('auth') && tagged.includes('vectors') && tagged.includes('gateway'));
  for (const tag of doc.tags) t.ok(tag.description.length > 4, `tag ${tag.name} described`);
  t.equal(doc.paths['/api/api-docs']!.get!['x-permission'], 'api:view', 'the document itself is listed');
});

t.test('a service that is down is listed in x-unavailable; the others are still served', async (t) => {
  const p = await startPlatform(t, { backends: ['projects'] });
  const admin = await p.token('admin', ADMIN_PASSWORD);
  const doc = (await (await p.fetch('/api/api-docs', { token: admin })).json()).data as Doc;
  t.same(doc['x-unavailable'], ['comfy-orchestrator', 'monitor', 'stats', 'vectors']);
  t.match(doc.info.description, /暂不可用.*vectors/);
  t.equal(doc.paths['/api/projects']!.get!['x-permission'], 'project:view');
  t.equal(doc.paths['/api/auth/login']!.post!['x-permission'], 'public');
  t.notOk(Object.keys(doc.paths).some((path) => path.startsWith('/api/vectors') || path.startsWith('/api/stats')), 'nothing of a down service');
  t.same(doc.tags.map((tag) => tag.name), ['auth', 'projects', 'gateway']);
});

t.test('the document needs api:view: 401 without a token, the 403 envelope without the permission', async (t) => {
  const p = await startPlatform(t, { backends: [] });
  const admin = await p.token('admin', ADMIN_PASSWORD);
  const role = await p.fetch('/api/settings/roles', {
    method: 'POST',
    token: admin,
    body: JSON.stringify({ roleKey: 'auditor', name: '审计员', permissions: ['dashboard:view'] }),
  });
  t.ok(role.ok, `role created: ${role.status}`);
  await p.createUser('audrey', 'auditor', 'Audrey-pass-123');
  await p.createUser('vera', 'viewer', 'Vera-pass-123');

  const anonymous = await p.fetch('/api/api-docs');
  t.equal(anonymous.status, 401);
  t.match(await anonymous.json(), { code: 401, data: null });
  const refused = await p.fetch('/api/api-docs', { token: await p.token('audrey', 'Audrey-pass-123') });
  t.equal(refused.status, 403);
  t.match(await refused.json(), { code: 403, data: null });
  const viewer = await p.fetch('/api/api-docs', { token: await p.token('vera', 'Vera-pass-123') });
  t.equal(viewer.status, 200);
  t.equal((await viewer.json()).data.openapi, '3.0.3');
});

t.test('the docs page may be framed by the console only, and uses the console’s token', async (t) => {
  const p = await startPlatform(t, { backends: [] });
  const page = await p.fetch('/api/docs');
  t.equal(page.status, 200);
  const csp = page.headers.get('content-security-policy')!;
  t.match(csp, /frame-ancestors 'self'/, 'the console (same origin) may frame it');
  t.notMatch(csp, /frame-ancestors 'none'/);
  t.match(csp, /script-src 'self'(;|$)/, 'still no inline script');
  t.notMatch(page.headers.get('x-frame-options') ?? '', /deny/i);
  const console = await p.fetch('/api/auth/captcha');
  t.match(console.headers.get('content-security-policy'), /frame-ancestors 'none'/, 'other answers may not be framed');

  // The key the console keeps its access token under (web/src/api/session.ts) is the one the page reads.
  const session = readFileSync(new URL('../../../web/src/api/session.ts', import.meta.url), 'utf8');
  const consoleKey = /const TOKEN_KEY = '([^']+)'/.exec(session)![1];
  const init = await (await p.fetch('/api/docs/init.js')).text();
  t.match(init, new RegExp(`var TOKEN_KEY = '${consoleKey!.replace('.', '\\.')}'`));
  const css = await p.fetch('/api/docs/xl.css');
  t.equal(css.status, 200);
  t.match(css.headers.get('content-type'), /text\/css/);
});
