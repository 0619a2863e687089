import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, writeFile, appendFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { checksum, migrate } from '../src/migrate.js';
import { MIGRATIONS_DIR, readMigrations } from '../src/migration-files.js';
import { diagnoseHistory } from '../src/schema-engine.js';
import { query, throwawayDb, type Teardown } from './fixtures/throwaway-db.js';

/** A private copy of prisma/migrations the test may edit. */
async function copyOfMigrations(test: Teardown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
  test.teardown(() => rm(dir, { recursive: true, force: true }));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

t.test('applies everything to an empty database, then nothing', async (t) => {
  const url = await throwawayDb(t);
  const all = (await readMigrations()).map((m) => m.name);
  t.ok(all.length > 0, 'the repo has migrations');
  t.same(await migrate(url), all);
  t.same(await migrate(url), [], 'second run is a no-op');
  const tables = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name LIKE 'xl\\_%'`);
  // Every model of the schema that maps to an xl_ table, counted from the schema itself.
  const schema = await readFile(join(MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
  t.equal(tables[0]!.n, schema.match(/@@map\("xl_/g)!.length, 'all xl_ tables exist');
});

t.test('history rows are the ones Prisma writes', async (t) => {
  const url = await throwawayDb(t);
  await migrate(url);
  const rows = await query(url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
  const files = await readMigrations();
  t.equal(rows.length, files.length);
  for (const [i, file] of files.entries()) {
    const row = rows[i]!;
    t.equal(row.migration_name, file.name);
    const raw = await readFile(join(MIGRATIONS_DIR, file.name, 'migration.sql'));
    t.equal(row.checksum, createHash('sha256').update(raw).digest('hex'), 'sha256 hex of the raw file');
    t.equal(checksum(file.sql), row.checksum);
    t.match(row.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'uuid v4 id');
    t.equal(row.applied_steps_count, 1);
    t.ok(row.finished_at instanceof Date && row.finished_at >= row.started_at, 'finished after it started');
    t.equal(row.rolled_back_at, null);
    t.equal(row.logs, null);
  }
  // Prisma's own engine must see a clean history (no edited, failed or pending migrations).
  const diagnosis = await diagnoseHistory(url);
  t.same(diagnosis, { editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
});

t.test('an applied migration that was edited is an error naming it', async (t) => {
  const url = await throwawayDb(t);
  const dir = await copyOfMigrations(t);
  await migrate(url, { migrationsDir: dir });
  const [first] = await readMigrations(dir);
  await appendFile(join(dir, first!.name, 'migration.sql'), '\n-- edited\n');
  await t.rejects(migrate(url, { migrationsDir: dir }), new RegExp(`${first!.name}.*modified`));
});

t.test('a failed migration blocks later runs', async (t) => {
  const url = await throwawayDb(t);
  const dir = await copyOfMigrations(t);
  await mkdir(join(dir, '29991231000000_broken'));
  await writeFile(join(dir, '29991231000000_broken', 'migration.sql'), 'CREATE TABLE ok_part (id int);\nSELECT * FROM no_such_table;\n');
  await t.rejects(migrate(url, { migrationsDir: dir }), /29991231000000_broken failed/);
  const partial = await query(url, `SELECT to_regclass('ok_part') AS t`);
  t.equal(partial[0]!.t, null, 'the failed script was rolled back');
  const failed = await query(url, `SELECT logs, finished_at, applied_steps_count FROM _prisma_migrations WHERE migration_name = '29991231000000_broken'`);
  t.equal(failed.length, 1);
  t.equal(failed[0]!.finished_at, null);
  t.match(failed[0]!.logs, /no_such_table/);
  // Even with the broken migration gone, the failed row refuses every run until resolved.
  await rm(join(dir, '29991231000000_broken'), { recursive: true });
  await t.rejects(migrate(url, { migrationsDir: dir }), /29991231000000_broken failed earlier/);
  await query(url, `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE finished_at IS NULL`);
  t.same(await migrate(url, { migrationsDir: dir }), [], 'runs again once marked rolled back');
});

t.test('a failed row written by someone else is refused', async (t) => {
  const url = await throwawayDb(t);
  await migrate(url);
  await query(url, `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES (gen_random_uuid()::text, 'x', '20990101000000_half_done')`);
  await t.rejects(migrate(url), /20990101000000_half_done failed earlier/);
});

t.test('concurrent runs apply each migration once (advisory lock)', async (t) => {
  const url = await throwawayDb(t);
  const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
  const applied = results.flat();
  t.same(applied, (await readMigrations()).map((m) => m.name));
  const rows = await query(url, 'SELECT migration_name FROM _prisma_migrations');
  t.equal(rows.length, applied.length);
});
