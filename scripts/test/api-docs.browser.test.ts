// The console's API docs page in real Chromium against the real gateway and services: admin opens it, sees the
// merged document framed (a down service named), searches by path and by permission, reads a route's
// permission, and runs a GET through "Try it out" as themselves (200 with data). A viewer trying a route
// they lack gets the gateway's 403 envelope. Nothing is blocked by the console's CSP.
import t from 'tap';
import type { FrameLocator, Page } from 'playwright-core';
import { builtWebDist, launchChromium, loginInBrowser, openPage } from './browser.js';
import { API_DOCS_IDS as IDS } from '../../web/src/pages/api-docs/strings.js';
import { ADMIN_PASSWORD, startPlatform } from '../../services/gateway/test/platform.js';

const webDist = builtWebDist();
const p = await startPlatform(t, { webDist, backends: ['projects'] });
const browser = await launchChromium();
t.teardown(() => browser.close());

const admin = await p.token('admin', ADMIN_PASSWORD);
const created = await p.fetch('/api/projects', { method: 'POST', token: admin, body: JSON.stringify({ name: 'Docs Alpha', code: 'docs-alpha' }) });
if (!created.ok) throw new Error(`project: ${created.status} ${await created.text()}`);
await p.createUser('vera', 'viewer', 'Vera-pass-123');

/** Opens the page and waits for the framed Swagger UI to have the document. */
async function openDocs(page: Page): Promise<FrameLocator> {
  await page.goto(`${p.url}/api-docs`);
  await page.getByTestId(IDS.page).waitFor();
  await page.getByTestId(IDS.count).filter({ hasText: /共 \d+ 个接口/ }).waitFor({ timeout: 20_000 });
  const frame = page.frameLocator(`[data-testid="${IDS.frame}"]`);
  await frame.locator('.swagger-ui .info .title').waitFor();
  return frame;
}

const shownPaths = (frame: FrameLocator) =>
  frame.locator('.opblock .opblock-summary-path').evaluateAll((els) => els.map((e) => `${e.closest('.opblock')!.querySelector('.opblock-summary-method')!.textContent} ${e.getAttribute('data-path')}`));

/** Types a search; resolves with the operations the frame shows once it shows as many as the page counts. */
async function search(page: Page, frame: FrameLocator, phrase: string): Promise<string[]> {
  await page.getByTestId(IDS.search).locator('input').fill(phrase);
  const count = page.getByTestId(IDS.count);
  await page.locator(`[data-testid="${IDS.count}"][data-phrase="${phrase}"]`).waitFor();
  const n = Number(/(\d+)/.exec(await count.innerText())![1]);
  const end = Date.now() + 5000;
  for (;;) {
    const shown = await shownPaths(frame);
    if (shown.length === n) return shown;
    if (Date.now() > end) throw new Error(`the page counts ${n} operations for "${phrase}", the frame shows ${shown.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Expands an operation, presses "Try it out" and "Execute"; resolves with the status and body shown. */
async function tryIt(frame: FrameLocator, method: string, path: string) {
  const op = frame.locator(`.opblock-${method.toLowerCase()}`).filter({ has: frame.locator(`.opblock-summary-path[data-path="${path}"]`) });
  await op.locator('.opblock-summary').first().click();
  await op.getByRole('button', { name: 'Try it out' }).click();
  await op.getByRole('button', { name: 'Execute' }).click();
  const live = op.locator('.live-responses-table tr.response');
  await live.locator('.response-col_status').waitFor({ timeout: 15_000 });
  const status = (await live.locator('.response-col_status').innerText()).trim();
  const body = await live.locator('.response-col_description pre').first().innerText();
  return { op, status, body: JSON.parse(body) };
}

t.test('admin searches the docs, sees a route’s permission and tries it as themselves', async (t) => {
  const { page, id, cspViolations } = await openPage(t, browser);
  await loginInBrowser(page, p, 'admin', ADMIN_PASSWORD);
  const frame = await openDocs(page);
  t.match(await id(IDS.unavailable).innerText(), /暂不可用.*vectors/, 'the services that are down are named');
  const all = await shownPaths(frame);
  t.ok(all.includes('GET /api/projects') && all.includes('POST /api/auth/login'), 'every service that is up is listed');
  t.notOk(all.some((op) => op.includes('/api/vectors')), 'nothing of a down service');
  // A tag per service
  const tags = await frame.locator('.opblock-tag').evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')));
  t.same(tags, ['auth', 'projects', 'gateway']);

  // Search by path: only matching operations remain
  const byPath = await search(page, frame, '/api/projects/:projectId');
  t.ok(byPath.length >= 3, `${byPath.length} operations on one project`);
  t.ok(byPath.every((op) => op.includes('/api/projects/{projectId}')), byPath.join(', '));
  t.match(await id(IDS.count).innerText(), new RegExp(`匹配 ${byPath.length} / \\d+ 个接口`));

  // Search by permission (not a tag or a path): the routes that need it, whichever service serves them
  const byPermission = await search(page, frame, 'system:users');
  t.same(byPermission.sort(), [
    'DELETE /api/settings/users/{id}',
    'GET /api/settings/users',
    'GET /api/user/list',
    'POST /api/settings/users',
    'POST /api/settings/users/{id}/reset-password',
    'PUT /api/settings/users/{id}',
    'PUT /api/settings/users/{id}/status',
  ]);

  // Words combine: a method and a path
  await search(page, frame, 'get projects');
  const listOp = frame.locator('.opblock-get').filter({ has: frame.locator('.opblock-summary-path[data-path="/api/projects"]') });
  t.match(await listOp.locator('.opblock-summary').first().innerText(), /权限: project:view/, 'the permission is shown on the route');

  const { op, status, body } = await tryIt(frame, 'GET', '/api/projects');
  t.match(await op.locator('.opblock-description-wrapper').innerText(), /权限: project:view — 查看项目/);
  t.equal(status, '200');
  t.match(body, { code: 200, data: { total: 1, records: [{ name: 'Docs Alpha' }] } }, 'the gateway envelope with the data, as admin');

  t.equal((await search(page, frame, '')).length, all.length, 'clearing the search shows everything again');
  t.match(await id(IDS.count).innerText(), /共 \d+ 个接口/);
  t.same(cspViolations, [], 'nothing blocked by the CSP');
});

t.test('a viewer trying a route they lack gets the 403 envelope', async (t) => {
  const { page, cspViolations } = await openPage(t, browser);
  await loginInBrowser(page, p, 'vera', 'Vera-pass-123');
  const frame = await openDocs(page);
  await search(page, frame, 'system:users');
  const { status, body } = await tryIt(frame, 'GET', '/api/settings/users');
  t.equal(status, '403');
  t.match(body, { code: 403, data: null, errorKey: String });
  // The same user's own routes answer
  await search(page, frame, '/api/auth/me');
  const me = await tryIt(frame, 'GET', '/api/auth/me');
  t.equal(me.status, '200');
  t.match(me.body, { code: 200, data: { user: { username: 'vera' } } });
  t.same(cspViolations, [], 'nothing blocked by the CSP');
});
