#!/usr/bin/env node
// `npm start`: the whole platform on one machine. Installs dependencies and builds the console when missing,
// brings up PostgreSQL and Redis (from env, or local ones with data in .data/), migrates, seeds, starts every
// service, and stops everything it started on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { ensureDependencies, ensurePostgres, ensureRedis, runTs, waitFor } from './lib/infra.mjs';
import { ensureSecrets } from './lib/secrets.mjs';
import { SERVICES, comfyPublicUrl, readyUrl, serviceEnv, servicePorts } from './lib/services.mjs';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const dataDir = process.env.XL_DATA_DIR ?? '.data';
const log = (msg) => console.log(`[start] ${msg}`);

ensureDependencies(log);

if (!existsSync('web/dist/index.html')) {
  log('building the web console (npm run build:web)…');
  const r = spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[start] web build failed');
    process.exit(1);
  }
}

const children = new Map();
let postgres;
let redis;
let stopping = false;

async function stopChild(name, child, graceMs = 12_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  try {
    process.kill(-child.pid, 'SIGTERM'); // the whole process group: a service's own children go too
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    log(`${name} did not stop in ${graceMs} ms: killing it`);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all([...children].reverse().map(([name, child]) => stopChild(name, child)));
  await redis?.stop();
  await postgres?.stop();
  log('stopped; nothing left running');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('exit', () => {
  // Last resort if this script dies abnormally: nothing it started outlives it.
  for (const child of children.values()) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
  redis?.killNow?.();
  postgres?.killNow?.();
});

function startService(name, env) {
  mkdirSync(`${dataDir}/logs`, { recursive: true });
  const file = createWriteStream(`${dataDir}/logs/${name}.log`, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/server.ts`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      file.write(`${line}\n`);
      // JSON logs go to .data/logs; the terminal shows warnings, errors and anything that is not JSON.
      let level = 50;
      try {
        level = JSON.parse(line).level ?? 50;
      } catch {}
      if (level >= 40) console.log(`[${name}] ${line}`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); see ${dataDir}/logs/${name}.log`);
      void shutdown(1);
    }
  });
  children.set(name, child);
}

async function ready(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1500) });
    return res.status === 200;
  } catch {
    return false;
  }
}

try {
  postgres = await ensurePostgres({ dataDir: `${dataDir}/postgres`, port: Number(process.env.EMBEDDED_PG_PORT ?? 54329), database: 'xl_platform', log });
  log(postgres.external ? 'PostgreSQL: DATABASE_URL' : `PostgreSQL: embedded, data in ${dataDir}/postgres`);
  redis = await ensureRedis({ dataDir: `${dataDir}/redis`, port: Number(process.env.LOCAL_REDIS_PORT ?? 63790), log });
  log(redis.external ? 'Redis: REDIS_URL' : `Redis: local redis-server, data in ${dataDir}/redis`);

  const secrets = ensureSecrets(`${dataDir}/secrets`);
  const dbEnv = { DATABASE_URL: postgres.url, ADMIN_PASSWORD: secrets.adminPassword };
  if ((await runTs('packages/db/src/cli/migrate.ts', { env: dbEnv })).code !== 0) throw new Error('migrations failed');
  if ((await runTs('packages/db/src/cli/seed.ts', { env: dbEnv })).code !== 0) throw new Error('seed failed');

  const ports = servicePorts();
  for (const name of SERVICES) {
    startService(name, serviceEnv(name, { ports, databaseUrl: postgres.url, redisUrl: redis.url, secrets, dataDir }));
  }
  await Promise.all(
    SERVICES.map((name) => waitFor(() => ready(readyUrl(name, ports)), { what: `${name} /readyz`, timeoutMs: 90_000 })),
  );
  const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1';
  console.log(`
  XL platform is up: ${SERVICES.map((s) => `${s}:${ports[s]}`).join('  ')}
  Console:  http://${host}:${ports.gateway}/
  ComfyUI:  ${comfyPublicUrl(ports)}/comfy/…   (instances open here, on an origin of their own)
  Admin:    admin / ${secrets.adminPassword}   (initial password${process.env.ADMIN_PASSWORD ? ' from ADMIN_PASSWORD' : `, kept in ${dataDir}/secrets/admin-password`}; change it after logging in)
  Logs:     ${dataDir}/logs/<service>.log      Stop: Ctrl-C
`);
} catch (err) {
  console.error(`[start] ${err.message}`);
  await shutdown(1);
}
