// 个人工作台 as people use it, in real Chromium against the real gateway, projects service and
// comfy-orchestrator (real simulator processes): a user creates a project, presses 数据生成, a new tab shows
// their ComfyUI and runs a prompt; an admin pressing 数据生成 on that project is told 权限不足 (seed 000 §1).
import t from 'tap';
import { builtWebDist, launchChromium, loginInBrowser, openPage } from './browser.js';
import { ADMIN_PASSWORD } from '../../services/gateway/test/platform.js';
import { processesUnder, startComfyPlatform, until } from '../../services/projects/test/comfy-platform.js';

const webDist = builtWebDist();



let dataDir = '';

t.test('workbench: 数据生成 opens the user’s own ComfyUI; another user is refused', async (t) => {
  const p = await startComfyPlatform(t, { webDist });
  dataDir = p.dataDir;
  const browser = await launchChromium();
  t.teardown(() => browser.close());
  const ursulaId = await p.createUser('ursula', 'user');

  const { context: userContext, page, id, cspViolations } = await openPage(t, browser);
  const code = 'WB-DEMO-1';
  let projectId = 0;

  await t.test('a user creates a project on /workbench', async (t) => {
    await loginInBrowser(page, p, 'ursula', 'ursula-Pass-123');
    await page.goto(`${p.url}/workbench`);
    await id('workbench-page').waitFor();
    await id('project-empty').waitFor();
    await id('project-create').click();
    await id('project-form-name').fill('演示项目');
    await id('project-form-code').fill(code);
    await id('project-form-note').fill('browser test');
    await id('project-form-submit').click();
    const row = await until(() => p.auth.db.project.findFirst({ where: { code } }), (r) => !!r, 10_000, 'the project row');
    projectId = row!.id;
    await id(`project-card-${projectId}`).waitFor();
    t.match(await id(`project-card-${projectId}`).innerText(), /演示项目[\s\S]*WB-DEMO-1/, 'the card shows name and code');
    t.equal(await id(`project-status-${projectId}`).getAttribute('data-status'), 'none', 'no instance yet');
  });

  let serviceId = '';
  await t.test('数据生成 opens a new tab with the user’s ComfyUI; the card shows running', async (t) => {
    const [tab] = await Promise.all([userContext.waitForEvent('page'), id(`project-open-${projectId}`).click()]);
    // The tab first shows a waiting note (titled ComfyUI too), then goes to /comfy/<id>/?ticket=…, which
    // sets the cookie and redirects to /comfy/<id>/.
    await tab.waitForURL(/\/comfy\/[0-9a-f-]{36}\/$/, { timeout: 60_000 });
    serviceId = /\/comfy\/([0-9a-f-]{36})\//.exec(tab.url())![1];
    t.notMatch(tab.url(), /ticket=/, 'the ticket is gone from the address bar');
    await tab.locator('#workflow').waitFor();
    t.match(await tab.title(), /ComfyUI/, 'the simulator’s page');
    t.match(await tab.locator('header').innerText(), /ComfyUI \(simulator\)/);
    t.equal(new URL(tab.url()).origin, new URL(p.comfyUrl).origin, 'on the ComfyUI origin, not the console’s');
    const cookies = await userContext.cookies(`${p.comfyUrl}/comfy/${serviceId}/`);
    const session = cookies.find((c) => c.name === 'xl_comfy');
    t.ok(session, 'the instance cookie is set');
    t.equal(session?.httpOnly, true, 'HttpOnly');
    t.equal(session?.path, `/comfy/${serviceId}/`, 'scoped to the instance');
    t.equal(await tab.evaluate(() => document.cookie.includes('xl_comfy')), false, 'invisible to scripts');

    // What a script in a ComfyUI page (a custom node's, say) can get of the console's session: nothing.
    t.ok(await page.evaluate(() => localStorage.getItem('xl.token')), 'the console keeps its tokens in its storage');
    const stored = await tab.evaluate(() => ({ keys: Object.keys(localStorage), token: localStorage.getItem('xl.token'), refresh: localStorage.getItem('xl.refreshToken'), opener: window.opener === null }));
    t.same(stored, { keys: [], token: null, refresh: null, opener: true }, 'the instance’s page sees none of the console’s storage, nor its window');
    // The gateway's own metrics (internal port) tell what arrived: one more /api/auth/me, answered 401.
    const unauthorisedMe = async () =>
      Number(/http_request_duration_seconds_count\{[^}]*route="\/api\/auth\/me",status_code="401"[^}]*\} (\d+)/.exec(await (await fetch(`${p.internalUrl}/metrics`)).text())?.[1] ?? 0);
    const before = await unauthorisedMe();
    const [sent, outcome] = await Promise.all([
      tab.waitForEvent('request', (r) => r.url() === `${p.url}/api/auth/me`),
      tab.evaluate((url) => fetch(url, { credentials: 'include' }).then((r) => `read ${r.status}`, () => 'blocked'), `${p.url}/api/auth/me`),
    ]);
    t.notOk(sent.headers().authorization, 'a request from the instance’s page to the console’s /api/auth/me carries no token');
    await until(unauthorisedMe, (n) => n === before + 1, 5000, 'the gateway answered it 401');
    t.pass('the gateway saw it without credentials and answered 401');
    t.equal(outcome, 'blocked', 'and the page cannot read the answer (no CORS for other origins)');

    await page.locator(`[data-testid="project-status-${projectId}"][data-status="running"]`).waitFor({ timeout: 30_000 });
    t.pass('the card status becomes running');
    const row = await p.auth.db.comfyuiService.findUniqueOrThrow({ where: { serviceId } });
    t.equal(row.status, 'running');
    t.equal(row.projectId, projectId);

    // The user queues the default workflow in the page: the browser's Origin passes through the proxy.
    await tab.locator('#queue-prompt').click();
    await tab.locator('#result').filter({ hasText: /POST api\/prompt → \d+/ }).waitFor({ timeout: 15_000 });
    t.match(await tab.locator('#result').innerText(), /→ 200 \{"prompt_id"/, 'the prompt is accepted');
    // Its progress and image arrive over the WebSocket through the gateway.
    await tab.locator('#images img').first().waitFor({ timeout: 15_000 }).catch(() => {});
    t.ok(await tab.locator('#images img').count(), 'the generated image is shown (WebSocket events reach the page)');
    if (await tab.locator('#images img').count()) {
      const loaded = await tab.locator('#images img').first().evaluate((img: HTMLImageElement) =>
        img.complete ? img.naturalWidth : new Promise<number>((r) => img.addEventListener('load', () => r(img.naturalWidth))),
      );
      t.ok(loaded > 0, 'and the image loads through /api/view');
    }
    t.match(await tab.locator('#ws-state').innerText(), /^open$/, 'the WebSocket stays open');
    await tab.close();
  });

  await t.test('the console ran under its CSP without a single violation', async (t) => {
    t.same(cspViolations, []);
  });

  await t.test('the instances page names the instance’s project, not its id', async (t) => {
    await page.goto(`${p.url}/workbench/instances`);
    const cell = id(`instance-project-${serviceId}`);
    await cell.waitFor({ timeout: 15_000 });
    t.equal(await cell.innerText(), '演示项目', 'the project’s name');
    t.notMatch(await id(`instances-row-${serviceId}`).innerText(), new RegExp(`#${projectId}\\b`), 'no #<project id> in the row');
  });

  await t.test('an admin presses 数据生成 on that project and is told 权限不足', async (t) => {
    const adminContext = await browser.newContext();
    t.teardown(() => adminContext.close());
    const admin = await adminContext.newPage();
    await loginInBrowser(admin, p, 'admin', ADMIN_PASSWORD);
    await admin.goto(`${p.url}/workbench`);
    await admin.getByTestId(`project-card-${projectId}`).waitFor();
    // An admin sees every project with its owner: by username, not `#<id>`.
    const owner = admin.getByTestId(`project-owner-${projectId}`);
    t.match(await owner.innerText(), /ursula$/, 'the card names the owner by username');
    t.notMatch(await admin.getByTestId(`project-card-${projectId}`).innerText(), new RegExp(`#${ursulaId}\\b`), 'no #<owner id> on the card');
    await admin.locator(`[data-testid="project-status-${projectId}"][data-status="running"]`).waitFor({ timeout: 15_000 });
    await admin.getByTestId(`project-open-${projectId}`).click();
    const error = admin.getByTestId('project-open-error');
    await error.waitFor({ timeout: 15_000 });
    t.match(await error.innerText(), /权限不足|another user|其他用户/, 'the 403 is explained');
    await until(async () => adminContext.pages().length, (n) => n === 1, 5000, 'the waiting tab closed').catch(() => {});
    t.equal(adminContext.pages().length, 1, 'the waiting tab was closed, no ComfyUI was opened');
    const rows = await p.auth.db.comfyuiService.findMany({ where: { projectId } });
    t.same(rows.map((r) => [r.serviceId, r.status]), [[serviceId, 'running']], 'the user’s instance is untouched, no second one');

    // The admin's instances page names both the project and the user who started the instance.
    await admin.goto(`${p.url}/workbench/instances`);
    await admin.getByTestId(`instance-project-${serviceId}`).waitFor({ timeout: 15_000 });
    t.equal(await admin.getByTestId(`instance-project-${serviceId}`).innerText(), '演示项目', 'admin: the project’s name');
    t.equal(await admin.getByTestId(`instance-user-${serviceId}`).innerText(), 'ursula', 'admin: the user’s username');
  });
});

t.test('no simulator survives the platform', async (t) => {
  t.ok(dataDir, 'the platform ran');
  const left = await until(async () => processesUnder(dataDir), (l) => l.length === 0, 5000, 'no process').catch(() => processesUnder(dataDir));
  t.same(left, [], 'every instance was stopped when the orchestrator closed');
});
