#!/usr/bin/env node
// `npm test`: every workspace's node-tap tests against real PostgreSQL and Redis (DATABASE_URL / REDIS_URL,
// or local ones brought up as `npm start` does, with data in .data/test). One migrated template database is
// copied by each test file, so files run in parallel in isolation. Ends with `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDependencies, ensurePostgres, ensureRedis, runTs } from './lib/infra.mjs';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const log = (msg) => console.log(`[test] ${msg}`);
const dataDir = process.env.XL_DATA_DIR ?? '.data';

ensureDependencies(log);
// Built once here, so the tests that need it (start, browser) never build it concurrently.
if (!existsSync('web/dist/index.html')) {
  log('building the web console (npm run build:web)');
  if (spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit' }).status !== 0) throw new Error('web build failed');
}
const postgres = await ensurePostgres({ dataDir: `${dataDir}/test/postgres`, port: Number(process.env.TEST_PG_PORT ?? 54339), database: 'postgres', log });
const redis = await ensureRedis({ dataDir: `${dataDir}/test/redis`, port: Number(process.env.TEST_REDIS_PORT ?? 63791), log });

let code = 1;
try {
  const template = `xl_test_template_${process.pid}`;
  const admin = new URL(postgres.url);
  const templateUrl = new URL(postgres.url);
  templateUrl.pathname = `/${template}`;
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${template}"`);
  log(`migrating template database ${template}`);
  const migrated = await runTs('packages/db/src/cli/migrate.ts', { env: { DATABASE_URL: templateUrl.toString() }, stdio: ['ignore', 'pipe', 'inherit'] });
  if (migrated.code !== 0) throw new Error('migrating the template database failed');

  rmSync('.tap/test-results', { recursive: true, force: true });
  const files = process.argv.slice(2);
  code = await new Promise((done) => {
    const tap = spawn('npx', ['--no-install', 'tap', ...files], {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: admin.toString(), REDIS_URL: redis.url, TEST_TEMPLATE_DB: template },
    });
    tap.on('exit', (c) => done(c ?? 1));
  });
  await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  await client.end();
  printTotals(code);
} finally {
  await redis.stop();
  await postgres.stop();
}
process.exit(code);

/**
 * Counts the test points of every file's TAP output that node-tap keeps in .tap/test-results. A subtest's
 * own summary line is not counted again, unless it failed with no failing point under it (a crash, a
 * timeout, a plan mismatch): then it counts as one failure.
 */
function printTotals(tapExit) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of walk('.tap/test-results')) {
    const open = []; // stack of { indent, failedBefore } for subtests whose summary line is still to come
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const indent = line.length - line.trimStart().length;
      if (/^\s*# Subtest: /.test(line)) {
        open.push({ indent, failedBefore: totals.failed });
        continue;
      }
      const m = /^\s*(not ok|ok) \d+.*?(#\s*(SKIP|TODO)\b.*)?$/i.exec(line);
      if (!m) continue;
      const top = open.at(-1);
      if (top && top.indent === indent) {
        open.pop();
        if (m[1] === 'not ok' && totals.failed === top.failedBefore) totals.failed++;
      } else if (m[3]) totals.skipped++;
      else if (m[1] === 'ok') totals.passed++;
      else totals.failed++;
    }
  }
  // A file that died before printing any test point still fails the run; never report a clean zero then.
  if (tapExit !== 0 && totals.failed === 0) totals.failed = 1;
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
}

function* walk(dir) {
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith('.tap')) yield path;
  }
}
