// The vectors service as the collection tests run it: the real app over a private database, real Redis for
// BullMQ, an in-memory PGlite vector store, the auth service's one answer the guard needs, and tables made
// for the run in the real MariaDB of this machine (dropped at the end).
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { Test } from 'tap';
import { BUILTIN_ROLES } from '@app/contracts';
import { createPrisma } from '@app/db';
import { loadConfig } from '@app/service-kit';
import { createTestDatabase, signTestToken, testServiceEnv, until } from '@app/testing';
import { buildApp } from '../src/app.js';
import { ConfigSchema } from '../src/config.js';

export const MARIADB = { type: 'mysql', host: '127.0.0.1', port: 3306, database: 'test', username: 'root', password: '' } as const;
export const admin = `Bearer ${signTestToken({ sub: '1', role: 'admin' })}`;
export const viewer = `Bearer ${signTestToken({ sub: '2', role: 'viewer' })}`;

/** A fake auth service answering /internal/roles/:key with the built-in roles. */
export async function fakeAuth(t: Test): Promise<string> {
  const auth = createServer((req, res) => {
    const role = BUILTIN_ROLES.find((r) => req.url === `/internal/roles/${r.key}`);
    res.writeHead(role ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: role ? 200 : 404, data: role ? { permissions: role.permissions } : null }));
  });
  await new Promise<void>((done) => auth.listen(0, '127.0.0.1', done));
  t.teardown(() => auth.close());
  return `http://127.0.0.1:${(auth.address() as { port: number }).port}`;
}

export async function vectorsApp(t: Test, label: string, env: Record<string, string> = {}) {
  const url = await createTestDatabase(t);
  const db = createPrisma(url);
  t.teardown(() => db.$disconnect());
  const AUTH_URL = await fakeAuth(t);
  const config = loadConfig(ConfigSchema, {
    ...testServiceEnv(url, label), AUTH_URL, SECRETS_KEY: 's'.repeat(40), VECTOR_DATA_DIR: 'memory://', VECTOR_JOB_LOCK_MS: '2000', ...env,
  });
  const app = await buildApp(config, { logger: false });
  await app.ready();
  t.teardown(() => app.close());

  async function api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, token = admin) {
    const res = await app.inject({ method, url: path, headers: { authorization: token }, ...(body === undefined ? {} : { payload: body as object }) });
    const isJson = String(res.headers['content-type'] ?? '').includes('json');
    const payload = isJson ? res.json() : undefined;
    return { status: res.statusCode, body: payload, data: payload?.data, raw: res.rawPayload, headers: res.headers };
  }

  /** The task once it is no longer waiting or running. */
  async function settled(taskId: string, ms = 60_000) {
    return until(() => db.task.findUniqueOrThrow({ where: { id: taskId } }), (task) => !['waiting', 'active'].includes(task.status), ms, `task ${taskId} settled`);
  }

  return { app, db, api, settled, databaseUrl: url, keyPrefix: config.REDIS_KEY_PREFIX };
}

/** A MariaDB session on database `test` and a suffix naming this run's tables; they are dropped at teardown. */
export async function mariadbTables(t: Test) {
  const conn = await mysql.createConnection({ host: MARIADB.host, port: MARIADB.port, user: MARIADB.username, password: '', database: MARIADB.database, multipleStatements: true });
  const suffix = randomBytes(4).toString('hex');
  const made: string[] = [];
  t.teardown(async () => {
    for (const name of made.reverse()) await conn.query(`DROP TABLE IF EXISTS \`${name}\``);
    await conn.end();
  });
  return {
    conn,
    suffix,
    /** Creates `<base>_<suffix>` from a column list; returns its name. */
    async table(base: string, columns: string): Promise<string> {
      const name = `${base}_${suffix}`;
      await conn.query(`CREATE TABLE \`${name}\` (${columns}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
      made.push(name);
      return name;
    },
  };
}

/**
 * A PostgreSQL source: a private, unmigrated database on the test server (dropped at teardown), a client on it
 * for the test's own DDL and writes, and the connection settings the service is given (trust: no password).
 */
export async function postgresSource(t: Test) {
  const { default: pg } = await import('pg');
  const url = new URL(await createTestDatabase(t, { migrated: false }));
  const client = new pg.Client({ connectionString: url.toString() });
  client.on('error', () => {}); // the drop at teardown ends its session
  await client.connect();
  // Before the database is dropped (the teardowns run in reverse order).
  t.teardown(() => client.end());
  const settings = {
    type: 'postgres', host: url.hostname, port: Number(url.port || 5432), database: url.pathname.slice(1),
    username: decodeURIComponent(url.username) || 'postgres', password: decodeURIComponent(url.password),
  } as const;
  return { client, settings };
}
