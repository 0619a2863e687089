// Search latency, printed not asserted (issue 15 item 8: "p95 vector ≤ 10 ms, hybrid ≤ 25 ms"): a collection
// of N source rows (default 50 k, mixed English and Chinese) built through the vectors service's real routes
// and BullMQ job with the in-process PGlite store, then the service listening on a real port and queried over
// HTTP: one query at a time per type for p50/p95/p99, then CONCURRENCY at once for the rate. Also the keyword
// search with BM25 statistics counted per query (before the cache) against the cached statistics, on the store.
// Options (flag or env BENCH_<NAME>), see bench/search/README.md: --rows 50k, --queries 300, --concurrency 8.
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { benchScratch, option, percentile, pickers, section } from '../lib.js';
import { createPrisma } from '@app/db';
import { loadConfig } from '@app/service-kit';
import { createTestDatabase, seededRandom, signTestToken, testRedisUrl, testServiceEnv } from '@app/testing';
import { buildApp } from '../../services/vectors/src/app.js';
import { ConfigSchema } from '../../services/vectors/src/config.js';
import { tokenize } from '../../services/vectors/src/plugins/app/embedders/lexical.js';
import { bm25Stats, keywordTopK } from '../../services/vectors/src/plugins/app/search.js';
import { fakeAuth, MARIADB } from '../../services/vectors/test/vectors-harness.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(readFileSync(new URL('./README.md', import.meta.url), 'utf8'));
  process.exit(0);
}

const ROWS = option('rows', 50_000);
const QUERIES = option('queries', 300);
const CONCURRENCY = option('concurrency', 8);
const TOP_K = option('top-k', 10);
const SEED = option('seed', 8);
const TARGET_P95 = { vector: 10, keyword: undefined, hybrid: 25 } as Record<string, number | undefined>;
const TYPES = ['vector', 'keyword', 'hybrid'] as const;
const admin = `Bearer ${signTestToken({ sub: '1', role: 'admin' }, 4 * 3600)}`;

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;

// ───────────────────────────── source text ─────────────────────────────

const random = seededRandom(SEED);
const { pick, between } = pickers(random);
const ENGLISH = (
  'the a of and to in for with on is are by from this that new best high low fast product order customer delivery price quality ' +
  'service support battery screen camera design light steel cotton leather wireless portable kitchen garden outdoor office travel ' +
  'sport water coffee tea fresh organic natural classic modern size color black white blue red green large small pack set box ' +
  'bottle bag case cover charger cable adapter warranty return refund shipping stock discount review rating comfortable durable ' +
  'smart home phone laptop tablet watch headphones speaker keyboard mouse monitor printer router storage memory lens bicycle'
).split(' ');
const CHINESE = (
  '产品 质量 价格 优惠 发货 快递 客服 售后 退货 保修 正品 新款 经典 舒适 耐用 便携 智能 家居 厨房 户外 运动 旅行 办公 手机 电脑 ' +
  '耳机 音箱 键盘 鼠标 充电器 电池 屏幕 相机 水果 咖啡 茶叶 牛奶 面包 零食 毛巾 枕头 椅子 桌子 沙发 包邮 好评 推荐 满意 性价比'
).split(' ');
const SYLLABLES = ['ka', 'lo', 'mi', 'zen', 'tor', 'vi', 'rex', 'sa', 'nu', 'ber', 'qu', 'ix', 'dor', 'fa', 'lin', 'po', 'tek', 'ra'];
const RARE = Array.from({ length: 3000 }, () => Array.from({ length: between(2, 3) }, () => pick(SYLLABLES)).join(''));
const rare = () => RARE[Math.floor(RARE.length * random() ** 3)]!; // skewed: the first ones common, the tail rare
const english = () => Array.from({ length: between(6, 16) }, () => (random() < 0.15 ? rare() : pick(ENGLISH))).join(' ') + '.';
const chinese = () => Array.from({ length: between(5, 14) }, () => (random() < 0.08 ? rare() : pick(CHINESE))).join('') + '。';
function row(id: number): [number, string, string] {
  const sentence = random() < 0.2 ? chinese : english;
  return [id, Array.from({ length: between(2, 4) }, () => pick(ENGLISH)).join(' '), Array.from({ length: between(2, 5) }, sentence).join(' ')];
}
/** A query from a stored body: a few of its words, one sometimes replaced. */
function queryOf(body: string): string {
  const words = tokenize(body);
  const start = between(0, Math.max(0, words.length - 4));
  return words.slice(start, start + between(2, 4)).map((w) => (random() < 0.15 ? pick(ENGLISH) : w)).join(' ');
}

// ───────────────────────────── setup and teardown ─────────────────────────────

const { t, dataDir, useKeyPrefix, cleanup } = benchScratch('bench-search', testRedisUrl());
const table = `bench_search_${process.pid}`;

const sampleBodies: string[] = [];
async function seedSource() {
  section(`source: ${n(ROWS)} rows in MariaDB ${MARIADB.host}:${MARIADB.port}/${MARIADB.database}.${table}`);
  const conn = await mysql.createConnection({ host: MARIADB.host, port: MARIADB.port, user: MARIADB.username, password: MARIADB.password, database: MARIADB.database });
  t.teardown(async () => {
    await conn.query(`DROP TABLE IF EXISTS \`${table}\``);
    await conn.end();
  });
  await conn.query(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL, body TEXT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
  const started = performance.now();
  for (let from = 1; from <= ROWS; from += 5000) {
    const rows = Array.from({ length: Math.min(5000, ROWS - from + 1) }, (_, i) => row(from + i));
    for (const r of rows) if (random() < 4000 / ROWS) sampleBodies.push(`${r[1]} ${r[2]}`);
    await conn.query(`INSERT INTO \`${table}\` (id, title, body) VALUES ?`, [rows]);
  }
  console.log(`  inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  console.log(`bench:search — ${n(ROWS)} rows, lexical-hash-384, cosine, HNSW m=16 ef_construction=64, top ${TOP_K}, ${QUERIES} queries a type, ${new Date().toISOString()}`);
  await seedSource();

  section('build: POST /api/vectors/create → BullMQ build in this process → ready (PGlite on disk)');
  const url = await createTestDatabase(t);
  const db = createPrisma(url);
  t.teardown(() => db.$disconnect());
  const env = testServiceEnv(url, 'bench-search');
  useKeyPrefix(env.REDIS_KEY_PREFIX!);
  const config = loadConfig(ConfigSchema, { ...env, AUTH_URL: await fakeAuth(t as never), SECRETS_KEY: 's'.repeat(40), VECTOR_DATA_DIR: dataDir });
  const app = await buildApp(config, { logger: { level: 'warn' } });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const call = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: admin, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = (await res.json()) as { code: number; data: any; msg?: string };
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${json.msg}`);
    return json.data;
  };
  const connection = await call('POST', '/api/vectors/connections', { name: 'bench-maria', ...MARIADB });
  const started = performance.now();
  const created = await call('POST', '/api/vectors/create', {
    title: `bench search ${process.pid}`, dbId: connection.id, tableIds: [table], fieldKeys: [`${table}.title`, `${table}.body`], advancedConfig: { template: '{{title}}\n{{body}}' },
  });
  for (;;) {
    const task = await db.task.findUniqueOrThrow({ where: { id: created.taskId } });
    if (task.status === 'completed') break;
    if (!['waiting', 'active'].includes(task.status)) throw new Error(`the build ended ${task.status}: ${task.error}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const vectorId: number = created.id;
  const collection = await call('GET', `/api/vectors/${vectorId}`);
  console.log(`  ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${n(collection.docCount)} vectors, ef_search ${collection.efSearch}`);

  const queries = Array.from({ length: QUERIES }, () => queryOf(pick(sampleBodies)));
  const search = (query: string, type: string) => call('POST', '/api/search/vector', { vectorId, query, type, topK: TOP_K }) as Promise<{ results: unknown[]; tookMs: number }>;

  section(`latency: ${QUERIES} queries a type, one at a time, over HTTP (client round trip; the service's own tookMs)`);
  for (const type of TYPES) for (const q of queries.slice(0, 20)) await search(q, type); // warm-up: first statements, caches
  const figures: Record<string, { p50: number; p95: number; p99: number; took95: number; empty: number }> = {};
  for (const type of TYPES) {
    const rtt: number[] = [];
    const took: number[] = [];
    let empty = 0;
    for (const q of queries) {
      const s = performance.now();
      const answer = await search(q, type);
      rtt.push(performance.now() - s);
      took.push(answer.tookMs);
      if (answer.results.length === 0) empty++;
    }
    figures[type] = { p50: percentile(rtt, 50), p95: percentile(rtt, 95), p99: percentile(rtt, 99), took95: percentile(took, 95), empty };
    console.log(`  ${type.padEnd(8)} p50 ${ms(percentile(rtt, 50)).padStart(9)}  p95 ${ms(percentile(rtt, 95)).padStart(9)}  p99 ${ms(percentile(rtt, 99)).padStart(9)}   service tookMs p50 ${ms(percentile(took, 50))} p95 ${ms(percentile(took, 95))}   (${empty} of ${QUERIES} answered nothing)`);
  }

  section(`rate: ${CONCURRENCY} clients at once, ${QUERIES} queries a type`);
  for (const type of TYPES) {
    let next = 0;
    const s = performance.now();
    const lat: number[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < queries.length) {
          const q = queries[next++]!;
          const one = performance.now();
          await search(q, type);
          lat.push(performance.now() - one);
        }
      }),
    );
    const secs = (performance.now() - s) / 1000;
    console.log(`  ${type.padEnd(8)} ${n(queries.length / secs).padStart(6)} req/s   p50 ${ms(percentile(lat, 50))}  p95 ${ms(percentile(lat, 95))}  (one process: PGlite answers one statement at a time)`);
  }

  section('keyword search on the store: statistics counted inside each query, cached, cached + MaxScore (what the service runs)');
  const store = app.vectorStore;
  const id = String(vectorId);
  const record = await db.vector.findUniqueOrThrow({ where: { id: vectorId } });
  const counting: number[] = [];
  const cached: number[] = [];
  const pruned: number[] = [];
  for (const q of queries) {
    const words = tokenize(q);
    let s = performance.now();
    const a = await store.keywordSearch(id, words, TOP_K);
    counting.push(performance.now() - s);
    s = performance.now();
    const b = await store.keywordSearch(id, words, TOP_K, undefined, await bm25Stats(store, record, words));
    cached.push(performance.now() - s);
    s = performance.now();
    const c = await keywordTopK(store, record, words, TOP_K);
    pruned.push(performance.now() - s);
    if (c.length !== b.length || c.some((h, k) => h.key !== b[k]!.key)) throw new Error(`"${q}": MaxScore answered differently`);
    const same = a.length === b.length && a.every((h, k) => h.key === b[k]!.key && Math.abs(h.score - b[k]!.score) < 1e-9);
    if (!same) throw new Error(`"${q}": cached statistics answered differently`);
  }
  console.log(`  counted in query   p50 ${ms(percentile(counting, 50))}  p95 ${ms(percentile(counting, 95))}`);
  console.log(`  cached             p50 ${ms(percentile(cached, 50))}  p95 ${ms(percentile(cached, 95))}`);
  console.log(`  cached + MaxScore  p50 ${ms(percentile(pruned, 50))}  p95 ${ms(percentile(pruned, 95))}   (same rows and scores for all ${QUERIES} queries)`);

  section('summary');
  console.log(`  ${'figure'.padEnd(34)} ${'measured'.padStart(10)}   ${'target'.padEnd(10)} ratio`);
  for (const type of TYPES) {
    const target = TARGET_P95[type];
    const p95 = figures[type]!.p95;
    const mark = target === undefined ? '' : p95 <= target ? '✓' : '✗';
    console.log(`  ${`p95 ${type}, HTTP round trip`.padEnd(34)} ${ms(p95).padStart(10)}   ${(target ? `≤ ${target} ms` : '').padEnd(10)} ${target ? `${(p95 / target).toFixed(2)}×` : ''} ${mark}`);
  }
  console.log('  ratio = measured / target: ≤ 1 meets it');
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  console.error(`\nbench failed: ${(err as Error).stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
