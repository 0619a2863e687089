// Source connections (api.md "Vectors"): CRUD on the real app over a private database, the password sealed at
// rest and never answered, and /test against the real MariaDB and PostgreSQL of this machine — failures are a
// 400 with the driver's reason, within the timeout.
import { createServer as createTcpServer, type Socket } from 'node:net';
import t from 'tap';
import { createPrisma } from '@app/db';
import { loadConfig } from '@app/service-kit';
import { createTestDatabase, signTestToken, testServiceEnv } from '@app/testing';
import { buildApp } from '../src/app.js';
import { ConfigSchema } from '../src/config.js';
import { secretBox } from '../src/plugins/app/secret-box.js';
import { fakeAuth } from './vectors-harness.js';

const SECRETS_KEY = 'k'.repeat(40);
const TIMEOUT_MS = 1500;
const url = await createTestDatabase(t);
const db = createPrisma(url);
t.teardown(() => db.$disconnect());

const AUTH_URL = await fakeAuth(t);

// A source that accepts the connection and never says a word: only the timeouts can end the wait.
const held: Socket[] = [];
const silent = createTcpServer((socket) => held.push(socket));
await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
t.teardown(() => {
  for (const socket of held) socket.destroy();
  silent.close();
});
const SILENT_PORT = (silent.address() as { port: number }).port;

const app = await buildApp(
  loadConfig(ConfigSchema, { ...testServiceEnv(url, 'vectors-conn'), AUTH_URL, SECRETS_KEY, VECTOR_DATA_DIR: 'memory://', SOURCE_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS) }),
  { logger: false },
);
t.teardown(() => app.close());

const admin = `Bearer ${signTestToken({ sub: '1', role: 'admin' })}`;
const viewer = `Bearer ${signTestToken({ sub: '2', role: 'viewer' })}`;

async function api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, token = admin) {
  const res = await app.inject({ method, url: path, headers: { authorization: token }, ...(body === undefined ? {} : { payload: body as object }) });
  const payload = res.json();
  return { status: res.statusCode, text: res.body, body: payload, data: payload.data };
}

const MARIADB = { type: 'mysql', host: '127.0.0.1', port: 3306, database: 'test', username: 'root', password: '' };
const POSTGRES = { type: 'postgres', host: '127.0.0.1', port: 5432, database: 'postgres', username: 'postgres', password: '' };

/** Saves a connection and tests it: the answer and how long it took. */
async function probe(settings: Record<string, unknown>) {
  const created = await api('POST', '/api/vectors/connections', { name: 'probe', ...settings });
  if (created.status !== 201) throw new Error(`create failed: ${created.text}`);
  const started = Date.now();
  const res = await api('POST', `/api/vectors/connections/${created.data.id}/test`);
  return { ...res, ms: Date.now() - started };
}

t.test('CRUD, with the password sealed and never answered', async (t) => {
  const created = await api('POST', '/api/vectors/connections', { name: '  orders  ', ...MARIADB, password: 's3cret-Pa55', options: { charset: 'utf8mb4' } });
  t.equal(created.status, 201);
  t.match(created.data, { name: 'orders', type: 'mysql', host: '127.0.0.1', port: 3306, database: 'test', username: 'root', hasPassword: true, options: { charset: 'utf8mb4' }, createdBy: 1 });
  t.notOk('password' in created.data || 'passwordEncrypted' in created.data, 'no password field');
  t.notMatch(created.text, /s3cret-Pa55/, 'the password is nowhere in the answer');
  const id = created.data.id as number;

  const row = await db.dbConnection.findUniqueOrThrow({ where: { id } });
  t.match(row.passwordEncrypted, /^v1:[A-Za-z0-9+/=]+$/, 'versioned, base64 iv‖tag‖ciphertext');
  t.notMatch(row.passwordEncrypted, /s3cret/, 'not in clear');
  t.equal(secretBox(SECRETS_KEY).open(row.passwordEncrypted), 's3cret-Pa55', 'opens with SECRETS_KEY');
  t.equal(secretBox('x'.repeat(40)).open(row.passwordEncrypted), null, 'and with no other key');

  const second = await api('POST', '/api/vectors/connections', { name: 'warehouse', ...POSTGRES });
  t.equal(second.status, 201);
  t.equal(second.data.hasPassword, false, 'no password given: none stored');

  const list = await api('GET', '/api/vectors/connections?current=1&size=1');
  t.equal(list.status, 200);
  t.match(list.data, { total: 2, current: 1, size: 1 });
  t.same(list.data.records.map((r: { id: number }) => r.id), [second.data.id], 'newest first');
  t.notMatch(list.text, /s3cret|passwordEncrypted|v1:/, 'the list holds no password either');
  const aliased = await api('GET', '/api/vectors/connections?page=2&pageSize=1');
  t.same(aliased.data.records.map((r: { id: number }) => r.id), [id], 'page/pageSize aliases');

  const renamed = await api('PUT', `/api/vectors/connections/${id}`, { name: 'orders-ro', port: 3307 });
  t.equal(renamed.status, 200);
  t.match(renamed.data, { name: 'orders-ro', port: 3307, hasPassword: true });
  t.equal((await db.dbConnection.findUniqueOrThrow({ where: { id } })).passwordEncrypted, row.passwordEncrypted, 'PUT without a password keeps the old one');

  const repassed = await api('PUT', `/api/vectors/connections/${id}`, { password: 'n3w-Pa55' });
  t.notMatch(repassed.text, /n3w-Pa55/);
  t.equal(secretBox(SECRETS_KEY).open((await db.dbConnection.findUniqueOrThrow({ where: { id } })).passwordEncrypted), 'n3w-Pa55', 'a new password replaces it');
  const cleared = await api('PUT', `/api/vectors/connections/${id}`, { password: '' });
  t.equal(cleared.data.hasPassword, false, 'an empty one removes it');

  t.equal((await api('POST', '/api/vectors/connections', { name: 'x', ...MARIADB, type: 'oracle' })).status, 400, 'mysql or postgres only');
  t.equal((await api('POST', '/api/vectors/connections', { name: 'x', ...MARIADB, port: 70000 })).status, 400, 'a port in range');
  t.equal((await api('PUT', '/api/vectors/connections/999999', { name: 'x' })).body.errorKey, 'VEC_CONNECTION_NOT_FOUND');

  const deleted = await api('DELETE', `/api/vectors/connections/${id}`);
  t.same(deleted.data, { id, deleted: true });
  t.equal((await api('DELETE', `/api/vectors/connections/${id}`)).status, 404);
  t.equal((await api('POST', `/api/vectors/connections/${id}/test`)).status, 404);
});

t.test('/test reaches the real sources', async (t) => {
  const maria = await probe(MARIADB);
  t.equal(maria.status, 200, maria.text);
  t.match(maria.data, { ok: true, version: /\d+\.\d+/ });
  const postgres = await probe(POSTGRES);
  t.equal(postgres.status, 200, postgres.text);
  t.match(postgres.data, { ok: true, version: /\d+/ });
});

t.test('/test failures are a 400 with the driver’s reason, within the timeout', async (t) => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['MariaDB, bad password', { ...MARIADB, password: 'wrong-password' }, /^连接失败: Access denied for user/],
    ['MariaDB, unknown database', { ...MARIADB, database: 'no_such_db_xl' }, /^连接失败: .*Unknown database 'no_such_db_xl'/],
    ['MariaDB, closed port', { ...MARIADB, port: 9 }, /^连接失败: .*ECONNREFUSED/],
    ['MariaDB, a source that never answers', { ...MARIADB, port: SILENT_PORT }, /^连接失败: connect ETIMEDOUT/],
    // Unroutable: depending on the network, the SYN goes unanswered (timeout) or something on the way refuses.
    ['MariaDB, unroutable host', { ...MARIADB, host: '10.255.255.1' }, /^连接失败: .*(ETIMEDOUT|timeout|terminated|closed|EHOSTUNREACH|ENETUNREACH)/i],
    ['PostgreSQL, unknown user', { ...POSTGRES, username: 'no_such_role_xl' }, /^连接失败: .*no_such_role_xl/],
    ['PostgreSQL, unknown database', { ...POSTGRES, database: 'no_such_db_xl' }, /^连接失败: database "no_such_db_xl" does not exist/],
    ['PostgreSQL, closed port', { ...POSTGRES, port: 9 }, /^连接失败: .*ECONNREFUSED/],
    ['PostgreSQL, a source that never answers', { ...POSTGRES, port: SILENT_PORT }, /^连接失败: (timeout expired|Connection terminated due to connection timeout)/],
    ['PostgreSQL, unroutable host', { ...POSTGRES, host: '10.255.255.1' }, /^连接失败: .*(ETIMEDOUT|timeout|terminated|closed|EHOSTUNREACH|ENETUNREACH)/i],
  ];
  await Promise.all(cases.map(async ([label, settings, reason]) => {
    const res = await probe(settings);
    t.equal(res.status, 400, `${label}: 400`);
    t.match(res.body, { code: 400, errorKey: 'VEC_CONNECTION_FAILED' }, `${label}: the envelope`);
    t.match(res.body.msg, reason, `${label}: ${res.body.msg}`);
    t.ok(res.ms < TIMEOUT_MS + 1000, `${label}: answered in ${res.ms} ms`);
  }));
});

t.test('a password sealed under another key: 409, not a 500', async (t) => {
  const created = await api('POST', '/api/vectors/connections', { name: 'rotated', ...MARIADB, password: 'pw' });
  await db.dbConnection.update({ where: { id: created.data.id }, data: { passwordEncrypted: secretBox('y'.repeat(40)).seal('pw') } });
  const res = await api('POST', `/api/vectors/connections/${created.data.id}/test`);
  t.equal(res.status, 409);
  t.equal(res.body.errorKey, 'VEC_CONNECTION_SECRET_UNREADABLE');
});

t.test('vector:manage only', async (t) => {
  for (const [method, path] of [['GET', '/api/vectors/connections'], ['POST', '/api/vectors/connections'], ['PUT', '/api/vectors/connections/1'], ['DELETE', '/api/vectors/connections/1'], ['POST', '/api/vectors/connections/1/test']] as const) {
    t.equal((await api(method, path, method === 'GET' || method === 'DELETE' ? undefined : { name: 'x' }, viewer)).status, 403, `viewer: ${method} ${path}`);
  }
  t.equal((await app.inject({ url: '/api/vectors/connections' })).statusCode, 401, 'no token');
});
