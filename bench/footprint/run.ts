// Per HTTP service, what a process costs started from the TypeScript sources through tsx (`node --import tsx
// services/<s>/src/server.ts`) and from the build (`node --enable-source-maps dist/<s>/server.mjs`, npm run
// build:services), side by side: time from exec to the first /readyz 200, and resident memory (VmRSS) after
// --idle-seconds (5) at rest once ready. Printed, not asserted. Each process is started alone (plus one built auth
// that the others ask for roles and IP rules); the two ways alternate which goes first from one run to the next;
// with --runs (1) above 1 the median of the runs is printed. The vectors service (in-process PGlite + pgvector on
// a worker thread, data dir warmed up once before) is printed on its own line: it is the exception to the target.
// Targets (issue 17): ≤ 120 MB idle RSS per HTTP service, ≤ 1.5 s exec → ready.
// The build goes to a folder of its own under dist/ (removed at the end), from the sources as they are now.
// Options: --idle-seconds --runs (or BENCH_<NAME>); DATABASE_URL, REDIS_URL. Load average printed with the figures.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildServices } from '../../scripts/build-services.mjs';
import { HTTP_SERVICES, builtArgs, launch, rssMB, serviceLaunchEnv, tsxArgs, type HttpService } from '../../scripts/test/built-services.js';
import { createSeededDatabase, testServiceEnv } from '@app/testing';
import { cleanUpOnInterrupt, option, percentile, removeRedisKeys } from '../lib.js';

const IDLE_SECONDS = option('idle-seconds', 5);
const RUNS = Math.max(1, option('runs', 1));
const TARGET = { rssMB: 120, readyS: 1.5 };
const root = resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

const cleanups: (() => unknown)[] = [];
const cleanup = async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
};
cleanUpOnInterrupt(cleanup);

console.log(`footprint: node ${process.version}, ${cpus().length} cores, load average ${load()} (1/5/15 min) at start`);
mkdirSync(join(root, 'dist'), { recursive: true });
const outdir = mkdtempSync(join(root, 'dist', '.bench-footprint-'));
cleanups.push(() => rmSync(outdir, { recursive: true, force: true }));
const buildStart = performance.now();
const manifest = await buildServices({ root, outdir });
console.log(`build: ${Object.keys(manifest.entries).length} entries in ${((performance.now() - buildStart) / 1000).toFixed(1)} s (esbuild) → ${outdir}`);

const databaseUrl = await createSeededDatabase({ teardown: (fn) => cleanups.push(fn) }, 'Bench-pass-123');
const dataDir = mkdtempSync(join(tmpdir(), 'bench-footprint-'));
cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
const base: Record<string, string> = {
  ...testServiceEnv(databaseUrl, 'footprint'),
  LOG_LEVEL: 'info',
  SECRETS_KEY: 'k'.repeat(40),
  VECTOR_DATA_DIR: join(dataDir, 'vectors'),
  COMFY_DATA_DIR: join(dataDir, 'comfy'),
  EXPORT_DIR: join(dataDir, 'exports'),
  WEB_DIST: join(root, 'web/dist'),
};
cleanups.push(() => removeRedisKeys(base.REDIS_URL, base.REDIS_KEY_PREFIX, 'bench-footprint-cleanup'));

type Way = 'tsx' | 'built';
const argsOf = (way: Way, service: string) => (way === 'tsx' ? tsxArgs(service) : builtArgs(outdir, service));

async function measure(service: HttpService, way: Way, authUrl?: string) {
  const { env, readyUrl } = await serviceLaunchEnv(service, authUrl ? { ...base, AUTH_URL: authUrl } : base);
  const proc = await launch(argsOf(way, service), env, readyUrl, { cwd: root, timeoutMs: 120_000 });
  try {
    await sleep(IDLE_SECONDS * 1000);
    return { readyS: proc.readyMs / 1000, rssMB: rssMB(proc.pid) };
  } finally {
    await proc.stop();
  }
}

try {
  // The auth the others ask (the gateway's IP rules, roles): built, up for the whole run.
  const { env: authEnv, readyUrl: authReady, port: authPort } = await serviceLaunchEnv('auth', base);
  const upstream = await launch(builtArgs(outdir, 'auth'), authEnv, authReady, { cwd: root });
  cleanups.push(upstream.stop);
  const authUrl = `http://127.0.0.1:${authPort}`;
  // PGlite creates its data directory on the first start: once here, so both ways open an existing one.
  await measure('vectors', 'built', authUrl);

  const results = new Map<string, { readyS: number[]; rssMB: number[] }>();
  for (let run = 0; run < RUNS; run++) {
    for (const service of HTTP_SERVICES) {
      const ways: Way[] = run % 2 === 0 ? ['tsx', 'built'] : ['built', 'tsx'];
      for (const way of ways) {
        const m = await measure(service, way, authUrl);
        const key = `${service}/${way}`;
        const r = results.get(key) ?? { readyS: [], rssMB: [] };
        r.readyS.push(m.readyS);
        r.rssMB.push(m.rssMB);
        results.set(key, r);
        process.stderr.write(`  run ${run + 1}/${RUNS} ${key}: ready ${m.readyS.toFixed(2)} s, idle RSS ${m.rssMB.toFixed(0)} MB (load ${load()})\n`);
      }
    }
  }

  const med = (xs: number[]) => percentile(xs, 50);
  const row = (service: string) => {
    const t = results.get(`${service}/tsx`)!;
    const b = results.get(`${service}/built`)!;
    const ok = (rss: number, ready: number, rssTarget: boolean) => `${rssTarget && rss > TARGET.rssMB ? 'RSS over' : ''}${ready > TARGET.readyS ? `${rssTarget && rss > TARGET.rssMB ? ', ' : ''}ready over` : ''}` || 'ok';
    return [
      service.padEnd(20),
      `${med(t.rssMB).toFixed(0)}`.padStart(9),
      `${med(b.rssMB).toFixed(0)}`.padStart(11),
      `${med(t.readyS).toFixed(2)}`.padStart(11),
      `${med(b.readyS).toFixed(2)}`.padStart(13),
      `  ${ok(med(b.rssMB), med(b.readyS), service !== 'vectors')}`,
    ].join('');
  };
  const header = `${'service'.padEnd(20)}${'RSS tsx'.padStart(9)}${'RSS built'.padStart(11)}${'ready tsx'.padStart(11)}${'ready built'.padStart(13)}  built vs target`;
  console.log(`\nidle RSS (MB, ${IDLE_SECONDS} s after ready) and exec → /readyz 200 (s); ${RUNS === 1 ? 'one run' : `median of ${RUNS} runs`}`);
  console.log(`targets: ≤ ${TARGET.rssMB} MB idle RSS per HTTP service (vectors excepted), ≤ ${TARGET.readyS} s to ready`);
  console.log(header);
  console.log('─'.repeat(header.length + 4));
  for (const s of HTTP_SERVICES.filter((s) => s !== 'vectors')) console.log(row(s));
  console.log('─'.repeat(header.length + 4));
  console.log(`${row('vectors')}   (PGlite + pgvector in process: no RSS target)`);
  const sum = (way: Way) => HTTP_SERVICES.filter((s) => s !== 'vectors').reduce((a, s) => a + med(results.get(`${s}/${way}`)!.rssMB), 0);
  console.log(`\nsum of the six HTTP services' idle RSS: tsx ${sum('tsx').toFixed(0)} MB, built ${sum('built').toFixed(0)} MB`);
  console.log(`load average ${load()} (1/5/15 min) at the end, on ${cpus().length} cores: times on a loaded machine run long`);
} finally {
  await cleanup();
}
