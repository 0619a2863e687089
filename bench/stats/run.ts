// Stats service figures, printed not asserted: GET /api/stats latency at N logs next to the naive GROUP BY over
// the raw logs, ingest rate through POST /api/logs batches, and a ~1 M row Excel export (time and the export
// worker's peak RSS) next to exceljs streaming alone. Everything runs in a fresh database and Redis namespace of
// its own, removed at the end. Options (flag or env), see bench/stats/README.md:
//   --logs 1M (BENCH_LOGS)  --ingest 200k (BENCH_INGEST)  --export-rows 1M (BENCH_EXPORT_ROWS)
//   --skip-stats --skip-ingest --skip-export --skip-raw-exceljs --keep-db, and more below.
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { childProcesses, cleanUpOnInterrupt, flag, option, percentile, ready, removeRedisKeys, section } from '../lib.js';
import { createPrisma } from '@app/db';
import { migrate } from '@app/db/migrate';
import { seed } from '@app/db/seed';
import { adminDatabaseUrl, databaseUrlFor, freePort, seededRandom, signTestToken, testRedisUrl, testServiceEnv } from '@app/testing';

// ───────────────────────────── options ─────────────────────────────

const argv = process.argv.slice(2);
if (flag('help') || argv.includes('-h')) {
  console.log(readFileSync(new URL('./README.md', import.meta.url), 'utf8'));
  process.exit(0);
}

const LOGS = option('logs', 1_000_000);
const DAYS = option('days', 180);
const PROJECTS = option('projects', 50);
const USERS = option('users', 200);
const PROJECTS_PER_USER = option('projects-per-user', 3);
const RANGE_DAYS = option('range-days', 90);
const REQUESTS = option('requests', 200);
const NAIVE_RUNS = option('naive-runs', 5);
const INGEST = option('ingest', 200_000);
const BATCH = option('batch', 5000);
const CLIENTS = option('clients', 4);
const EXPORT_ROWS = option('export-rows', 1_000_000);
const CHUNK = option('chunk', 500_000);
const SKIP_STATS = flag('skip-stats');
const SKIP_INGEST = flag('skip-ingest') || INGEST === 0;
const SKIP_EXPORT = flag('skip-export');
const SKIP_RAW = flag('skip-raw-exceljs');
const KEEP_DB = flag('keep-db');
/** NODE_OPTIONS for the export worker only; by default its heap cap as docker-compose.yml and k8s/stats-worker.yaml run it. */
const WORKER_NODE_OPTIONS = (() => {
  const i = argv.findIndex((a) => a === '--worker-node-options' || a.startsWith('--worker-node-options='));
  if (i >= 0) return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  return process.env.BENCH_WORKER_NODE_OPTIONS ?? '--max-old-space-size=160';
})();

const TARGET = { statsP95Ms: 30, statsAtLogs: 10_000_000, ingestPerSec: 20_000, exportSec: 20, exportRows: 1_000_000, exportRssMb: 250 };
const redisUrl = testRedisUrl();
const DAY_MS = 86_400_000;
const DIMENSIONS = ['day', 'project', 'user'] as const;
type Dimension = (typeof DIMENSIONS)[number];

// ───────────────────────────── helpers ─────────────────────────────

const median = (xs: number[]) => percentile(xs, 50);
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const n = (x: number) => x.toLocaleString('en-US');
const si = (x: number) => (x >= 1e6 && x % 1e5 === 0 ? `${x / 1e6} M` : x >= 1e3 && x % 100 === 0 ? `${x / 1e3} k` : String(x));

/** VmRSS and VmHWM (peak resident set) of a process, in MB, from /proc/<pid>/status. */
function memoryOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const [rss, hwm] = [kb('VmRSS') / 1024, kb('VmHWM') / 1024];
    return Number.isNaN(rss) || Number.isNaN(hwm) ? null : { rss, hwm }; // a zombie has no Vm* lines
  } catch {
    return null;
  }
}

const { run, stopAll } = childProcesses();

// ───────────────────────────── setup and teardown ─────────────────────────────

const runId = `${process.pid}`;
const dbName = `bench_stats_${runId}`;
const keyPrefix = `bench-stats:${runId}:`;
const exportDir = mkdtempSync(join(tmpdir(), 'bench-stats-'));
const dbUrl = databaseUrlFor(dbName);
const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
let db: pg.Client | undefined;

let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  await stopAll();
  await db?.end().catch(() => {});
  if (KEEP_DB) console.log(`kept database ${dbUrl}`);
  else await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((err) => console.error(`drop ${dbName}: ${err.message}`));
  await admin.end().catch(() => {});
  const removed = await removeRedisKeys(redisUrl, keyPrefix, 'bench-stats-cleanup');
  if (removed) console.log(`removed ${removed} Redis keys under ${keyPrefix}`);
  rmSync(exportDir, { recursive: true, force: true });
}
cleanUpOnInterrupt(cleanup);

// The clock the data hangs on: seeded logs fill [seedStart, seedEnd) = the DAYS days before today (UTC);
// ingested logs land today; the stats range is the RANGE_DAYS days ending yesterday.
const now = new Date();
const seedEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
const seedStart = seedEnd - DAYS * DAY_MS;
const rangeEnd = new Date(seedEnd - DAY_MS).toISOString().slice(0, 10);
const rangeStart = new Date(seedEnd - RANGE_DAYS * DAY_MS).toISOString().slice(0, 10);

interface Summary {
  label: string;
  value: string;
  target?: string;
  ratio?: number;
  ok?: boolean;
  note?: string;
}
const summary: Summary[] = [];

// ───────────────────────────── seed ─────────────────────────────

async function seedLogs(client: pg.Client) {
  section(`seed: ${n(LOGS)} logs over ${DAYS} days, ${PROJECTS} projects, ${USERS} users (${PROJECTS_PER_USER} projects each)`);
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET maintenance_work_mem = '512MB'`);
  await client.query(`SELECT setseed(0.42)`);
  // The people and projects the logs name (the stats labels and the export's name columns ask auth and
  // projects for them): users 1..USERS (admin is 1), projects 1..PROJECTS.
  await client.query(
    `INSERT INTO xl_users (username, password_hash, role_key)
     SELECT 'bench_user_' || g, 'not-a-password-hash', 'user' FROM generate_series(1, $1 - (SELECT count(*) FROM xl_users)) g`,
    [USERS],
  );
  await client.query(`INSERT INTO xl_projects (name, code, owner_user_id) SELECT '生成项目 ' || g, 'bench-' || g, 1 + g % $2 FROM generate_series(1, $1) g`, [PROJECTS, USERS]);
  // Bulk-load the way a restore does: secondary indexes dropped, rows inserted, the same indexes rebuilt.
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = 'xl_generation_logs'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
  );
  for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);

  const stepMs = (DAYS * DAY_MS) / Math.max(1, LOGS);
  const started = performance.now();
  for (let from = 1; from <= LOGS; from += CHUNK) {
    const to = Math.min(LOGS, from + CHUNK - 1);
    // Half the logs come from ComfyUI (client id comfy:<prompt>, prompt and instance uuids, details), half from
    // the API (api:<user>:<id>). Users are skewed (a few generate much more); each works in PROJECTS_PER_USER
    // projects. 3 % running, 12 % failed, the rest success. Timestamps rise with log_id, as real ingest does.
    await client.query(
      `INSERT INTO xl_generation_logs (client_id, user_id, project_id, service_id, "timestamp", status, concurrent_id, prompt_id, duration_ms, details)
       SELECT CASE WHEN comfy THEN 'comfy:' || prompt ELSE 'api:' || u || ':seed-' || i END,
              u, p,
              CASE WHEN comfy THEN md5('instance-' || u || '-' || p)::uuid::text END,
              ts, st,
              CASE WHEN comfy THEN NULL ELSE 'batch-' || (i >> 3) END,
              prompt,
              CASE WHEN st = 'running' THEN NULL ELSE 500 + floor(random() * 60000)::int END,
              CASE WHEN comfy THEN jsonb_build_object('outputCount', 1 + i % 4) END
         FROM (SELECT i, u, 1 + (u * 7 + floor(random() * $7)::int) % $6 AS p, comfy, ts, st,
                      CASE WHEN comfy THEN gen_random_uuid()::text END AS prompt
                 FROM (SELECT i, i % 2 = 0 AS comfy,
                              1 + floor($5 * power(random(), 1.5))::int AS u,
                              $3::timestamptz + ((i - 1) * $4::float8) * interval '1 millisecond' AS ts,
                              CASE WHEN r < 0.03 THEN 'running' WHEN r < 0.15 THEN 'failed' ELSE 'success' END AS st
                         FROM (SELECT i, random() AS r FROM generate_series($1::bigint, $2::bigint) i OFFSET 0) g
                       OFFSET 0) a
               OFFSET 0) b`,
      [from, to, new Date(seedStart).toISOString(), stepMs, USERS, PROJECTS, PROJECTS_PER_USER],
    );
    const s = (performance.now() - started) / 1000;
    const progress = `  inserted ${n(to).padStart(12)} rows  ${s.toFixed(1)} s  ${n(Math.round(to / s))} rows/s`;
    if (process.stdout.isTTY) process.stdout.write(`\r${progress}   ${to === LOGS ? '\n' : ''}`);
    else if (to === LOGS || (to / CHUNK) % 4 === 0) console.log(progress);
  }
  const insertSec = (performance.now() - started) / 1000;
  let t = performance.now();
  for (const index of indexes) await client.query(index.def);
  const indexSec = (performance.now() - t) / 1000;
  t = performance.now();
  // The rollup exactly as ingest would have left it: one GROUP BY of the raw logs.
  const rolled = await client.query(
    `INSERT INTO xl_generation_daily (day, project_id, user_id, total, success, failed, updated_at)
     SELECT ("timestamp" AT TIME ZONE 'UTC')::date, project_id, user_id,
            count(*)::int, count(*) FILTER (WHERE status = 'success')::int, count(*) FILTER (WHERE status = 'failed')::int, now()
       FROM xl_generation_logs GROUP BY 1, 2, 3`,
  );
  const rollupSec = (performance.now() - t) / 1000;
  t = performance.now();
  await client.query(`VACUUM (ANALYZE) xl_generation_logs`);
  await client.query(`VACUUM (ANALYZE) xl_generation_daily`);
  const vacuumSec = (performance.now() - t) / 1000;
  await client.query(`RESET synchronous_commit`);
  await client.query(`RESET maintenance_work_mem`);
  const total = insertSec + indexSec + rollupSec + vacuumSec;
  const size = (await client.query(`SELECT pg_size_pretty(pg_total_relation_size('xl_generation_logs')) AS logs, pg_size_pretty(pg_total_relation_size('xl_generation_daily')) AS daily`)).rows[0];
  console.log(`  insert ${insertSec.toFixed(1)} s (${n(Math.round(LOGS / insertSec))} rows/s), ${indexes.length} indexes rebuilt ${indexSec.toFixed(1)} s, rollup ${n(rolled.rowCount ?? 0)} rows ${rollupSec.toFixed(1)} s, vacuum+analyze ${vacuumSec.toFixed(1)} s`);
  console.log(`  total ${total.toFixed(1)} s → ${n(Math.round(LOGS / total))} logs/s; xl_generation_logs ${size.logs}, xl_generation_daily ${size.daily}`);
  summary.push({ label: `seed ${si(LOGS)} logs (+ indexes, rollup)`, value: `${total.toFixed(1)} s`, note: `${n(Math.round(LOGS / total))} logs/s; rollup ${n(rolled.rowCount ?? 0)} rows` });
}

// ───────────────────────────── stats ─────────────────────────────

const keyOf: Record<Dimension, { raw: string; daily: string }> = {
  day: { raw: `to_char(("timestamp" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')`, daily: `to_char(day, 'YYYY-MM-DD')` },
  project: { raw: 'project_id::text', daily: 'project_id::text' },
  user: { raw: 'user_id::text', daily: 'user_id::text' },
};
/** What a chart would cost without the rollup: the same figures straight from the raw logs. */
const naiveSql = (d: Dimension) =>
  `SELECT ${keyOf[d].raw} AS key, count(*)::int AS total,
          count(*) FILTER (WHERE status = 'success')::int AS success, count(*) FILTER (WHERE status = 'failed')::int AS failed
     FROM xl_generation_logs WHERE "timestamp" >= $1::timestamptz AND "timestamp" < $2::timestamptz
    GROUP BY 1 ORDER BY 1`;
/** The service's own rollup query (plugins/app/generation-daily-repository.ts), for its database share of the latency. */
const rollupSql = (d: Dimension) =>
  `SELECT ${keyOf[d].daily} AS key, sum(total)::int AS total, sum(success)::int AS success, sum(failed)::int AS failed
     FROM xl_generation_daily WHERE day BETWEEN $1::date AND $2::date GROUP BY 1 ORDER BY 1`;

async function statsLatency(client: pg.Client, statsUrl: string, token: string) {
  section(`GET /api/stats ${rangeStart} … ${rangeEnd} (${RANGE_DAYS} days) at ${n(LOGS)} logs: ${REQUESTS} sequential requests per dimension`);
  const headers = { authorization: `Bearer ${token}` };
  const rawRange = [`${rangeStart}T00:00:00Z`, new Date(Date.parse(`${rangeEnd}T00:00:00Z`) + DAY_MS).toISOString()];
  console.log(`  ${'dimension'.padEnd(9)} ${'HTTP p50'.padStart(9)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)} │ ${'rollup SQL'.padStart(10)} │ ${'naive GROUP BY'.padStart(14)} ${'naive/p50'.padStart(9)} │ rows  same figures`);
  let slowest: { d: Dimension; p95: number } | undefined;
  for (const d of DIMENSIONS) {
    const url = `${statsUrl}/api/stats?start=${rangeStart}&end=${rangeEnd}&dimension=${d}`;
    let failed = 0;
    let body: { data: { series: { key: string; total: number; success: number; failed: number }[] } } | undefined;
    for (let i = 0; i < 20; i++) {
      const res = await fetch(url, { headers });
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
      body = await res.json();
    }
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      times.push(performance.now() - t);
      if (res.status !== 200) failed++;
    }
    const sqlTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await client.query(rollupSql(d), [rangeStart, rangeEnd]);
      sqlTimes.push(performance.now() - t);
    }
    const naiveTimes: number[] = [];
    let naive: { key: string; total: number; success: number; failed: number }[] = [];
    for (let i = 0; i < NAIVE_RUNS; i++) {
      const t = performance.now();
      naive = (await client.query(naiveSql(d), rawRange)).rows;
      naiveTimes.push(performance.now() - t);
    }
    const fig = (s: { key: string; total: number; success: number; failed: number }[]) =>
      JSON.stringify(s.filter((x) => x.total || x.success || x.failed).map((x) => [x.key, x.total, x.success, x.failed]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    const same = fig(body!.data.series) === fig(naive);
    const [p50, p95, p99, max] = [percentile(times, 50), percentile(times, 95), percentile(times, 99), Math.max(...times)];
    const naiveMs = median(naiveTimes);
    if (!slowest || p95 > slowest.p95) slowest = { d, p95 };
    console.log(
      `  ${d.padEnd(9)} ${`${ms(p50)} ms`.padStart(9)} ${`${ms(p95)} ms`.padStart(8)} ${`${ms(p99)} ms`.padStart(8)} ${`${ms(max)} ms`.padStart(8)} │ ${`${ms(median(sqlTimes))} ms`.padStart(10)} │ ${`${ms(naiveMs)} ms`.padStart(14)} ${`${(naiveMs / p50).toFixed(0)}×`.padStart(9)} │ ${String(body!.data.series.length).padStart(4)}  ${same ? 'API = raw GROUP BY ✓' : 'API ≠ raw GROUP BY ✗'}${failed ? `  (${failed} failed)` : ''}`,
    );
    summary.push({
      label: `stats p95 ${d} (${RANGE_DAYS} d, ${si(LOGS)} logs)`,
      value: `${ms(p95)} ms`,
      target: `≤ ${TARGET.statsP95Ms} ms @ ${si(TARGET.statsAtLogs)}`,
      ratio: p95 / TARGET.statsP95Ms,
      ok: p95 <= TARGET.statsP95Ms && failed === 0 && same,
      note: `p50 ${ms(p50)} ms; naive GROUP BY ${ms(naiveMs)} ms (median of ${NAIVE_RUNS})${same ? '' : '; FIGURES DIFFER'}`,
    });
  }
  const daily = (await client.query(`SELECT count(*)::int AS n FROM xl_generation_daily WHERE day BETWEEN $1::date AND $2::date`, [rangeStart, rangeEnd])).rows[0].n;
  console.log(`  (the rollup holds ${n(daily)} rows in the range; "rollup SQL" is the service's query from this process via pg, median of 20)`);
  if (slowest && slowest.p95 > TARGET.statsP95Ms) {
    console.log(`  p95 over target: the plan of the rollup query for dimension=${slowest.d}:`);
    const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${rollupSql(slowest.d).replace('$1', `'${rangeStart}'`).replace('$2', `'${rangeEnd}'`)}`);
    for (const row of plan.rows) console.log(`    ${row['QUERY PLAN']}`);
  }
}

// ───────────────────────────── ingest ─────────────────────────────

async function ingestRate(statsUrl: string, token: string) {
  section(`ingest: ${n(INGEST)} logs as POST /api/logs batches of ${n(BATCH)}, ${CLIENTS} concurrent clients`);
  const random = seededRandom(4242);
  const window = Math.max(60_000, Date.now() - seedEnd);
  const makeBatch = (from: number, size: number) =>
    JSON.stringify(
      Array.from({ length: size }, (_, k) => {
        const i = from + k;
        const userId = 1 + Math.floor(USERS * random() ** 1.5);
        const r = random();
        const status = r < 0.03 ? 'running' : r < 0.15 ? 'failed' : 'success';
        return {
          id: `bench-${runId}-${i}`,
          projectId: 1 + ((userId * 7 + Math.floor(random() * PROJECTS_PER_USER)) % PROJECTS),
          userId,
          status,
          timestamp: new Date(seedEnd + Math.floor(random() * window)).toISOString(),
          ...(status === 'running' ? {} : { durationMs: 500 + Math.floor(random() * 60_000) }),
        };
      }),
    );
  const post = async (body: string) => {
    const res = await fetch(`${statsUrl}/api/logs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    const json = (await res.json()) as { data?: { inserted: number; duplicates: number }; msg?: string };
    return { status: res.status, json };
  };
  // Warm-up: one small batch (its logs are checked with the rest, not timed).
  const warm = await post(makeBatch(-1000, 1000));
  if (warm.status !== 201) throw new Error(`POST /api/logs warm-up: ${warm.status} ${JSON.stringify(warm.json)}`);
  // Bodies are built before the clock starts: the figure is the service's, not JSON.stringify's here.
  const bodies: string[] = [];
  for (let from = 0; from < INGEST; from += BATCH) bodies.push(makeBatch(from, Math.min(BATCH, INGEST - from)));
  console.log(`  ${bodies.length} batches, ${(bodies[0].length / 1024).toFixed(0)} KiB each`);
  let next = 0;
  let inserted = 0;
  let duplicates = 0;
  const failures: string[] = [];
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let b = next++; b < bodies.length; b = next++) {
        const t = performance.now();
        const { status, json } = await post(bodies[b]);
        latencies.push(performance.now() - t);
        if (status === 201 && json.data) {
          inserted += json.data.inserted;
          duplicates += json.data.duplicates;
        } else failures.push(`${status} ${json.msg ?? ''}`);
      }
    }),
  );
  const sec = (performance.now() - started) / 1000;
  const rate = inserted / sec;
  console.log(`  ${n(inserted)} inserted, ${duplicates} duplicates, ${failures.length} failed batches in ${sec.toFixed(2)} s → ${n(Math.round(rate))} logs/s`);
  console.log(`  per batch: p50 ${ms(percentile(latencies, 50))} ms, p95 ${ms(percentile(latencies, 95))} ms, max ${ms(Math.max(...latencies))} ms`);
  if (failures.length) console.log(`  failures: ${[...new Set(failures)].slice(0, 5).join(' | ')}`);
  summary.push({
    label: `ingest ${si(INGEST)} logs (batches of ${si(BATCH)} ×${CLIENTS})`,
    value: `${n(Math.round(rate))} logs/s`,
    target: `≥ ${n(TARGET.ingestPerSec)} logs/s`,
    ratio: rate / TARGET.ingestPerSec,
    ok: rate >= TARGET.ingestPerSec && failures.length === 0 && inserted === INGEST,
    note: `batch p50 ${ms(percentile(latencies, 50))} ms, p95 ${ms(percentile(latencies, 95))} ms${failures.length ? `; ${failures.length} batches failed` : ''}`,
  });
}

async function checkRollup(client: pg.Client) {
  const t = performance.now();
  const { rows } = await client.query<{ missing: number; extra: number; logs: string }>(
    `WITH raw AS (
       SELECT ("timestamp" AT TIME ZONE 'UTC')::date AS day, project_id, user_id, count(*)::int AS total,
              count(*) FILTER (WHERE status = 'success')::int AS success, count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM xl_generation_logs GROUP BY 1, 2, 3),
     rolled AS (SELECT day, project_id, user_id, total, success, failed FROM xl_generation_daily WHERE total > 0 OR success > 0 OR failed > 0)
     SELECT (SELECT count(*) FROM (SELECT * FROM raw EXCEPT SELECT * FROM rolled) a)::int AS missing,
            (SELECT count(*) FROM (SELECT * FROM rolled EXCEPT SELECT * FROM raw) b)::int AS extra,
            (SELECT sum(total) FROM raw)::text AS logs`,
  );
  const { missing, extra, logs } = rows[0];
  const ok = missing === 0 && extra === 0;
  console.log(`  rollup = GROUP BY of all ${n(Number(logs))} raw logs: ${ok ? 'OK' : `MISMATCH (${missing} groups differ or missing, ${extra} extra)`} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  summary.push({ label: 'rollup = GROUP BY of raw logs', value: ok ? 'OK' : 'MISMATCH', ok, note: `${n(Number(logs))} logs` });
}

// ───────────────────────────── export ─────────────────────────────

async function exportFigures(client: pg.Client, statsUrl: string, token: string, workerEnv: Record<string, string>) {
  // Exactly EXPORT_ROWS seeded logs: all of them, or the newest EXPORT_ROWS (a time range) when there are more.
  const end = new Date(seedEnd - 1).toISOString();
  let start = new Date(seedStart).toISOString();
  if (LOGS > EXPORT_ROWS) {
    const { rows } = await client.query<{ ts: Date }>(`SELECT "timestamp" AS ts FROM xl_generation_logs WHERE "timestamp" < $1 ORDER BY "timestamp" DESC OFFSET $2 LIMIT 1`, [
      new Date(seedEnd).toISOString(),
      EXPORT_ROWS - 1,
    ]);
    start = rows[0].ts.toISOString();
  }
  section(`export: GET /api/export?start=${start}&end=${end} → 202 → poll → download; worker in its own process`);
  const worker = run('services/stats/src/worker.ts', { ...workerEnv, LOG_LEVEL: 'info', ...(WORKER_NODE_OPTIONS ? { NODE_OPTIONS: WORKER_NODE_OPTIONS } : {}) }, 'pipe');
  let out = '';
  worker.stdout!.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: string) => {
      out += chunk;
      if (out.includes('export worker started')) {
        worker.stdout!.off('data', onData);
        worker.stdout!.resume();
        resolve();
      }
    };
    worker.stdout!.on('data', onData);
    worker.once('exit', (code) => reject(new Error(`export worker exited (${code}) before it started`)));
  });
  await new Promise((r) => setTimeout(r, 1000)); // let it settle (BullMQ connections, first poll)
  const idle = memoryOf(worker.pid!)!;
  if (WORKER_NODE_OPTIONS) console.log(`  worker NODE_OPTIONS=${WORKER_NODE_OPTIONS}`);
  console.log(`  worker pid ${worker.pid}: idle RSS ${idle.rss.toFixed(0)} MB (peak so far ${idle.hwm.toFixed(0)} MB)`);

  const headers = { authorization: `Bearer ${token}` };
  let maxRss = idle.rss;
  const sampler = setInterval(() => {
    const m = memoryOf(worker.pid!);
    if (m) maxRss = Math.max(maxRss, m.rss);
  }, 100);
  const started = performance.now();
  const res = await fetch(`${statsUrl}/api/export?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`, { headers });
  if (res.status !== 202) throw new Error(`GET /api/export: ${res.status} ${(await res.text()).slice(0, 300)}`);
  const { taskId } = ((await res.json()) as { data: { taskId: string } }).data;
  type Task = { status: string; progress: number; result: { rows: number; bytes: number } | null; error: string | null };
  let task: Task;
  let shown = -10;
  for (;;) {
    task = ((await (await fetch(`${statsUrl}/api/tasks/${taskId}`, { headers })).json()) as { data: Task }).data;
    if (task.status === 'completed' || task.status === 'failed') break;
    if (task.progress >= shown + 25) {
      shown = task.progress;
      console.log(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${task.status} ${task.progress} %  RSS ${memoryOf(worker.pid!)?.rss.toFixed(0)} MB`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const exportSec = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const peak = memoryOf(worker.pid!)!;
  if (task.status !== 'completed' || !task.result) throw new Error(`export task ${taskId} ${task.status}: ${task.error}`);
  const server = (await client.query<{ sec: number }>(`SELECT extract(epoch FROM finished_at - started_at)::float8 AS sec FROM xl_tasks WHERE id = $1`, [taskId])).rows[0].sec;
  const dl = performance.now();
  const file = await fetch(`${statsUrl}/api/tasks/${taskId}/download`, { headers });
  if (file.status !== 200 || !file.body) throw new Error(`download: ${file.status}`);
  let bytes = 0;
  for await (const chunk of file.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  const downloadSec = (performance.now() - dl) / 1000;
  const rows = task.result.rows;
  console.log(`  ${n(rows)} rows, ${(task.result.bytes / 2 ** 20).toFixed(1)} MiB: request → completed ${exportSec.toFixed(2)} s (worker's own started → finished ${server.toFixed(2)} s); download ${downloadSec.toFixed(2)} s (${(bytes / 2 ** 20).toFixed(1)} MiB)`);
  console.log(`  worker RSS: idle ${idle.rss.toFixed(0)} MB, max sampled ${maxRss.toFixed(0)} MB, peak (VmHWM) ${peak.hwm.toFixed(0)} MB`);

  const offSize = Math.abs(rows - TARGET.exportRows) > TARGET.exportRows * 0.05; // the targets are for 1 M rows
  summary.push({
    label: `export ${n(rows)} rows (request → done)`,
    value: `${exportSec.toFixed(2)} s`,
    target: `≤ ${TARGET.exportSec} s @ ${si(TARGET.exportRows)} rows`,
    ratio: exportSec / TARGET.exportSec,
    ok: exportSec <= TARGET.exportSec,
    note: `${n(Math.round(rows / exportSec))} rows/s; + download ${downloadSec.toFixed(2)} s, ${(bytes / 2 ** 20).toFixed(1)} MiB${offSize ? `; NOT ${si(TARGET.exportRows)} rows` : ''}`,
  });
  summary.push({
    label: 'export worker peak RSS (VmHWM)',
    value: `${peak.hwm.toFixed(0)} MB`,
    target: `≤ ${TARGET.exportRssMb} MB`,
    ratio: peak.hwm / TARGET.exportRssMb,
    ok: peak.hwm <= TARGET.exportRssMb,
    note: `idle ${idle.rss.toFixed(0)} MB`,
  });
  if (!SKIP_RAW) await rawExceljs(rows, exportSec);
}

async function rawExceljs(rows: number, exportSec: number) {
  const out = join(exportDir, 'raw-exceljs.xlsx');
  const child = run('bench/stats/raw-exceljs.ts', { ROWS: String(rows), OUT: out }, 'pipe');
  let text = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => (text += chunk));
  let peak = 0;
  const sampler = setInterval(() => {
    const m = memoryOf(child.pid!);
    if (m) peak = Math.max(peak, m.hwm);
  }, 100);
  const [code] = await once(child, 'exit');
  clearInterval(sampler);
  if (code !== 0) throw new Error(`raw exceljs exited ${code}`);
  const result = JSON.parse(text.trim().split('\n').at(-1)!) as { rows: number; ms: number; bytes: number; maxRssMb: number };
  const sec = result.ms / 1000;
  peak = Math.max(peak, result.maxRssMb);
  console.log(`  raw exceljs WorkbookWriter, same columns, no DB: ${n(result.rows)} rows in ${sec.toFixed(2)} s (${n(Math.round(result.rows / sec))} rows/s), ${(result.bytes / 2 ** 20).toFixed(1)} MiB, peak RSS ${peak.toFixed(0)} MB`);
  console.log(`  export / raw exceljs = ${(exportSec / sec).toFixed(2)}× the time`);
  summary.push({ label: `raw exceljs ${n(result.rows)} rows (no DB)`, value: `${sec.toFixed(2)} s`, note: `export/raw ${(exportSec / sec).toFixed(2)}×; peak RSS ${peak.toFixed(0)} MB` });
  rmSync(out, { force: true });
}

// ───────────────────────────── main ─────────────────────────────

let exitCode = 0;
try {
  const parts = [`${n(LOGS)} logs`, SKIP_STATS ? 'no stats' : `stats ${RANGE_DAYS} d`, SKIP_INGEST ? 'no ingest' : `ingest ${n(INGEST)}`, SKIP_EXPORT ? 'no export' : `export ${n(EXPORT_ROWS)} rows`];
  console.log(`bench/stats ${new Date().toISOString()}: ${parts.join(', ')}; database ${dbName}, Redis prefix ${keyPrefix}`);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await migrate(dbUrl, { log: () => {} });
  const prisma = createPrisma(dbUrl);
  await seed(prisma, { adminPassword: 'Bench-pass-123', log: () => {} });
  const adminUser = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
  await prisma.$disconnect();
  db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  await seedLogs(db);

  const [authPort, projectsPort, statsPort] = [await freePort(), await freePort(), await freePort()];
  const env: Record<string, string> = {
    ...testServiceEnv(dbUrl, 'bench-stats'),
    REDIS_KEY_PREFIX: keyPrefix,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    AUTH_URL: `http://127.0.0.1:${authPort}`,
    PROJECTS_URL: `http://127.0.0.1:${projectsPort}`,
    // The HTTP service only enqueues; exports run in the separate worker, and always answer 202.
    EXPORT_WORKER: 'off',
    EXPORT_WAIT_MS: '0',
    EXPORT_DIR: exportDir,
  };
  // auth answers the stats service's role look-ups (admin → *) and user names, projects the project names;
  // the token is signed with the test key pair, as auth would sign it.
  run('services/auth/src/server.ts', { ...env, PORT: String(authPort) });
  run('services/projects/src/server.ts', { ...env, PORT: String(projectsPort) });
  run('services/stats/src/server.ts', { ...env, PORT: String(statsPort) });
  const statsUrl = `http://127.0.0.1:${statsPort}`;
  await ready(`${env.AUTH_URL}/readyz`);
  await ready(`${env.PROJECTS_URL}/readyz`);
  await ready(`${statsUrl}/readyz`);
  const token = signTestToken({ sub: String(adminUser.id), role: 'admin' }, 4 * 3600);

  if (!SKIP_STATS) await statsLatency(db, statsUrl, token);
  if (!SKIP_INGEST) {
    await ingestRate(statsUrl, token);
    await checkRollup(db);
  }
  if (!SKIP_EXPORT) await exportFigures(db, statsUrl, token, env);

  section('summary');
  console.log(`  ${'figure'.padEnd(42)} ${'measured'.padStart(14)}   ${'target'.padEnd(20)} ${'ratio'.padStart(6)}`);
  for (const s of summary) {
    const mark = s.ok === undefined ? ' ' : s.ok ? '✓' : '✗';
    console.log(
      `  ${s.label.padEnd(42)} ${s.value.padStart(14)}   ${(s.target ?? '').padEnd(20)} ${s.ratio === undefined ? '      ' : `${s.ratio.toFixed(2)}×`.padStart(6)} ${mark}  ${s.note ?? ''}`,
    );
  }
  if (LOGS < TARGET.statsAtLogs && !SKIP_STATS) console.log(`  (the stats target is set at ${si(TARGET.statsAtLogs)} logs; this run has ${si(LOGS)}: --logs 10M for the real figure)`);
  console.log('  ratio = measured / target: ≤ 1 is within a ceiling (latency, time, RSS); ≥ 1 meets a floor (ingest)');
} catch (err) {
  console.error(`\nbench failed: ${(err as Error).stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
