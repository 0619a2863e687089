#!/usr/bin/env node
// `npm start`: the whole platform on one machine. Installs dependencies and builds the console when missing,
// brings up PostgreSQL and Redis (from env, or local ones with data in .data/), migrates, seeds, starts every
// service, keeps them running (a process that exits is restarted with backoff, scripts/lib/supervisor.mjs), and
// on Ctrl-C stops services, then Redis, then PostgreSQL.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { chooseRunner, runEntry } from './lib/built.mjs';
import { ensureDependencies, killGroup, localPostgres, localRedis, stopGroup, waitFor } from './lib/infra.mjs';
import { createSupervisor } from './lib/supervisor.mjs';
import { ensureSecrets } from './lib/secrets.mjs';
import { DB_ENTRIES, SERVICES, comfyPublicUrl, readyUrl, serviceEntry, serviceEnv, servicePorts } from './lib/services.mjs';

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

const ports = servicePorts();
// dist/ (npm run build:services) when it is there and newer than the sources, else tsx; the log says which.
const runner = chooseRunner([...SERVICES.map(serviceEntry), DB_ENTRIES.migrate, DB_ENTRIES.seed], { root });
log(runner.describe);
const supervisor = createSupervisor({ log, onChange: () => writeStatus() });
let shuttingDown = false;

/** Each process's pid and restarts, and what is down and why (`.data/supervisor.json`; the start log says it too). */
function writeStatus() {
  try {
    writeFileSync(`${dataDir}/supervisor.json`, `${JSON.stringify(supervisor.status(), null, 2)}\n`);
  } catch {}
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping…');
  // Services first (the orchestrator stops every ComfyUI instance and records it), then Redis, then PostgreSQL.
  await supervisor.stopAll([[...SERVICES].reverse(), ['redis'], ['postgres']]);
  log('stopped; nothing left running');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));
// Last resort if this script dies abnormally: nothing it started outlives it.
process.on('exit', () => supervisor.killAll());

function serviceUnit(name, env) {
  const logFile = `${dataDir}/logs/${name}.log`;
  return {
    logHint: logFile,
    start() {
      const file = createWriteStream(logFile, { flags: 'a' });
      const child = spawn(process.execPath, runner.args(serviceEntry(name)), {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // its own process group: a terminal's Ctrl-C reaches this script, which stops services in order
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
      child.once('exit', () => file.end());
      return child;
    },
    stop: (child) => stopGroup(child, 'SIGTERM', { graceMs: 12_000, log, name }),
    kill: (child) => killGroup(child, 'SIGKILL'),
  };
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
  mkdirSync(`${dataDir}/logs`, { recursive: true });
  const postgres = await localPostgres({
    dataDir: `${dataDir}/postgres`,
    port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    database: 'xl_platform',
    log,
    logFile: `${dataDir}/logs/postgres.log`,
  });
  if (!postgres.external) await supervisor.add('postgres', { ...postgres, logHint: `${dataDir}/logs/postgres.log` });
  log(postgres.external ? 'PostgreSQL: DATABASE_URL' : `PostgreSQL: embedded, data in ${dataDir}/postgres`);
  const redis = await localRedis({ dataDir: `${dataDir}/redis`, port: Number(process.env.LOCAL_REDIS_PORT ?? 63790), log });
  if (!redis.external) await supervisor.add('redis', { ...redis, logHint: `${dataDir}/redis/redis.log` });
  log(redis.external ? 'Redis: REDIS_URL' : `Redis: local redis-server, data in ${dataDir}/redis`);

  const secrets = ensureSecrets(`${dataDir}/secrets`);
  const dbEnv = { DATABASE_URL: postgres.url, ADMIN_PASSWORD: secrets.adminPassword };
  if ((await runEntry(runner, DB_ENTRIES.migrate, { env: dbEnv })).code !== 0) throw new Error('migrations failed');
  if ((await runEntry(runner, DB_ENTRIES.seed, { env: dbEnv })).code !== 0) throw new Error('seed failed');

  for (const name of SERVICES) {
    await supervisor.add(name, serviceUnit(name, serviceEnv(name, { ports, databaseUrl: postgres.url, redisUrl: redis.url, secrets, dataDir })));
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
  A process that exits is restarted (1 s backoff growing to 30 s; left down after 5 exits in 5 min).
`);
} catch (err) {
  console.error(`[start] ${err.message}`);
  await shutdown(1);
}
