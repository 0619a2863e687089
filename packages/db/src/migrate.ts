// Offline `prisma migrate deploy`: applies prisma/migrations with node-postgres and keeps Prisma's own
// history table exactly as the engine would, so the normal CLI (where it can run) sees a clean history.
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { MIGRATIONS_DIR, readMigrations, type MigrationFile } from './migration-files.js';

export interface MigrateOptions {
  migrationsDir?: string;
  log?: (message: string) => void;
}

/** Prisma's migrator lock id: also excludes a concurrent `prisma migrate deploy`. */
export const PRISMA_MIGRATE_LOCK = 72707369;

// Verbatim from Prisma's schema engine (postgres connector).
const CREATE_HISTORY_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/** Applies pending migrations in name order; returns their names ([] when up to date). */
export async function migrate(databaseUrl: string, opts: MigrateOptions = {}): Promise<string[]> {
  const log = opts.log ?? (() => {});
  const migrations = await readMigrations(opts.migrationsDir ?? MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await ensureHistoryTable(client);
    const history = await activeHistory(client);
    refuseFailed(history);
    verifyApplied(history, migrations, log);
    const applied = new Set(history.map((row) => row.migration_name));
    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const migration of pending) {
      log(`applying ${migration.name}`);
      await applyOne(client, migration);
    }
    log(pending.length ? `applied ${pending.length} migration(s)` : 'database is up to date');
    return pending.map((m) => m.name);
  } finally {
    // Closing the session also releases the advisory lock, even if unlock is never reached.
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => {});
    await client.end();
  }
}

export function checksum(sql: Buffer): string {
  return createHash('sha256').update(sql).digest('hex');
}

async function ensureHistoryTable(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ t: string | null }>(`SELECT to_regclass('_prisma_migrations')::text AS t`);
  if (rows[0]?.t == null) await client.query(CREATE_HISTORY_TABLE);
}

// Rows marked rolled back are audit trail only (as in Prisma): ignored for every check.
async function activeHistory(client: pg.Client): Promise<HistoryRow[]> {
  const { rows } = await client.query<HistoryRow>(
    `SELECT migration_name, checksum, finished_at FROM _prisma_migrations
      WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  return rows;
}

function refuseFailed(history: HistoryRow[]): void {
  const failed = history.filter((row) => row.finished_at == null).map((row) => row.migration_name);
  if (failed.length === 0) return;
  throw new Error(
    `migration ${failed.join(', ')} failed earlier; no migration will run until it is resolved. ` +
      `Fix the database (and the migration), then mark it rolled back: UPDATE _prisma_migrations ` +
      `SET rolled_back_at = now() WHERE migration_name = '${failed[0]}' AND finished_at IS NULL`,
  );
}

function verifyApplied(history: HistoryRow[], migrations: MigrationFile[], log: (m: string) => void): void {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of history) {
    const file = byName.get(row.migration_name);
    if (!file) {
      log(`warning: ${row.migration_name} is applied but missing from the migrations folder`);
    } else if (checksum(file.sql) !== row.checksum) {
      throw new Error(
        `migration ${row.migration_name} was modified after it was applied (checksum mismatch); ` +
          'restore the original file and put the change in a new migration',
      );
    }
  }
}

/**
 * The script and its history row commit together; on failure the script is rolled back and a failed row
 * (finished_at NULL, error in logs) is recorded, as Prisma does, so the next run stops and says so.
 */
async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  const sum = checksum(migration.sql);
  const { rows } = await client.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  const startedAt = rows[0]!.now;
  try {
    await client.query('BEGIN');
    await client.query(migration.sql.toString('utf8'));
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
       VALUES ($1, $2, clock_timestamp(), $3, NULL, $4, 1)`,
      [id, sum, migration.name, startedAt],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    const message = err instanceof Error ? err.message : String(err);
    await client
      .query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count)
         VALUES ($1, $2, $3, $4, $5, 0)`,
        [id, sum, migration.name, message, startedAt],
      )
      .catch(() => {}); // the connection may be gone; the original error matters more
    throw new Error(`migration ${migration.name} failed and was rolled back: ${message}`);
  }
}
