// The README's start command as a newcomer runs it: no DATABASE_URL / REDIS_URL, so an embedded PostgreSQL
// and a local redis-server with data in XL_DATA_DIR; every service answers; Ctrl-C leaves nothing behind;
// a second start reuses the data. (Supervision, outages and Ctrl-C with instances: start-supervised.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { SERVICES, startPlatform as start, startSetup, stopPlatform as stop } from './npm-start.js';

const setup = await startSetup(t);
const { dataDir, ports } = setup;
const startPlatform = (t: Parameters<typeof start>[0]) => start(t, setup);
const stopPlatform = (t: Parameters<typeof stop>[0], child: Parameters<typeof stop>[2]) => stop(t, setup, child);

t.test('first start: everything up, admin password generated, Ctrl-C stops all', async (t) => {
  const { child, output } = await startPlatform(t);
  for (const s of SERVICES) {
    // The gateway answers its probes on its internal port; its public one keeps /healthz alone.
    const probePort = s === 'gateway' ? ports['gateway-internal'] : ports[s];
    for (const probe of ['healthz', 'readyz']) {
      const res = await fetch(`http://127.0.0.1:${probePort}/${probe}`);
      t.equal(res.status, 200, `${s} /${probe}`);
    }
  }
  t.equal((await fetch(`http://127.0.0.1:${ports.gateway}/healthz`)).status, 200, 'gateway public /healthz');
  t.equal((await fetch(`http://127.0.0.1:${ports.gateway}/readyz`)).status, 404, 'but not its /readyz details');
  t.equal((await fetch(`http://127.0.0.1:${ports['gateway-comfy']}/comfy/none/`)).status, 404, 'the ComfyUI origin listens (no such instance)');
  t.match(output(), new RegExp(`ComfyUI: +http://127\\.0\\.0\\.1:${ports['gateway-comfy']}/comfy/`));
  const page = await fetch(`http://127.0.0.1:${ports.gateway}/`);
  t.match(page.headers.get('content-type'), /text\/html/, 'the gateway serves the console');
  const password = readFileSync(join(dataDir, 'secrets/admin-password'), 'utf8').trim();
  t.match(password, /^Xl-/);
  t.match(output(), new RegExp(`Console: +http://127\\.0\\.0\\.1:${ports.gateway}/`));
  t.match(output(), `admin / ${password}`);
  t.match(output(), /created user admin/);
  await stopPlatform(t, child);
});

t.test('second start reuses the data: no new admin, same password', async (t) => {
  const before = readFileSync(join(dataDir, 'secrets/admin-password'), 'utf8');
  const { child, output } = await startPlatform(t);
  t.notMatch(output(), /created user admin/);
  t.notMatch(output(), /initialising embedded PostgreSQL/);
  t.equal(readFileSync(join(dataDir, 'secrets/admin-password'), 'utf8'), before);
  t.equal((await fetch(`http://127.0.0.1:${ports.auth}/readyz`)).status, 200);
  await stopPlatform(t, child);
});
