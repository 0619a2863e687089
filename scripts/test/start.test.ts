// The README's start command as a newcomer runs it: no DATABASE_URL / REDIS_URL, so an embedded PostgreSQL
// and a local redis-server with data in XL_DATA_DIR; every service answers; Ctrl-C leaves nothing behind;
// a second start reuses the data.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { freePort } from '@app/testing';

const SERVICES = ['auth', 'projects', 'comfy-orchestrator', 'stats', 'monitor', 'vectors', 'gateway'];
const dataDir = mkdtempSync(join(tmpdir(), 'xl-start-'));
chmodSync(dataDir, 0o755); // as root, embedded PostgreSQL runs as `postgres` and must enter it
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

const ports: Record<string, number> = {};
for (const s of [...SERVICES, 'gateway-comfy', 'gateway-internal', 'pg', 'redis']) ports[s] = await freePort();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  XL_DATA_DIR: dataDir,
  EMBEDDED_PG_PORT: String(ports.pg),
  LOCAL_REDIS_PORT: String(ports.redis),
  ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase().replace(/-/g, '_')}_PORT`, String(ports[s])])),
  GATEWAY_COMFY_PORT: String(ports['gateway-comfy']),
  GATEWAY_INTERNAL_PORT: String(ports['gateway-internal']),
};
delete env.DATABASE_URL;
delete env.REDIS_URL;
delete env.ADMIN_PASSWORD;

async function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

function processesUsing(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir) && !line.includes('ps -eo'));
}

async function startPlatform(t: Test) {
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  t.teardown(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  });
  const deadline = Date.now() + 240_000;
  while (!/platform is up/.test(out)) {
    if (child.exitCode !== null) throw new Error(`start exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`start never came up:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => out };
}

async function stopPlatform(t: Test, child: ReturnType<typeof spawn>) {
  child.kill('SIGINT');
  const [code] = await once(child, 'exit');
  t.equal(code, 0, 'Ctrl-C exits cleanly');
  for (const [name, port] of Object.entries(ports)) t.notOk(await listening(port), `${name} port ${port} is free`);
  t.same(processesUsing(dataDir), [], 'no process started by it is left running');
}

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
