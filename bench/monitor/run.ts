// The server monitor's costs, printed not asserted:
//  1. the sampler at rest: this process samples its machine every --interval ms (2000) for --rest-seconds (30),
//     as the monitor and each agent do; CPU from process.cpuUsage() as % of one core (plus what the processes it
//     spawned used: df every MONITOR_DISK_INTERVAL_MS, nvidia-smi when present), next to the naive way
//     (systeminformation's currentLoad + networkStats + fsSize every tick) for as long;
//  2. the monitor service itself at rest (its process, from /proc/<pid>/stat) over the same time;
//  3. GET /api/server/stats through the gateway from --pollers (100) concurrent connections for --seconds (10),
//     (a) each polling once per interval as the console does, (b) without pause (saturation): p50/p95/p99 of every
//     response's latency, requests per second.
// Options: --interval --rest-seconds --pollers --seconds (or BENCH_<NAME>); DATABASE_URL, REDIS_URL.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import si from 'systeminformation';
import { childProcesses, option, percentile, ready, removeRedisKeys, section } from '../lib.js';
import { createPrisma } from '@app/db';
import { migrate } from '@app/db/migrate';
import { seed } from '@app/db/seed';
import { adminDatabaseUrl, databaseUrlFor, freePort, signTestToken, testRedisUrl, testServiceEnv } from '@app/testing';
import { createProbe } from '../../services/monitor/src/plugins/app/samples-probe.js';
import { startSampler } from '../../services/monitor/src/plugins/app/samples.js';

const INTERVAL_MS = option('interval', 2000);
const REST_SECONDS = option('rest-seconds', 30);
const POLLERS = option('pollers', 100);
const SECONDS = option('seconds', 10);
const TARGET = { restPctOfCore: 1 };
const CLK_TCK = 100; // Linux USER_HZ

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quietLog = { warn() {}, debug() {}, info() {}, error() {} } as never;

/** CPU seconds of a process (user + system) and of its reaped children, from /proc/<pid>/stat. */
function cpuOf(pid: number | 'self'): { own: number; children: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // fields 14–17 (utime stime cutime cstime) are at 11–14 once pid and comm are cut off
  return { own: (f[11] + f[12]) / CLK_TCK, children: (f[13] + f[14]) / CLK_TCK };
}

async function restCost(label: string, run: () => { stop(): Promise<void> }) {
  const cpu0 = process.cpuUsage();
  const kids0 = cpuOf('self').children;
  const t0 = performance.now();
  const handle = run();
  await sleep(REST_SECONDS * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  await handle.stop();
  const used = process.cpuUsage(cpu0);
  const own = (used.user + used.system) / 1e6;
  const kids = cpuOf('self').children - kids0;
  console.log(`${label.padEnd(44)} ${((own / elapsed) * 100).toFixed(2).padStart(6)} % of a core   + spawned processes ${((kids / elapsed) * 100).toFixed(2).padStart(6)} %`);
  return (own / elapsed) * 100;
}

section(`1. sampling this machine every ${INTERVAL_MS} ms for ${REST_SECONDS} s, in this process`);
await sleep(1000); // let this process's own start-up settle
const ours = await restCost('the sampler (monitor / agent)', () => {
  let samples = 0;
  let sampleMs = 0;
  const probe = createProbe({ diskIntervalMs: 30_000 });
  const timed = { sample: async () => { const t = performance.now(); const s = await probe.sample(); sampleMs += performance.now() - t; samples++; return s; }, close: () => probe.close() };
  const sampler = startSampler(timed, { intervalMs: INTERVAL_MS, historyMs: 900_000, log: quietLog });
  return { stop: async () => { await sampler.stop(); console.log(`  ${samples} samples, ${(sampleMs / samples).toFixed(1)} ms each on average (wall time, mostly waiting on reads)`); } };
});
await restCost('naive: currentLoad + networkStats + fsSize', () => {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t = Date.now();
      await Promise.all([si.currentLoad(), si.networkStats('*'), si.fsSize(), si.mem()]);
      await sleep(Math.max(0, INTERVAL_MS - (Date.now() - t)));
    }
  })();
  return { stop: async () => { stopped = true; await loop; } };
});

const db = `bench_monitor_${process.pid}`;
const prefix = `bench:monitor:${process.pid}:`;
const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
await admin.connect();
await admin.query(`CREATE DATABASE "${db}"`);
const dbUrl = databaseUrlFor(db);
const { run, stopAll } = childProcesses();
try {
  await migrate(dbUrl, { log: () => {} });
  const prisma = createPrisma(dbUrl);
  await seed(prisma, { adminPassword: 'Bench-pass-123', log: () => {} });
  await prisma.$disconnect();

  const [authPort, monitorPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    ...testServiceEnv(dbUrl, 'bench-monitor'),
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    AUTH_URL: `http://127.0.0.1:${authPort}`,
    MONITOR_URL: `http://127.0.0.1:${monitorPort}`,
    MONITOR_INTERVAL_MS: String(INTERVAL_MS),
  };
  run('services/auth/src/server.ts', { ...env, PORT: String(authPort) });
  const monitor = run('services/monitor/src/server.ts', { ...env, PORT: String(monitorPort) });
  run('services/gateway/src/server.ts', { ...env, PORT: String(gatewayPort), COMFY_ORIGIN_PORT: '0', INTERNAL_PORT: '0' });
  const token = signTestToken({ sub: '1', role: 'admin' }, 3600);
  const headers = { authorization: `Bearer ${token}` };
  const url = `http://127.0.0.1:${gatewayPort}/api/server/stats`;
  await ready(url, headers);

  section(`2. the monitor service at rest (nobody asking), ${REST_SECONDS} s`);
  await sleep(3000);
  const m0 = cpuOf(monitor.pid!);
  const t0 = performance.now();
  await sleep(REST_SECONDS * 1000);
  const m1 = cpuOf(monitor.pid!);
  const elapsed = (performance.now() - t0) / 1000;
  const serviceRest = ((m1.own - m0.own) / elapsed) * 100;
  console.log(`${'monitor process'.padEnd(44)} ${serviceRest.toFixed(2).padStart(6)} % of a core   + spawned processes ${(((m1.children - m0.children) / elapsed) * 100).toFixed(2).padStart(6)} %`);

  /** Every response's latency (autocannon's own percentiles have no p95). */
  const poll = (opts: Partial<autocannon.Options>) =>
    new Promise<{ result: autocannon.Result; latencies: number[] }>((resolve, reject) => {
      const latencies: number[] = [];
      const instance = autocannon({ url, connections: POLLERS, duration: SECONDS, headers, ...opts }, (err, result) => (err ? reject(err) : resolve({ result, latencies })));
      instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
    });
  const report = ({ result: r, latencies }: { result: autocannon.Result; latencies: number[] }) => {
    const bad = r.non2xx + r.errors + r.timeouts;
    console.log(
      `${r.requests.average.toFixed(0).padStart(5)} req/s   p50 ${percentile(latencies, 50).toFixed(1)} ms   p95 ${percentile(latencies, 95).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms   (${latencies.length} responses${bad ? `, ${bad} failed` : ''}, ${(r.throughput.average / Math.max(1, r.requests.average) / 1024).toFixed(1)} KiB each)`,
    );
    return percentile(latencies, 95);
  };
  await autocannon({ url, connections: POLLERS, duration: 2, headers }); // warm-up: JIT, keep-alive pools, token cache
  const rate = Math.round((POLLERS * 1000) / INTERVAL_MS);
  section(`3a. GET /api/server/stats through the gateway: ${POLLERS} pollers, each once per ${INTERVAL_MS} ms (${rate} req/s), ${SECONDS} s`);
  const p95Polling = report(await poll({ overallRate: rate }));
  section(`3b. the same ${POLLERS} connections without pause (saturation), ${SECONDS} s`);
  const p95 = report(await poll({}));

  section('summary');
  console.log(`sampler at rest: ${ours.toFixed(2)} % of a core (target ≤ ${TARGET.restPctOfCore} %); monitor service at rest: ${serviceRest.toFixed(2)} %`);
  console.log(`p95 GET /api/server/stats through the gateway, ${POLLERS} pollers: ${p95Polling.toFixed(1)} ms polling every ${INTERVAL_MS} ms, ${p95.toFixed(1)} ms without pause`);
  console.log(`machine: ${(await si.cpu()).brand}, ${(await si.cpu()).cores} logical cores, load ${(await si.currentLoad()).avgLoad}`);
} finally {
  await stopAll();
  await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await admin.end();
  await removeRedisKeys(testRedisUrl(), prefix, 'bench-monitor-cleanup');
}
