// `npm run build:services`: every service compiles to JavaScript that plain node runs (no tsx loader), the
// built migrate/seed CLIs work on a fresh database, and npm start picks dist/ only while it is newer than the
// sources it was built from.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import t from 'tap';
import { createTestDatabase, testServiceEnv } from '@app/testing';
import { buildServices, serviceEntries } from '../build-services.mjs';
import { checkBuild, chooseRunner } from '../lib/built.mjs';
import { HTTP_SERVICES, builtArgs, launch, processArgs, serviceLaunchEnv } from './built-services.js';

const root = resolve(import.meta.dirname, '../..');

// A build of its own under dist/ (ignored by git; not dist/manifest.json, which npm start reads).
mkdirSync(join(root, 'dist'), { recursive: true });
const outdir = mkdtempSync(join(root, 'dist', '.test-build-'));
t.teardown(() => rmSync(outdir, { recursive: true, force: true }));
const manifest = await buildServices({ root, outdir });

t.test('the build has an entry for every process of every service and for the db CLIs', async (t) => {
  const entries = serviceEntries(root);
  for (const service of readdirSync(join(root, 'services'))) {
    for (const file of ['server', 'worker', 'agent']) {
      const source = `services/${service}/src/${file}.ts`;
      if (existsSync(join(root, source))) t.equal(entries[`${service}/${file}`], source, source);
    }
  }
  for (const s of HTTP_SERVICES) t.ok(entries[`${s}/server`], `${s} server`);
  t.equal(entries['db/migrate'], 'packages/db/src/cli/migrate.ts');
  t.equal(entries['db/seed'], 'packages/db/src/cli/seed.ts');
});

t.test('outputs are JavaScript with the workspace packages bundled in and other packages left to node_modules', async (t) => {
  for (const [name, entry] of Object.entries(manifest.entries)) {
    const code = readFileSync(join(outdir, entry.output), 'utf8');
    t.notMatch(code, /from\s*["']@app\//, `${name}: no import of a workspace package`);
    t.notMatch(code, /from\s*["'][^"']+\.ts["']/, `${name}: no import of a .ts file`);
    t.ok(existsSync(join(outdir, `${entry.output}.map`)), `${name}: source map`);
    t.ok(entry.inputs.includes(entry.source), `${name}: its source is among its inputs`);
    // A package the source resolves in a nested node_modules (not the root one) is imported from exactly there.
    for (const [, spec] of code.matchAll(/from\s*"(\.\.\/[^"]*node_modules\/[^"]+)"/g)) {
      t.ok(existsSync(resolve(outdir, entry.output, '..', spec)), `${name}: ${spec} exists`);
    }
  }
  t.ok(manifest.entries['db/migrate'].inputs.includes('packages/db/src/migration-files.ts'));
  t.ok(manifest.entries['auth/server'].inputs.some((p) => p.startsWith('packages/service-kit/src/')), 'service kit bundled into auth');
});

/** Runs `node <args>` to its end with only `env` (no NODE_OPTIONS, so no loader). */
async function runNode(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const [code] = await once(child, 'exit');
  return { code: code as number, out };
}

t.test('the built migrate and seed CLIs run with plain node on a fresh database', async (t) => {
  const url = await createTestDatabase(t, { migrated: false });
  const migrated = await runNode(['--enable-source-maps', join(outdir, 'db/migrate.mjs')], { DATABASE_URL: url });
  t.equal(migrated.code, 0, migrated.out);
  const seeded = await runNode(['--enable-source-maps', join(outdir, 'db/seed.mjs')], { DATABASE_URL: url, ADMIN_PASSWORD: 'Admin-pass-123' });
  t.equal(seeded.code, 0, seeded.out);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Migrations were read from prisma/migrations next to the sources, found from the bundle.
    const expected = readdirSync(join(root, 'prisma/migrations'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const applied = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name');
    t.same(applied.rows.map((r) => r.migration_name), expected, 'every migration applied');
    const admin = await client.query(`SELECT count(*)::int AS n FROM xl_users WHERE username = 'admin'`);
    t.equal(admin.rows[0].n, 1, 'seed created admin');
  } finally {
    await client.end();
  }
});

t.test('every built HTTP service boots with plain node and answers /readyz 200', async (t) => {
  const url = await createTestDatabase(t);
  const dataDir = mkdtempSync(join(tmpdir(), 'build-services-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const base = {
    ...testServiceEnv(url, 'built'),
    SECRETS_KEY: 'k'.repeat(40),
    // PGlite on disk: its worker thread (a .mjs beside the vectors sources) is started from the bundle.
    VECTOR_DATA_DIR: join(dataDir, 'vectors'),
    COMFY_DATA_DIR: join(dataDir, 'comfy'),
    EXPORT_DIR: join(dataDir, 'exports'),
    WEB_DIST: '/nonexistent-web-dist',
  };
  const start = async (service: (typeof HTTP_SERVICES)[number], authUrl?: string) => {
    const { env, readyUrl, port } = await serviceLaunchEnv(service, authUrl ? { ...base, AUTH_URL: authUrl } : base);
    const proc = await launch(builtArgs(outdir, service), env, readyUrl, { cwd: root });
    t.teardown(proc.stop);
    return { service, proc, port };
  };
  // Auth first: the others (the gateway's IP rules, every service's roles) ask it.
  const auth = await start('auth');
  const authUrl = `http://127.0.0.1:${auth.port}`;
  const launched = [auth, ...(await Promise.all(HTTP_SERVICES.filter((s) => s !== 'auth').map((s) => start(s, authUrl))))];
  for (const { service, proc, port } of launched) {
    const { argv, nodeOptions } = processArgs(proc.pid);
    t.equal(argv[argv.length - 1], join(outdir, `${service}/server.mjs`), `${service} runs its build`);
    t.notOk(argv.some((a) => /tsx/.test(a)), `${service}: no tsx in its argv (${argv.join(' ')})`);
    // (tap adds its process-info hook to every child's NODE_OPTIONS; no TypeScript loader may be there.)
    t.notMatch(nodeOptions ?? '', /tsx|typescript/, `${service}: no TypeScript loader in NODE_OPTIONS (${nodeOptions})`);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    t.equal(health.status, 200, `${service} /healthz`);
    t.equal((await health.json()).data.service, service);
  }
});

t.test('the runner: dist/ while it is newer than every source bundled into it, else tsx saying why', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'built-runner-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'dist');
  const write = (p: string, text = '') => {
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
  };
  const source = 'services/a/src/server.ts';
  for (const f of [source, 'packages/k/src/index.ts']) write(join(dir, f), 'export {};');
  write(join(out, 'a/server.mjs'));
  const past = new Date(Date.now() - 60_000);
  for (const f of [source, 'packages/k/src/index.ts']) utimesSync(join(dir, f), past, past);
  const builtAt = Date.now() - 30_000;
  const entries = { 'a/server': { source, output: 'a/server.mjs', inputs: [source, 'packages/k/src/index.ts'] } };

  let runner = chooseRunner([source], { root: dir });
  t.equal(runner.mode, 'tsx', 'no dist/ yet');
  t.match(runner.describe, /no build/);
  t.same(runner.args(source), ['--import', 'tsx', source]);

  write(join(out, 'manifest.json'), JSON.stringify({ builtAt, entries }));
  runner = chooseRunner([source], { root: dir });
  t.equal(runner.mode, 'built');
  t.same(runner.args(source), ['--enable-source-maps', join(out, 'a/server.mjs')]);
  t.match(runner.describe, /built JavaScript/);

  t.match(checkBuild(['services/b/src/server.ts'], { root: dir }), { ok: false, reason: /not in the build/ }, 'an entry the build lacks');

  utimesSync(join(dir, 'packages/k/src/index.ts'), new Date(), new Date());
  runner = chooseRunner([source], { root: dir });
  t.equal(runner.mode, 'tsx', 'a bundled workspace file edited after the build');
  t.match(runner.describe, /packages\/k\/src\/index\.ts changed since the build/);

  utimesSync(join(dir, 'packages/k/src/index.ts'), past, past);
  t.equal(checkBuild([source], { root: dir }).ok, true);
  rmSync(join(dir, 'packages/k/src/index.ts'));
  t.match(checkBuild([source], { root: dir }), { ok: false, reason: /no longer exists/ });
  write(join(dir, 'packages/k/src/index.ts'));
  utimesSync(join(dir, 'packages/k/src/index.ts'), past, past);
  rmSync(join(out, 'a/server.mjs'));
  t.match(checkBuild([source], { root: dir }), { ok: false, reason: /a\/server\.mjs missing/ });
});
