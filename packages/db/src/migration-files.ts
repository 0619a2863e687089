// Where the schema and migrations live, and how a migrations folder is read (shared by the runner and the engine).
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SCHEMA_PATH = join(REPO_ROOT, 'prisma/schema.prisma');
export const MIGRATIONS_DIR = join(REPO_ROOT, 'prisma/migrations');
export const MIGRATION_LOCK = 'migration_lock.toml';

/** DATABASE_URL, else the local development database. */
export function defaultDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** host:port/database of a URL, for log lines (never the password). */
export function describeUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export interface MigrationFile {
  /** directory name, e.g. `20261121000000_init` (also the `migration_name` in `_prisma_migrations`) */
  name: string;
  /** raw bytes of `migration.sql`: the checksum is over these, not over decoded text */
  sql: Buffer;
}

/** Migration directories in name order (Prisma's order); folders without `migration.sql` are skipped. */
export async function readMigrations(migrationsDir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  if (!existsSync(migrationsDir)) return [];
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const found: MigrationFile[] = [];
  for (const name of names) {
    const file = join(migrationsDir, name, 'migration.sql');
    if (existsSync(file)) found.push({ name, sql: await readFile(file) });
  }
  return found;
}
