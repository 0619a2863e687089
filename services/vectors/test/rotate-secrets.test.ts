// Rotating SECRETS_KEY (README, "Rotating SECRETS_KEY"): with the new key and SECRETS_KEY_PREVIOUS = the old one,
// the service still opens every saved password and seals new ones with the new key; `npm run
// vectors:rotate-secrets` re-seals the old ones (idempotent, counts reported, an unreadable one named, exit 1);
// after it, a service with the new key alone opens them all.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { createPrisma } from '@app/db';
import { loadConfig } from '@app/service-kit';
import { createTestDatabase, testServiceEnv } from '@app/testing';
import { buildApp } from '../src/app.js';
import { ConfigSchema } from '../src/config.js';
import { connectionRepository } from '../src/plugins/app/connection-repository.js';
import { secretBox } from '../src/plugins/app/secret-box.js';
import { admin, fakeAuth, postgresSource } from './vectors-harness.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const KEY_A = 'a'.repeat(40);
const KEY_B = 'b'.repeat(40);
const KEY_LOST = 'c'.repeat(40);

const databaseUrl = await createTestDatabase(t);
const db = createPrisma(databaseUrl);
t.teardown(() => db.$disconnect());
const AUTH_URL = await fakeAuth(t);
// A real PostgreSQL source; it trusts local connections, so /test succeeds whatever the password, once opened.
const { settings } = await postgresSource(t);
const { password: _none, ...address } = settings;

/** The service on this file's database, started with these keys (no build workers: none is needed here). */
async function service(label: string, keys: { SECRETS_KEY: string; SECRETS_KEY_PREVIOUS?: string }) {
  const app = await buildApp(
    loadConfig(ConfigSchema, { ...testServiceEnv(databaseUrl, label), AUTH_URL, VECTOR_DATA_DIR: 'memory://', VECTOR_WORKER: 'off', ...keys }),
    { logger: false },
  );
  await app.ready();
  t.teardown(() => app.close());
  return async (method: 'POST' | 'PUT', path: string, body?: object) => {
    const res = await app.inject({ method, url: path, headers: { authorization: admin }, ...(body ? { payload: body } : {}) });
    return { status: res.statusCode, body: res.json() };
  };
}

/** The command as an operator runs it, against this file's database. */
function rotate(keys: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, ...keys };
    if (!keys.SECRETS_KEY_PREVIOUS) delete env.SECRETS_KEY_PREVIOUS;
    const child = spawn('npm', ['run', '--silent', 'vectors:rotate-secrets'], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const sealedOf = async (id: number) => (await db.dbConnection.findUniqueOrThrow({ where: { id } })).passwordEncrypted;

// Saved while SECRETS_KEY was A (as the connection routes save them), and one under a key this deployment no
// longer has: only saving that password again can fix it.
const saveUnder = (key: string, name: string, password: string) =>
  connectionRepository(db).create({ name, ...address, passwordEncrypted: password === '' ? '' : secretBox(key).seal(password), options: null, createdBy: 1 });
const old = await saveUnder(KEY_A, 'sealed-with-a', 'pw-a');
const open = await saveUnder(KEY_A, 'no-password', '');
const lost = await saveUnder(KEY_LOST, 'lost-key', 'pw-lost');

let saved = { id: 0 };
let onlyB: Awaited<ReturnType<typeof service>>;

t.test('during the rotation (SECRETS_KEY=B, SECRETS_KEY_PREVIOUS=A) the service opens both and seals with B', async (t) => {
  const api = await service('vectors-rot-ab', { SECRETS_KEY: KEY_B, SECRETS_KEY_PREVIOUS: KEY_A });
  const tested = await api('POST', `/api/vectors/connections/${old.id}/test`);
  t.equal(tested.status, 200, `a password sealed with A still opens (${tested.body.msg})`);
  t.equal((await api('POST', `/api/vectors/connections/${open.id}/test`)).status, 200);
  t.equal((await api('POST', `/api/vectors/connections/${lost.id}/test`)).body.errorKey, 'VEC_CONNECTION_SECRET_UNREADABLE', 'a third key’s does not');

  saved = (await api('POST', '/api/vectors/connections', { name: 'saved-during', ...settings, password: 'pw-b' })).body.data;
  t.equal(secretBox(KEY_B).open(await sealedOf(saved.id)), 'pw-b', 'a password saved now is sealed with B');
  t.equal(secretBox(KEY_A).open(await sealedOf(saved.id)), null, 'not with A');
});

t.test('before the command, a service with B alone cannot open what A sealed', async (t) => {
  onlyB = await service('vectors-rot-b', { SECRETS_KEY: KEY_B });
  t.equal((await onlyB('POST', `/api/vectors/connections/${old.id}/test`)).body.errorKey, 'VEC_CONNECTION_SECRET_UNREADABLE');
});

t.test('the command re-seals with B, names the unreadable one and leaves it, and changes nothing when run again', async (t) => {
  const lostBefore = await sealedOf(lost.id);
  const savedBefore = await sealedOf(saved.id);
  const run = await rotate({ SECRETS_KEY: KEY_B, SECRETS_KEY_PREVIOUS: KEY_A });
  t.equal(run.code, 1, 'exit 1: one password is unreadable');
  t.match(run.stdout, /1 re-sealed, 1 already under SECRETS_KEY, 1 unreadable/, run.stdout);
  t.match(run.stderr, new RegExp(`connection ${lost.id} \\(lost-key\\): neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS opens its password`));
  t.equal(secretBox(KEY_B).open(await sealedOf(old.id)), 'pw-a', 'A’s password now opens with B');
  t.equal(await sealedOf(lost.id), lostBefore, 'the unreadable one is left as it was');
  t.equal(await sealedOf(saved.id), savedBefore, 'one already under B is not rewritten');
  t.equal(await sealedOf(open.id), '', 'no password stays none');

  const resealed = await sealedOf(old.id);
  const again = await rotate({ SECRETS_KEY: KEY_B, SECRETS_KEY_PREVIOUS: KEY_A });
  t.equal(again.code, 1);
  t.match(again.stdout, /0 re-sealed, 2 already under SECRETS_KEY, 1 unreadable/, 'a second run finds nothing to do');
  t.equal(await sealedOf(old.id), resealed, 'and rewrites nothing');
});

t.test('after the command, a service with B alone opens every password; saving the lost one again ends the rotation', async (t) => {
  const api = onlyB;
  for (const c of [old, open, saved]) {
    const res = await api('POST', `/api/vectors/connections/${c.id}/test`);
    t.equal(res.status, 200, `connection ${c.id} tests OK (${res.body.msg})`);
  }
  t.equal((await api('POST', `/api/vectors/connections/${lost.id}/test`)).body.errorKey, 'VEC_CONNECTION_SECRET_UNREADABLE');
  t.equal((await api('PUT', `/api/vectors/connections/${lost.id}`, { password: 'pw-lost' })).status, 200);
  t.equal((await api('POST', `/api/vectors/connections/${lost.id}/test`)).status, 200, 'saved again, it opens');

  const clean = await rotate({ SECRETS_KEY: KEY_B });
  t.equal(clean.code, 0, clean.stderr);
  t.match(clean.stdout, /0 re-sealed, 3 already under SECRETS_KEY, 0 unreadable/);
});

