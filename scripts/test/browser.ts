// Shared by the browser tests: Debian's Chromium through playwright-core, and the console's login page.
import { chromium, type Page } from 'playwright-core';
import type { Platform } from '../../services/gateway/test/platform.js';

/** Chromium with the flags this machine needs (no sandbox as root, no background network). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
