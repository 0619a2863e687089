// A service whose Redis or PostgreSQL goes away: requests that need it answer 503 envelopes (not masked
// 500s), the log says so once per outage rather than once per request or reconnect, and says when it is over.
import net from 'node:net';
import { Writable } from 'node:stream';
import t, { type Test } from 'tap';
import { createServer, outageOf, redisPlugin } from '@app/service-kit';
import { createTestDatabase, startPrivateRedis, until } from '@app/testing';
import { dbPlugin } from '../src/plugin.js';

interface Line {
  level: number;
  msg: string;
  dependency?: string;
  repeats?: number;
}

async function build(t: Test, redisUrl: string, databaseUrl: string) {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  const app = await createServer({ service: 'projects', logger: { level: 'info', stream } });
  await app.register(redisPlugin, { url: redisUrl, name: 'outage-test' });
  await app.register(dbPlugin, { url: databaseUrl });
  app.get('/counter', async () => ({ n: await app.redis.incr('outage-test:n') }));
  app.get('/users', async () => ({ n: await app.db.user.count() }));
  await app.ready();
  t.teardown(() => app.close());
  return { app, lines };
}

t.test('Redis goes away: 503 envelopes, one log line, then back', async (t) => {
  const redis = await startPrivateRedis(t);
  const { app, lines } = await build(t, redis.url, await createTestDatabase(t, { migrated: true }));
  t.equal((await app.inject('/counter')).statusCode, 200);

  await redis.kill();
  const outageStart = Date.now();
  for (let i = 0; i < 8; i++) {
    const res = await app.inject('/counter');
    t.equal(res.statusCode, 503, `request ${i + 1} during the outage → 503`);
    t.match(res.json(), { code: 503, msg: '服务暂不可用', errorKey: 'KIT_SERVICE_UNAVAILABLE', data: null });
  }
  const users = await app.inject('/users');
  t.equal(users.statusCode, 200, 'what does not need Redis keeps working');

  const down = lines.filter((l) => l.dependency === 'redis' && l.level === 40);
  t.equal(down.filter((l) => /redis unavailable/.test(l.msg)).length, 1, 'the outage is logged once');
  // Then at 1, 2, 4, 8… s: never more lines than doublings of the outage's length so far.
  const seconds = (Date.now() - outageStart) / 1000;
  t.ok(down.length <= 2 + Math.log2(Math.max(1, seconds)), `then with backoff: ${down.length} warnings in ${seconds.toFixed(1)} s of 8 requests and reconnect attempts`);
  t.same(lines.filter((l) => l.level >= 50), [], 'no error-level line: a 503 of an outage is not a bug');

  await redis.start();
  await until(async () => (await app.inject('/counter')).statusCode, (s) => s === 200, 15_000, 'Redis back');
  await until(async () => lines.some((l) => l.msg === 'redis available again'), Boolean, 5000, 'the end of the outage logged');
});

/**
 * A loopback TCP relay in front of the real PostgreSQL: `cut()` drops every session and refuses new ones,
 * as a stopped server does; `restore()` listens again on the same port.
 */
async function relay(t: Test, target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((done) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => {});
          s.on('close', () => (sockets.delete(s), client.destroy(), upstream.destroy()));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        done();
      });
    });
  const cut = () =>
    new Promise<void>((done) => {
      for (const s of sockets) s.destroy();
      server!.close(() => done());
    });
  await listen();
  t.teardown(cut);
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), cut, restore: listen };
}

t.test('PostgreSQL goes away: 503, one log line, then the probe sees it back', async (t) => {
  const redis = await startPrivateRedis(t);
  const pgRelay = await relay(t, new URL(await createTestDatabase(t, { migrated: true })));
  const { app, lines } = await build(t, redis.url, pgRelay.url);
  t.equal((await app.inject('/users')).statusCode, 200);

  await pgRelay.cut();
  for (let i = 0; i < 10; i++) {
    const res = await app.inject('/users');
    t.equal(res.statusCode, 503, `request ${i + 1} during the outage → 503`);
    t.match(res.json(), { code: 503, msg: '服务暂不可用', errorKey: 'KIT_SERVICE_UNAVAILABLE' });
  }
  t.equal((await app.inject('/counter')).statusCode, 200, 'what does not need PostgreSQL keeps working');
  t.equal(lines.filter((l) => l.dependency === 'postgres' && /postgres unavailable/.test(l.msg)).length, 1, 'logged once');
  t.same(lines.filter((l) => l.level >= 50), [], 'no error-level line');

  await pgRelay.restore();
  await until(async () => lines.some((l) => l.msg === 'postgres available again'), Boolean, 15_000, 'the probe sees PostgreSQL back');
  t.equal((await app.inject('/users')).statusCode, 200, 'and requests work again');
});

t.test('outageOf: real errors of each client', async (t) => {
  const { createPrisma } = await import('../src/index.js');
  const nowhere = createPrisma('postgres://postgres@127.0.0.1:1/none');
  const refused = await nowhere.user.count().catch((e: unknown) => e);
  t.equal(outageOf(refused), 'postgres', 'Prisma cannot reach the server (P1001)');
  await nowhere.$disconnect();

  const url = await createTestDatabase(t, { migrated: true });
  const db = createPrisma(url);
  t.teardown(() => db.$disconnect());
  const missing = await db.$queryRawUnsafe('SELECT * FROM no_such_table').catch((e: unknown) => e);
  t.equal(outageOf(missing), undefined, 'a bad query is not an outage');
  const conflict = await db.role.create({ data: { roleKey: 'dup', name: 'x' } }).then(() => db.role.create({ data: { roleKey: 'dup', name: 'y' } })).catch((e: unknown) => e);
  t.equal(outageOf(conflict), undefined, 'nor a constraint violation');
  const starting = await db.$queryRawUnsafe(`DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '57P03', MESSAGE = 'the database system is starting up'; END $$`).catch((e: unknown) => e);
  t.equal(outageOf(starting), 'postgres', 'a server starting up or shutting down (57P03)');

  const { Redis } = await import('ioredis');
  const client = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, retryStrategy: (n) => (n > 1 ? null : 10) });
  client.on('error', () => {});
  const noRedis = await client.get('x').catch((e: unknown) => e);
  t.equal(outageOf(noRedis), 'redis', `ioredis with nothing listening (${(noRedis as Error).message})`);
  client.disconnect();
  t.equal(outageOf(new Error('boom')), undefined, 'any other error is not');
});
