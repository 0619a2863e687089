// Vectors build figures, printed not asserted: a collection of N source rows (default 100 k, mixed English and
// Chinese text) built through the vectors service's real routes and BullMQ job, in this process with the
// in-process PGlite store as the service runs by default; rows/s from the 202 to ready with the share of each
// step, the peak RSS of this (the building) process, the event loop's longest stall (the store runs on a thread
// of its own), and recall@10 of the HNSW index against exact search, optionally for other HNSW parameters too.
// Options (flag or env), see bench/vectors/README.md: --rows 100k (BENCH_ROWS), --queries 200, --page-size 500…
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import mysql from 'mysql2/promise';
import { benchScratch, option, percentile, pickers, section } from '../lib.js';
import { createPrisma } from '@app/db';
import { loadConfig } from '@app/service-kit';
import { createTestDatabase, seededRandom, signTestToken, testRedisUrl, testServiceEnv } from '@app/testing';
import { buildApp } from '../../services/vectors/src/app.js';
import { ConfigSchema } from '../../services/vectors/src/config.js';
import { ADVANCED_DEFAULTS } from '../../services/vectors/src/plugins/app/collection-plan.js';
import { createLexicalEmbedder } from '../../services/vectors/src/plugins/app/embedders/lexical.js';
import type { Embedder } from '../../services/vectors/src/plugins/app/embedders/embedder.js';
import { createVectorStore } from '../../services/vectors/src/plugins/app/vector-index.js';
import { openVectorSql } from '../../services/vectors/src/plugins/external/vector-store.js';
import { fakeAuth, MARIADB } from '../../services/vectors/test/vectors-harness.js';

// ───────────────────────────── options ─────────────────────────────

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(readFileSync(new URL('./README.md', import.meta.url), 'utf8'));
  process.exit(0);
}

const ROWS = option('rows', 100_000);
const QUERIES = option('queries', 200);
const PAGE_SIZE = option('page-size', ADVANCED_DEFAULTS.pageSize);
const INSERT_BATCH = option('insert-batch', 5000);
const SEED = option('seed', 14);
const DIMENSION = 384;
const HNSW = { m: option('m', 16), efConstruction: option('ef-construction', 64) };
/** Other HNSW parameters to rebuild the index with after the build, each timed and its recall measured: "m:ef,m:ef". */
const SWEEP = (() => {
  const i = argv.findIndex((a) => a === '--hnsw-sweep' || a.startsWith('--hnsw-sweep='));
  const raw = i >= 0 ? (argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1]) : process.env.BENCH_HNSW_SWEEP;
  return (raw ?? '').split(',').filter(Boolean).map((pair) => {
    const [m, ef] = pair.split(':').map(Number);
    if (!Number.isInteger(m) || !Number.isInteger(ef)) throw new Error(`--hnsw-sweep: not m:ef_construction pairs: ${raw}`);
    return { m: m!, efConstruction: ef! };
  });
})();
const TARGET = { rowsPerSec: 2000, recall: 0.95 };
// The tests' admin token lives 15 min; a build at this size can take longer.
const admin = `Bearer ${signTestToken({ sub: '1', role: 'admin' }, 4 * 3600)}`;

// ───────────────────────────── helpers ─────────────────────────────

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

/** VmRSS and VmHWM (peak resident set) of this process, in MB. */
function memory(): { rss: number; hwm: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}
/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so the peak read later is the build's alone. */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

// ───────────────────────────── source text ─────────────────────────────

const random = seededRandom(SEED);
const { pick, between } = pickers(random);

const ENGLISH = (
  'the a of and to in for with on is are was by from this that it as at be can will new our your more best high low fast ' +
  'product order customer delivery price quality service support battery screen camera design light steel cotton leather ' +
  'wireless portable kitchen garden outdoor office travel sport water coffee tea fresh organic natural classic modern ' +
  'size color black white blue red green large small medium pack set box bottle bag case cover charger cable adapter ' +
  'warranty return refund shipping stock available discount offer review rating comfortable durable lightweight compact ' +
  'easy clean install setup manual power energy efficient smart home phone laptop tablet watch headphones speaker keyboard ' +
  'mouse monitor printer router storage memory drive card lens tripod bicycle helmet jacket shoes shirt dress toy book ' +
  'recipe chocolate milk bread rice noodles sauce spicy sweet snack vitamin cream shampoo soap towel pillow blanket chair ' +
  'table lamp shelf desk sofa mattress curtain mirror clock plant seeds tool drill hammer screwdriver paint brush tape'
).split(' ');
const CHINESE = (
  '产品 质量 价格 优惠 发货 快递 客服 售后 退货 换货 保修 正品 新款 经典 时尚 舒适 耐用 轻便 便携 智能 家居 厨房 户外 运动 旅行 ' +
  '办公 学习 儿童 老人 男士 女士 手机 电脑 平板 耳机 音箱 键盘 鼠标 显示器 充电器 数据线 电池 屏幕 相机 镜头 水果 蔬菜 饮料 ' +
  '咖啡 茶叶 牛奶 面包 大米 零食 巧克力 护肤 洗发水 毛巾 枕头 被子 椅子 桌子 台灯 沙发 床垫 窗帘 北京大学 图书馆 上海 深圳 ' +
  '杭州 成都 包邮 好评 推荐 满意 性价比 高 非常 很 不错 一般 适合 使用 购买 收到 包装 完好 颜色 尺寸 大小 功能 效果 味道 新鲜'
).split(' ');
// A long tail of rarer words (brands, names, codes), drawn with Zipf-like odds so common words are common.
const SYLLABLES = ['ka', 'lo', 'mi', 'zen', 'tor', 'vi', 'rex', 'sa', 'nu', 'ber', 'qu', 'ix', 'dor', 'fa', 'lin', 'po', 'tek', 'ra'];
const RARE = Array.from({ length: 4000 }, () => Array.from({ length: between(2, 3) }, () => pick(SYLLABLES)).join(''));
const zipf = (() => {
  const weights = RARE.map((_, r) => 1 / (r + 1) ** 1.05);
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const cumulative = weights.map((w) => (acc += w / total));
  return () => {
    const x = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return RARE[lo]!;
  };
})();
const CATEGORIES = ['electronics', 'home', 'kitchen', 'outdoor', 'books', 'toys', '食品', '饮料', '服装', '美妆', '家具', '运动户外'];

function englishSentence(): string {
  const words = Array.from({ length: between(6, 16) }, () => (random() < 0.15 ? zipf() : random() < 0.05 ? `${pick(['XK', 'PT', 'M', 'V'])}-${between(10, 9999)}` : pick(ENGLISH)));
  const s = words.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}${pick(['.', '.', '.', '!', '?'])}`;
}
function chineseSentence(): string {
  return `${Array.from({ length: between(5, 14) }, () => (random() < 0.08 ? zipf() : pick(CHINESE))).join('')}${pick(['。', '。', '！', '，很满意。'])}`;
}
/** One row: a title, a body of a few sentences (about 1 in 5 rows Chinese, 1 in 10 mixed, 1 in 25 long), a category. */
function row(id: number): [number, string, string, string] {
  const kind = random();
  const sentence = kind < 0.2 ? chineseSentence : kind < 0.3 ? () => (random() < 0.5 ? chineseSentence() : englishSentence()) : englishSentence;
  const count = random() < 0.04 ? between(12, 30) : between(2, 6);
  const body = Array.from({ length: count }, sentence).join(' ');
  const title = kind < 0.2 ? Array.from({ length: between(2, 4) }, () => pick(CHINESE)).join('') : Array.from({ length: between(2, 5) }, () => (random() < 0.3 ? zipf() : pick(ENGLISH))).join(' ');
  return [id, title, body, pick(CATEGORIES)];
}

/** A query made from a stored text: a window of it, some words dropped or replaced, a stray one added. */
function perturb(text: string): string {
  const tokens = text.split(/\s+/).filter(Boolean);
  if (tokens.length >= 6) {
    const keep = Math.max(4, Math.floor(tokens.length * (0.5 + random() * 0.5)));
    const start = between(0, tokens.length - keep);
    const out = tokens.slice(start, start + keep).flatMap((t) => (random() < 0.15 ? [] : random() < 0.1 ? [pick(ENGLISH)] : [t]));
    out.push(random() < 0.5 ? zipf() : pick(CHINESE));
    return out.join(' ');
  }
  // Mostly Chinese (few spaces): drop some characters, add a phrase.
  const chars = [...text].filter(() => random() >= 0.12);
  chars.splice(between(0, chars.length), 0, ...pick(CHINESE));
  return chars.join('');
}

// ───────────────────────────── setup and teardown ─────────────────────────────

const { t, dataDir, useKeyPrefix, cleanup } = benchScratch('bench-vectors', testRedisUrl());
const table = `bench_vectors_${process.pid}`;

interface Figure {
  label: string;
  value: string;
  target?: string;
  ratio?: number;
  ok?: boolean;
  note?: string;
}
const summary: Figure[] = [];

// ───────────────────────────── 1. source table ─────────────────────────────

async function seedSource() {
  section(`source: ${n(ROWS)} rows in MariaDB ${MARIADB.host}:${MARIADB.port}/${MARIADB.database}.${table}`);
  const conn = await mysql.createConnection({ host: MARIADB.host, port: MARIADB.port, user: MARIADB.username, password: MARIADB.password, database: MARIADB.database });
  t.teardown(async () => {
    await conn.query(`DROP TABLE IF EXISTS \`${table}\``);
    await conn.end();
  });
  await conn.query(
    `CREATE TABLE \`${table}\` (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL, body TEXT NOT NULL, category VARCHAR(50) NOT NULL,
       created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  );
  const started = performance.now();
  let chars = 0;
  for (let from = 1; from <= ROWS; from += INSERT_BATCH) {
    const rows = Array.from({ length: Math.min(INSERT_BATCH, ROWS - from + 1) }, (_, i) => row(from + i));
    for (const r of rows) chars += r[1].length + r[2].length;
    await conn.query(`INSERT INTO \`${table}\` (id, title, body, category) VALUES ?`, [rows]);
  }
  await conn.query(`ANALYZE TABLE \`${table}\``);
  const ms = performance.now() - started;
  console.log(`  inserted in ${sec(ms)} (${n(ROWS / (ms / 1000))} rows/s, batches of ${n(INSERT_BATCH)}); ${n(chars / ROWS)} characters a row on average`);
  const [sample] = await conn.query<mysql.RowDataPacket[]>(`SELECT title, body, category FROM \`${table}\` WHERE id IN (1, 2, 3)`);
  for (const r of sample) console.log(`  e.g. [${r.category}] ${r.title} — ${String(r.body).slice(0, 100)}…`);
}

// ───────────────────────────── 2 + 3. the build ─────────────────────────────

interface Phases {
  embedMs: number;
  embedded: number;
  upsertMs: number;
  upserted: number;
  indexMs: number;
}

async function build(): Promise<{ vectorId: number; indexMs: number }> {
  section(`build: POST /api/vectors/create → BullMQ build in this process → ready (PGlite in ${dataDir})`);
  const url = await createTestDatabase(t);
  const db = createPrisma(url);
  t.teardown(() => db.$disconnect());
  const env = testServiceEnv(url, 'bench-vectors');
  useKeyPrefix(env.REDIS_KEY_PREFIX!);
  const config = loadConfig(ConfigSchema, {
    ...env, AUTH_URL: await fakeAuth(t as never), SECRETS_KEY: 's'.repeat(40), VECTOR_DATA_DIR: dataDir, EMBEDDING_DIMENSION: String(DIMENSION),
  });
  // Warnings and errors (a failed job attempt, a lost lock) go to stderr.
  const app = await buildApp(config, { logger: { level: 'warn' } });
  await app.ready();
  let closed = false;
  const close = async () => {
    if (!closed) await app.close();
    closed = true;
  };
  t.teardown(close);
  const api = async (method: 'GET' | 'POST', path: string, body?: object) => {
    const res = await app.inject({ method, url: path, headers: { authorization: admin }, ...(body ? { payload: body } : {}) });
    return { status: res.statusCode, body: res.json() };
  };

  // What the build spends, step by step: the job's deps are these very objects, so wrapping their methods
  // times the production code path without changing it. The rest (reading the source pages, rendering the
  // docs, checkpoints, the queue) is the remainder.
  const phases: Phases = { embedMs: 0, embedded: 0, upsertMs: 0, upserted: 0, indexMs: 0 };
  const store = app.vectorStore;
  const { upsert, buildIndex } = store;
  store.upsert = async (id, rows) => {
    const s = performance.now();
    try {
      return await upsert(id, rows);
    } finally {
      phases.upsertMs += performance.now() - s;
      phases.upserted += rows.length;
    }
  };
  store.buildIndex = async (id, opts) => {
    const s = performance.now();
    try {
      return await buildIndex(id, opts);
    } finally {
      phases.indexMs += performance.now() - s;
    }
  };
  const embedders = app.embedders;
  const get = embedders.get.bind(embedders);
  const timed = new WeakMap<Embedder, Embedder>();
  embedders.get = async (model) => {
    const inner = await get(model);
    if (!timed.has(inner)) {
      timed.set(inner, {
        model: inner.model,
        dimension: inner.dimension,
        async embed(texts) {
          const s = performance.now();
          try {
            return await inner.embed(texts);
          } finally {
            phases.embedMs += performance.now() - s;
            phases.embedded += texts.length;
          }
        },
      });
    }
    return timed.get(inner)!;
  };

  const connection = await api('POST', '/api/vectors/connections', { name: 'bench-maria', ...MARIADB });
  if (connection.status !== 201) throw new Error(`POST /api/vectors/connections → ${connection.status} ${JSON.stringify(connection.body)}`);
  const plan = {
    title: `bench ${process.pid}`,
    dbId: connection.body.data.id,
    tableIds: [table],
    fieldKeys: [`${table}.title`, `${table}.body`, `${table}.category`],
    advancedConfig: { pageSize: PAGE_SIZE, metric: 'cosine', hnsw: HNSW, embeddingModel: `lexical-hash-${DIMENSION}` },
  };

  // Memory: the peak RSS of this process over the build (VmHWM reset just before), and a 100 ms sample too.
  // The event loop's longest stall says how long the service (which builds in-process) could not answer.
  const idle = memory();
  const peakReset = resetPeak();
  let sampledMax = idle.rss;
  const sampler = setInterval(() => (sampledMax = Math.max(sampledMax, process.memoryUsage().rss / 2 ** 20)), 100);
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();

  const started = performance.now();
  const created = await api('POST', '/api/vectors/create', plan);
  if (created.status !== 202) throw new Error(`POST /api/vectors/create → ${created.status} ${JSON.stringify(created.body)}`);
  const { id: vectorId, taskId } = created.body.data as { id: number; taskId: string };
  let lastReport = started;
  let task;
  let seen = '';
  for (;;) {
    task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
    // A status change other than waiting → active (a retried attempt, say) is worth a line.
    const now = `${task.status}${task.error ? ` (${task.error})` : ''}`;
    if (now !== seen && seen !== '' && !(seen === 'waiting' && now === 'active')) console.log(`  ${sec(performance.now() - started).padStart(8)}  task: ${seen} → ${now}`);
    seen = now;
    if (!['waiting', 'active'].includes(task.status)) break;
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      const rows = (task.result as { checkpoint?: { rows: number } } | null)?.checkpoint?.rows ?? 0;
      console.log(`  ${sec(lastReport - started).padStart(8)}  ${task.status} ${task.progress} %  ${n(rows)} rows  RSS ${memory().rss.toFixed(0)} MB`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const ms = performance.now() - started;
  const got = await api('GET', `/api/vectors/${vectorId}`);
  const collection = (got.body.data ?? { status: `GET /api/vectors/${vectorId} → ${got.status} ${JSON.stringify(got.body)}` }) as { status: string; docCount: number };
  clearInterval(sampler);
  loop.disable();
  const peak = memory();
  if (task.status !== 'completed' || collection.status !== 'ready') {
    throw new Error(`the build ended ${task.status} (${JSON.stringify(task.result)}), the collection ${collection.status}: ${task.error ?? ''}`);
  }
  const result = task.result as { rows: number; docs: number };
  const rate = result.rows / (ms / 1000);
  console.log(`  202 → ready in ${sec(ms)}: ${n(result.rows)} rows, ${n(result.docs)} vectors (long rows are chunked) — ${n(rate)} rows/s, ${n(result.docs / (ms / 1000))} vectors/s`);
  if (task.error) console.log(`  (the task recorded an error on the way, e.g. a retried attempt: ${task.error})`);
  const other = ms - phases.embedMs - phases.upsertMs - phases.indexMs;
  console.log(`  where the time went (of ${sec(ms)}):`);
  console.log(`    embed (lexical, ${n(phases.embedded)} texts)          ${sec(phases.embedMs).padStart(9)}  ${pct(phases.embedMs, ms).padStart(7)}   ${n(phases.embedded / (phases.embedMs / 1000))} texts/s`);
  console.log(`    upsert into pgvector (${n(phases.upserted)} rows)      ${sec(phases.upsertMs).padStart(9)}  ${pct(phases.upsertMs, ms).padStart(7)}   ${n(phases.upserted / (phases.upsertMs / 1000))} rows/s`);
  console.log(`    HNSW index (m=${HNSW.m}, ef_construction=${HNSW.efConstruction})          ${sec(phases.indexMs).padStart(9)}  ${pct(phases.indexMs, ms).padStart(7)}`);
  console.log(`    the rest (source pages, docs, checkpoints, queue) ${sec(other).padStart(9)}  ${pct(other, ms).padStart(7)}`);
  const stallMs = loop.max / 1e6;
  console.log(`  event loop: longest stall ${sec(stallMs)}, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms (the service's thread; PGlite runs statements on a thread of its own)`);
  const peakMb = peakReset ? peak.hwm : Math.max(sampledMax, peak.hwm);
  console.log(`  RSS of this process: idle ${idle.rss.toFixed(0)} MB before the build, max sampled every 100 ms ${sampledMax.toFixed(0)} MB, peak (VmHWM${peakReset ? ', reset before the build' : ', since start'}) ${peak.hwm.toFixed(0)} MB`);

  summary.push(
    { label: 'build rate, 202 → ready', value: `${n(rate)} rows/s`, target: `≥ ${n(TARGET.rowsPerSec)} rows/s`, ratio: rate / TARGET.rowsPerSec, ok: rate >= TARGET.rowsPerSec, note: `${n(result.rows)} rows in ${sec(ms)}` },
    { label: 'peak RSS of the building process', value: `${peakMb.toFixed(0)} MB`, note: `idle ${idle.rss.toFixed(0)} MB; service + PGlite thread in one process` },
    { label: 'longest event-loop stall during the build', value: sec(stallMs) },
  );
  await close();
  return { vectorId, indexMs: phases.indexMs };
}

// ───────────────────────────── 4. recall ─────────────────────────────

async function recall(vectorId: number, indexMs: number) {
  section(`recall@10: ${QUERIES} perturbed row texts, HNSW (the store's search) vs exact (sequential scan), same PGlite`);
  // The service is closed: its PGlite data directory is opened here as the service opens it (a thread, one
  // connection: the SET statements below hold for the searches after them).
  const sql = await openVectorSql({ dataDir });
  t.teardown(() => sql.close());
  const store = createVectorStore(sql);
  const id = String(vectorId);
  const vt = `"vec_${id}"`;
  const embedder = createLexicalEmbedder({ dimension: DIMENSION });
  const count = await store.count(id);

  // Query texts: first chunks of random rows (keys are the row ids), perturbed.
  const keys = [...new Set(Array.from({ length: QUERIES * 2 }, () => String(between(1, ROWS))))].slice(0, QUERIES);
  const rows = await sql.query<{ content: string }>(`SELECT content FROM ${vt} WHERE key = ANY($1::text[])`, [keys]);
  const texts = rows.map((r) => perturb(r.content));
  const queries = (await embedder.embed(texts)).filter((q) => q.some((x) => x !== 0));
  const literal = (v: number[]) => `[${v.join(',')}]`;

  const efDefault = String(Object.values((await sql.query('SHOW hnsw.ef_search'))[0] ?? {})[0]);
  const planOf = async (indexScan: boolean) => {
    if (!indexScan) await sql.query('SET enable_indexscan = off');
    const plan = await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT key FROM ${vt} ORDER BY embedding <=> $1::vector LIMIT 10`, [literal(queries[0]!)]);
    if (!indexScan) await sql.query('RESET enable_indexscan');
    return plan.map((p) => p['QUERY PLAN']).find((l) => /Scan/.test(l))?.trim().replace(/\s+\(cost.*$/, '') ?? '?';
  };
  console.log(`  ${n(count)} vectors; plans: HNSW ${await planOf(true)} | exact ${await planOf(false)}`);

  // Exact: the same ORDER BY with index scans off, so the planner sorts every row by its true distance.
  await sql.query('SET enable_indexscan = off');
  const exact: { keys: Set<string>; first: string; d1: number; tenth: number }[] = [];
  const exactMs: number[] = [];
  for (const q of queries) {
    const s = performance.now();
    const hits = await sql.query<{ key: string; d: number }>(`SELECT key, embedding <=> $1::vector AS d FROM ${vt} ORDER BY embedding <=> $1::vector LIMIT 10`, [literal(q)]);
    exactMs.push(performance.now() - s);
    exact.push({ keys: new Set(hits.map((h) => h.key)), first: hits[0]?.key ?? '', d1: Number(hits[0]?.d ?? 0), tenth: Number(hits[hits.length - 1]?.d ?? 0) });
  }
  await sql.query('RESET enable_indexscan');

  /** Recall@10 of the store's search at an ef_search; a hit tied with the exact 10th (equal distance) counts as found. */
  async function measure(ef: number | null) {
    if (ef !== null) await sql.query(`SET hnsw.ef_search = ${ef}`);
    let found = 0;
    let strict = 0;
    let wanted = 0;
    let top1 = 0;
    const excess: number[] = [];
    const ms: number[] = [];
    for (const [i, q] of queries.entries()) {
      const s = performance.now();
      const hits = await store.search(id, q, 10);
      ms.push(performance.now() - s);
      const e = exact[i]!;
      wanted += e.keys.size;
      for (const h of hits) {
        if (e.keys.has(h.key)) strict++;
        if (e.keys.has(h.key) || 1 - h.score <= e.tenth + 1e-6) found++;
      }
      if (hits[0] && (hits[0].key === e.first || 1 - hits[0].score <= e.d1 + 1e-6)) top1++;
      // How far the HNSW 10th is beyond the exact 10th, relative to the exact spread d1…d10 (0: as good).
      const last = hits[hits.length - 1];
      if (last && e.tenth > e.d1) excess.push((1 - last.score - e.tenth) / (e.tenth - e.d1));
    }
    if (ef !== null) await sql.query('RESET hnsw.ef_search');
    return { recall: Math.min(found, wanted) / wanted, strict: strict / wanted, top1: top1 / queries.length, excess: percentile(excess, 50), p50: percentile(ms, 50) };
  }
  const base = await measure(null);
  const spread = exact.map((e) => e.tenth - e.d1);
  console.log(`  exact: p50 ${percentile(exactMs, 50).toFixed(0)} ms a query; cosine distance of the 1st ${percentile(exact.map((e) => e.d1), 50).toFixed(3)}, of the 10th ${percentile(exact.map((e) => e.tenth), 50).toFixed(3)} (medians; 10th − 1st: ${percentile(spread, 50).toFixed(3)})`);
  const line = (r: Awaited<ReturnType<typeof measure>>) =>
    `recall@10 ${r.recall.toFixed(3)} (strict key match ${r.strict.toFixed(3)}), exact 1st found ${r.top1.toFixed(3)}, HNSW 10th beyond the exact 10th by ${r.excess.toFixed(2)}× the exact 1st–10th spread (median), p50 ${r.p50.toFixed(1)} ms a query`;
  console.log(`  HNSW at ef_search = ${efDefault} (pgvector's default, what the service searches with): ${line(base)}`);
  for (const ef of [100, 200, 400]) console.log(`  HNSW at ef_search = ${ef}: ${line(await measure(ef))}`);
  summary.push({
    label: `recall@10, HNSW vs exact (ef_search ${efDefault})`, value: base.recall.toFixed(3), target: `≥ ${TARGET.recall}`,
    ratio: base.recall / TARGET.recall, ok: base.recall >= TARGET.recall, note: `${queries.length} queries over ${n(count)} vectors`,
  });

  // Other HNSW parameters on the same rows: the index dropped and built again (as the store builds it), timed,
  // and its recall@10 at each ef_search. Build time against recall is the trade-off to choose from.
  if (SWEEP.length > 0) {
    section(`HNSW parameters: build time and recall@10 (${n(count)} vectors, the same ${queries.length} queries)`);
    const rows = [{ ...HNSW, ms: indexMs, recall: [base.recall] as number[] }];
    for (const ef of [100, 200, 400]) rows[0]!.recall.push((await measure(ef)).recall);
    for (const p of SWEEP) {
      await sql.query(`DROP INDEX IF EXISTS "vec_${id}_hnsw"`);
      const s = performance.now();
      await store.buildIndex(id, p);
      const ms = performance.now() - s;
      const recall: number[] = [];
      for (const ef of [Number(efDefault) || 40, 100, 200, 400]) recall.push((await measure(ef)).recall);
      rows.push({ ...p, ms, recall });
      console.log(`  m=${p.m} ef_construction=${p.efConstruction}: built in ${sec(ms)}; recall@10 ${recall.map((r) => r.toFixed(3)).join(' / ')} at ef_search ${efDefault} / 100 / 200 / 400  (load ${loadavg()[0]!.toFixed(1)})`);
    }
    console.log(`  ${'m'.padStart(4)} ${'ef_constr.'.padStart(10)} ${'build'.padStart(9)}   recall@10 at ef_search ${efDefault} / 100 / 200 / 400`);
    for (const r of rows) console.log(`  ${String(r.m).padStart(4)} ${String(r.efConstruction).padStart(10)} ${sec(r.ms).padStart(9)}   ${r.recall.map((x) => x.toFixed(3)).join(' / ')}${r === rows[0] ? '   (the build above)' : ''}`);
  }
}

// ───────────────────────────── main ─────────────────────────────

let exitCode = 0;
try {
  console.log(`bench:vectors — ${n(ROWS)} rows, lexical-hash-${DIMENSION}, cosine, HNSW m=${HNSW.m} ef_construction=${HNSW.efConstruction}, page ${PAGE_SIZE}, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${availableParallelism()} CPUs)`);
  await seedSource();
  const { vectorId, indexMs } = await build();
  await recall(vectorId, indexMs);

  section('summary');
  console.log(`  ${'figure'.padEnd(42)} ${'measured'.padStart(14)}   ${'target'.padEnd(18)} ${'ratio'.padStart(6)}`);
  for (const s of summary) {
    const mark = s.ok === undefined ? ' ' : s.ok ? '✓' : '✗';
    console.log(`  ${s.label.padEnd(42)} ${s.value.padStart(14)}   ${(s.target ?? '').padEnd(18)} ${s.ratio === undefined ? '      ' : `${s.ratio.toFixed(2)}×`.padStart(6)} ${mark}  ${s.note ?? ''}`);
  }
  console.log('  ratio = measured / target: ≥ 1 meets the floor');
  console.log(`  load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} catch (err) {
  console.error(`\nbench failed: ${(err as Error).stack ?? err}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
