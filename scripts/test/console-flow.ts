// The console as a person uses it, in real Chromium against the real gateway and services:
// a wrong captcha and a wrong password are told in the console's language → admin logs in with a captcha →
// creates a viewer → logs out → the viewer logs in and sees only a viewer's menus and buttons → a settings
// URL typed by hand shows "no access". Run with the gateway in each API_ERROR_STATUS mode (api.md: the
// console works in both): console.browser.test.ts (mirror) and console-ok.browser.test.ts (ok).
import type { Test } from 'tap';
import { builtWebDist, launchChromium, loginInBrowser, waitUntil } from './browser.js';
import { BUILTIN_ROLES, hasPermission } from '@app/contracts';
import { DEFAULT_MENUS, type MenuDef } from '@app/db/menus';
import { ADMIN_PASSWORD, startPlatform } from '../../services/gateway/test/platform.js';

/** The page and catalog paths a role's holder should find in the side menu, from the seeded tree. */
function expectedMenus(roleKey: string): string[] {
  const perms = BUILTIN_ROLES.find((r) => r.key === roleKey)!.permissions;
  // child paths are relative to their parent (art-design-pro's shape)
  const walk = (defs: readonly MenuDef[], parent = ''): string[] =>
    defs.flatMap((d) => {
      if (d.type === 'button' || !hasPermission(perms, d.perms)) return [];
      const path = parent ? `${parent}/${d.path}` : d.path!;
      return [path, ...walk(d.children ?? [], path)];
    });
  return walk(DEFAULT_MENUS).sort();
}

/** The whole flow, with the gateway answering errors as `mode` says. */
export async function runConsoleFlow(t: Test, mode: 'mirror' | 'ok') {
  const webDist = builtWebDist();

  const p = await startPlatform(t, { webDist, backends: [], env: { API_ERROR_STATUS: mode } });
  const browser = await launchChromium();
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const id = (testId: string) => page.getByTestId(testId);
  // The console's origin sends a CSP without inline script: nothing the console does may be blocked by it.
  const cspViolations: string[] = [];
  // Menu icons are bundled: nothing may ask an icon API.
  const iconRequests: string[] = [];
  page.on('request', (r) => {
    if (/iconify/i.test(r.url())) iconRequests.push(r.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
  });



  async function visibleMenuPaths(): Promise<string[]> {
    // Open every catalog so nested items render, then read the menu test ids.
    for (const catalog of await page.locator('[data-testid^="menu-/"].ant-menu-submenu-title, .ant-menu-submenu [data-testid^="menu-/"]').all()) {
      if (await catalog.isVisible()) await catalog.click().catch(() => {});
    }
    const ids = await page.locator('[data-testid^="menu-/"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
    return [...new Set(ids.map((v) => v.slice('menu-'.length)))].sort();
  }

  /**
   * One failed login through the page, with the captcha it shows (or a wrong one). Resolves with the error the
   * page shows, once the fresh captcha the page draws after a failure is up for the next attempt.
   */
  async function failedLogin(password: string, captcha: 'right' | 'wrong'): Promise<string> {
    const text = p.captchas.at(-1)!.text;
    await id('login-username').fill('admin');
    await id('login-password').fill(password);
    await id('login-captcha-input').fill(captcha === 'right' ? text : `${text}x`);
    const drawn = p.captchas.length;
    await id('login-submit').click();
    await waitUntil(() => p.captchas.length > drawn, 10_000);
    // The page clears the captcha field when the new one is shown, after it has set the error.
    await page.waitForFunction(() => (document.querySelector('[data-testid="login-captcha-input"]') as HTMLInputElement | null)?.value === '');
    return id('login-error').innerText();
  }

  t.test(`the gateway answers errors in ${mode} mode`, async (t) => {
    const res = await fetch(`${p.url}/api/auth/me`);
    t.equal(res.status, mode === 'ok' ? 200 : 401, 'HTTP status of a request without a token');
    t.match(await res.json(), { code: 401, errorKey: 'KIT_UNAUTHORIZED' }, 'the code in the body either way');
  });

  t.test('a failed login is explained in the console’s language', async (t) => {
    const drawn = p.captchas.length;
    await page.goto(`${p.url}/login`);
    await id('login-captcha-image').and(page.locator('img')).waitFor();
    await waitUntil(() => p.captchas.length > drawn);
    await id('locale-switch').getByText('EN', { exact: true }).click();
    await id('login-submit').filter({ hasText: 'Sign in' }).waitFor();
    t.equal(await failedLogin(ADMIN_PASSWORD, 'wrong'), 'Incorrect captcha, please try again', 'English: the catalogue’s text for AUTH_CAPTCHA_INVALID');
    t.equal(await failedLogin('wrong-pass-1', 'right'), 'Incorrect username or password', 'English: the catalogue’s text for AUTH_BAD_CREDENTIALS');
    await id('locale-switch').getByText('中文', { exact: true }).click();
    t.equal(await failedLogin('wrong-pass-1', 'right'), '用户名或密码错误', 'Chinese: the server’s own msg');
  });

  t.test('admin logs in with the captcha and sees every section', async (t) => {
    await loginInBrowser(page, p, 'admin', ADMIN_PASSWORD);
    const menus = await visibleMenuPaths();
    for (const path of ['/dashboard', '/workbench', '/stats', '/monitor', '/vector', '/settings']) t.ok(menus.includes(path), `menu ${path}`);
    // Iconify icons drawn from the bundled data (an svg with a path), the seeded ones and no fallback
    const icons = await id('side-menu').locator('[data-icon]').evaluateAll((els) =>
      els.map((e) => ({ name: e.getAttribute('data-icon'), drawn: !!e.querySelector('svg path') })),
    );
    t.ok(icons.length >= 10, 'every entry has an icon');
    t.ok(icons.every((i) => i.drawn && i.name?.startsWith('ri:') && i.name !== 'ri:apps-line'), 'seeded Remix icons, drawn');
    // '/dashboard' is served with art-design-pro's view '/dashboard/console': it opens our dashboard
    await id('menu-/dashboard').click();
    await page.waitForURL(/\/dashboard$/);
    await id('dashboard-page').waitFor();
  });

  t.test('the API docs page works under the console’s CSP', async (t) => {
    await page.goto(`${p.url}/api/docs`);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
    t.match(await page.locator('.swagger-ui .info .title').innerText(), /XL Platform API/, 'Swagger UI renders the merged document');
    await page.goto(`${p.url}/dashboard`);
    await id('console-layout').waitFor();
  });

  t.test('admin creates a viewer in the users page', async (t) => {
    await id('menu-/settings').click();
    await id('menu-/settings/users').click();
    await id('users-page').waitFor();
    await id('users-create').click();
    await id('user-form-username').fill('viola');
    await id('user-form-password').fill('Viola-pass-123');
    await id('user-form-email').fill('viola@example.com');
    await id('user-form-nickname').fill('Viola');
    const role = id('user-form-role');
    await role.click();
    await page.locator('.ant-select-item-option').filter({ hasText: /viewer|访客/ }).first().click();
    await id('user-form-submit').click();
    await page.getByText('viola', { exact: true }).first().waitFor();
    const row = await p.auth.db.user.findFirst({ where: { username: 'viola' } });
    t.equal(row?.roleKey, 'viewer', 'stored with the viewer role');
    t.ok(await id('users-create').isVisible(), 'admin sees the create button');
  });

  t.test('admin logs out', async (t) => {
    await id('user-dropdown').click();
    await id('user-menu-logout').click();
    await id('login-page').waitFor();
    t.match(page.url(), /\/login/);
  });

  t.test('the viewer sees only a viewer’s menus, and a typed settings URL says no access', async (t) => {
    await loginInBrowser(page, p, 'viola', 'Viola-pass-123');
    const menus = await visibleMenuPaths();
    t.same(menus, expectedMenus('viewer'), 'exactly the viewer’s menus');
    await page.screenshot({ path: process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/viewer.png` : '/dev/null' }).catch(() => {});
    t.notOk(menus.some((m) => m.startsWith('/settings')), 'no settings menus');
    t.notOk(menus.includes('/workbench/instances'), 'no ComfyUI instances without comfy:use');
    await page.goto(`${p.url}/settings/users`);
    await id('forbidden-title').waitFor();
    t.match(await id('forbidden-title').innerText(), /无权访问|No access/);
    t.equal(await id('users-create').count(), 0, 'no create-user button');
    t.equal(await id('users-table').count(), 0, 'no user data');
  });

  t.test('no page of the console was blocked by its CSP', async (t) => {
    t.same(cspViolations, []);
    t.same(iconRequests, [], 'no icon was fetched');
  });
}
