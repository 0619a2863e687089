// The simulator's page in real Chromium, served under /comfy/<id>/ through a small reverse proxy (as the
// platform serves it): the button queues the default workflow, WebSocket events arrive, the image shows.
// A proxy that rewrites Host but forwards the browser's Origin gets ComfyUI's 403.
import { existsSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import t from 'tap';
import { leftoverChildren, startSim } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// No Chromium is a broken test machine, not a reason to pass: `.ci/run` installs it.
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
const { chromium } = await import('playwright-core');

/** Reverse proxy /comfy/abc/* → simulator /*. `fixOrigin` = what the platform's proxy must do. */
async function startProxy(t: { teardown(fn: () => unknown): void }, simPort: number, fixOrigin: boolean): Promise<number> {
  const prefix = '/comfy/abc';
  const target = `127.0.0.1:${simPort}`;
  const rewrite = (headers: Record<string, string | string[] | undefined>) => {
    const h: Record<string, string | string[] | undefined> = { ...headers, host: target };
    if (fixOrigin && h.origin) h.origin = `http://${target}`;
    return h;
  };
  const server: Server = createServer((req, res) => {
    if (!req.url!.startsWith(`${prefix}/`)) {
      res.writeHead(404).end();
      return;
    }
    const up = request({ host: '127.0.0.1', port: simPort, method: req.method, path: req.url!.slice(prefix.length), headers: rewrite(req.headers) }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('upgrade', (req, socket, head) => {
    const up = connect(simPort, '127.0.0.1', () => {
      const headers = rewrite(req.headers);
      const lines = [`${req.method} ${req.url!.slice(prefix.length)} HTTP/1.1`];
      for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined) lines.push(`${k}: ${one}`);
      up.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  const addr = server.address();
  return typeof addr === 'object' && addr ? addr.port : 0;
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
t.teardown(() => browser.close());

t.test('page under /comfy/abc/ through a proxy that fixes Host/Origin', async (t) => {
  const sim = await startSim(t, { args: ['--sim-run-ms', '300'] });
  const proxyPort = await startProxy(t, sim.port, true);
  const page = await browser.newPage();
  t.teardown(() => page.close());
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`http://127.0.0.1:${proxyPort}/comfy/abc/`);
  t.equal(await page.title(), 'ComfyUI (simulator)');
  await page.locator('#ws-state', { hasText: 'open' }).waitFor({ timeout: 10000 });
  await page.click('#queue-prompt');
  await page.locator('#result', { hasText: '200' }).waitFor({ timeout: 10000 });
  const img = page.locator('#images img').first();
  await img.waitFor({ timeout: 10000 });
  await page.waitForFunction(() => (document.querySelector('#images img') as HTMLImageElement | null)?.naturalWidth === 64, undefined, { timeout: 10000 });
  const log = await page.locator('#log').textContent();
  for (const ev of ['execution_start', 'executing', 'progress', 'executed', 'execution_success']) t.match(log, ev, `page shows ${ev}`);
  const base = `http://127.0.0.1:${proxyPort}/comfy/abc/`;
  t.ok(requests.length > 0 && requests.every((u) => u.startsWith(base)), 'every request stayed under the prefix');
  t.ok(requests.some((u) => u.startsWith(`${base}api/prompt`)), 'POST went to api/prompt');
  t.ok(requests.some((u) => u.startsWith(`${base}api/view?`)), 'image from api/view');
});

t.test('a proxy forwarding the browser Origin with a rewritten Host gets 403', async (t) => {
  const sim = await startSim(t);
  const proxyPort = await startProxy(t, sim.port, false);
  const page = await browser.newPage();
  t.teardown(() => page.close());
  await page.goto(`http://127.0.0.1:${proxyPort}/comfy/abc/`);
  await page.click('#queue-prompt');
  await page.locator('#result', { hasText: '403' }).waitFor({ timeout: 10000 });
  t.match(await page.locator('#result').textContent(), /403 request with non matching host and origin/);
});

t.test('no leftover child processes', async (t) => {
  t.same(await leftoverChildren(), []);
});
