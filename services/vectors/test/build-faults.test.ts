// Builds that meet trouble (issue 14 items 3 and 9): a source that goes away mid-build fails the attempt with
// the driver's reason and is retried, the retry carrying on from the last committed page; a source that stays
// away fails the task and the collection with the reason; a worker process SIGKILLed mid-build leaves its job
// to another worker, which resumes from the last committed page. The vector store is PGlite served over the
// wire (VECTOR_DB_URL), shared by the HTTP app in this process and the worker processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { TEST_INTERNAL_TOKEN, freePort, testKeys, until } from '@app/testing';
import { mariadbTables, MARIADB, vectorsApp } from './vectors-harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// The shared vector store: PGlite + pgvector over the PostgreSQL wire protocol.
const pglite = await PGlite.create('memory://', { extensions: { vector } });
const storePort = await freePort();
const storeServer = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: storePort, maxConnections: 40 });
await storeServer.start();
t.teardown(async () => {
  await storeServer.stop();
  await pglite.close();
});
const VECTOR_DB_URL = `postgres://postgres@127.0.0.1:${storePort}/postgres`;

/** A TCP relay in front of MariaDB that can be cut (every socket dropped, the port closed) and restored. */
function relay(port: number) {
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  return {
    port,
    async up() {
      server = createServer((client) => {
        const upstream = connect(MARIADB.port, MARIADB.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    async down() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      server = null;
    },
  };
}
const cut = relay(await freePort());
await cut.up();
t.teardown(() => cut.down());

const { db, api, settled, databaseUrl, keyPrefix } = await vectorsApp(t, 'vectors-faults', {
  VECTOR_DB_URL, VECTOR_WORKER: 'off', SOURCE_CONNECT_TIMEOUT_MS: '1000', VECTOR_JOB_LOCK_MS: '3000',
});
const my = await mariadbTables(t);
const ROWS = 4000;
const items = await my.table('items', 'id INT PRIMARY KEY, body VARCHAR(200) NOT NULL');
await my.conn.query(`INSERT INTO \`${items}\` (id, body) VALUES ?`, [Array.from({ length: ROWS }, (_, i) => [i + 1, `item ${i + 1} `.repeat(6)])]);
const viaRelay = (await api('POST', '/api/vectors/connections', { name: 'relayed', ...MARIADB, port: cut.port })).data;

/** A separate build worker (services/vectors/src/worker.ts), as ops run it beside the service. */
const workers: ChildProcess[] = [];
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/vectors/src/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: keyPrefix,
      VECTOR_DB_URL, SECRETS_KEY: 's'.repeat(40), SOURCE_CONNECT_TIMEOUT_MS: '1000', VECTOR_JOB_LOCK_MS: '3000', LOG_LEVEL: 'warn',
      INTERNAL_TOKEN: TEST_INTERNAL_TOKEN, AUTH_URL: 'http://127.0.0.1:9', JWT_PUBLIC_KEY: testKeys().publicKey,
      PLATFORM_TIMEZONE: 'UTC',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}
t.teardown(() => {
  for (const w of workers) w.kill('SIGKILL');
});

const create = (title: string, dbId: number) =>
  api('POST', '/api/vectors/create', { title, dbId, tableIds: [items], fieldKeys: [`${items}.body`], advancedConfig: { pageSize: 25 } });
const taskOf = (id: string) => db.task.findUniqueOrThrow({ where: { id } });
const checkpointRows = (task: { result: unknown }) => (task.result as { checkpoint?: { rows: number } } | null)?.checkpoint?.rows ?? 0;

t.test('a worker SIGKILLed mid-build: another worker resumes from the last committed page', async (t) => {
  const first = startWorker();
  const res = await create('killed', viaRelay.id);
  t.equal(res.status, 202);
  const during = await until(() => taskOf(res.data.taskId), (task) => checkpointRows(task) >= 500, 60_000, 'the first worker past 500 rows');
  first.kill('SIGKILL');
  const committed = checkpointRows(await taskOf(res.data.taskId));
  t.ok(committed >= checkpointRows(during), `rows committed when the worker died: ${committed}`);

  startWorker();
  const task = await settled(res.data.taskId, 90_000);
  t.equal(task.status, 'completed', `the build completed (${task.error ?? ''})`);
  const result = task.result as { rows: number; docs: number; resumedFromRows: number };
  t.ok(result.resumedFromRows >= committed, `the second worker resumed at row ${result.resumedFromRows}, not at 0`);
  t.equal(result.docs, ROWS, 'every row once: nothing lost, nothing doubled');
  const collection = (await api('GET', `/api/vectors/${res.data.id}`)).data;
  t.equal(collection.status, 'ready', `the collection is ready (${collection.lastError ?? ''})`);
  t.equal(collection.docCount, ROWS);
});

t.test('a source that goes away mid-build: the attempt fails with the reason, the retry resumes', async (t) => {
  const res = await create('flaky', viaRelay.id);
  await until(() => taskOf(res.data.taskId), (task) => checkpointRows(task) >= 300, 60_000, 'the build under way');
  await cut.down();
  const waiting = await until(() => taskOf(res.data.taskId), (task) => task.status === 'waiting' && !!task.error, 30_000, 'the attempt failed');
  t.match(waiting.error, /ECONNREFUSED|ECONNRESET|closed|PROTOCOL_CONNECTION_LOST|connect|读取数据源失败|连接失败/i, `the reason is the driver's: ${waiting.error}`);
  const before = checkpointRows(waiting);
  await cut.up();
  const task = await settled(res.data.taskId, 90_000);
  t.equal(task.status, 'completed', `the retry completed (${task.error ?? ''})`);
  const result = task.result as { docs: number; resumedFromRows: number };
  t.ok(result.resumedFromRows >= before && before > 0, `resumed after row ${result.resumedFromRows}`);
  t.equal(result.docs, ROWS);
});

t.test('a source that stays away: the task and the collection fail with the reason after the retries', async (t) => {
  await cut.down();
  t.teardown(() => cut.up());
  const res = await create('gone', viaRelay.id);
  // Create checks the source first: it is down, so that is a 400 with the reason and nothing recorded.
  t.equal(res.status, 400);
  t.equal(res.body.errorKey, 'VEC_CONNECTION_FAILED');
  t.equal(await db.vector.count({ where: { title: 'gone' } }), 0);

  await cut.up();
  const ok = await create('gone', viaRelay.id);
  t.equal(ok.status, 202);
  await until(() => taskOf(ok.data.taskId), (task) => checkpointRows(task) >= 100, 60_000, 'the build under way');
  await cut.down();
  const task = await settled(ok.data.taskId, 60_000);
  t.equal(task.status, 'failed');
  t.ok(task.error && task.error.length > 0, `the task says why: ${task.error}`);
  const collection = (await api('GET', `/api/vectors/${ok.data.id}`)).data;
  t.equal(collection.status, 'error');
  t.equal(collection.lastError, task.error, 'the collection shows the same reason');
});
