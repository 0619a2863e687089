// Shared by the browser tests: the built console, Debian's Chromium through playwright-core, a page to drive,
// and the console's login page.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import type { Platform } from '../../services/gateway/test/platform.js';

/** The built console (web/dist) the gateway serves; throws when it has not been built. */
export function builtWebDist(): string {
  const webDist = resolve('web/dist');
  if (!existsSync(resolve(webDist, 'index.html'))) throw new Error('web/dist is not built: run `npm run build:web` (npm test does)');
  return webDist;
}

/** Chromium with the flags this machine needs (no sandbox as root, no background network). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page in a context of its own (closed at teardown), `id` to find by test id, and the Content Security
 * Policy violations the page logs: the console runs under a CSP without inline script, and nothing it does
 * may be blocked by it.
 */
export async function openPage(t: { teardown(fn: () => unknown): void }, browser: Browser, options?: BrowserContextOptions) {
  const context = await browser.newContext(options);
  t.teardown(() => context.close());
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return { context, page, id: (testId: string) => page.getByTestId(testId), cspViolations };
}

export async function waitUntil(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Logs in through the login page, typing the captcha the page shows (read from the platform's recorder). */
export async function loginInBrowser(page: Page, platform: Platform, username: string, password: string) {
  const id = (testId: string) => page.getByTestId(testId);
  await page.goto(`${platform.url}/login`);
  const drawn = platform.captchas.length;
  await id('login-captcha-image').and(page.locator('img')).waitFor();
  await waitUntil(() => platform.captchas.length > drawn);
  await id('login-username').fill(username);
  await id('login-password').fill(password);
  await id('login-captcha-input').fill(platform.captchas.at(-1)!.text);
  await id('login-submit').click();
  await id('console-layout').waitFor({ timeout: 15_000 });
}
