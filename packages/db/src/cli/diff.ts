// `npm run db:diff -- --name <name> [--create]`: the SQL that brings prisma/migrations to schema.prisma
// (computed by the WASM schema engine in a throwaway shadow database); --create writes it as a new migration.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MIGRATIONS_DIR, defaultDatabaseUrl } from '../migration-files.js';
import { diffMigrationsToSchema } from '../schema-engine.js';

/** `yyyymmddhhmmss` in UTC, Prisma's migration folder prefix. */
export function migrationTimestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, create: { type: 'boolean', default: false } } });
  const sql = await diffMigrationsToSchema(defaultDatabaseUrl());
  if (!sql) {
    console.log('No changes: prisma/migrations already matches prisma/schema.prisma.');
    return;
  }
  if (!values.create) {
    process.stdout.write(sql);
    return;
  }
  const name = (values.name ?? '').toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!name) throw new Error('--create needs --name <what_changed>');
  const dir = join(MIGRATIONS_DIR, `${migrationTimestamp()}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'migration.sql'), sql);
  console.log(`Wrote ${join(dir, 'migration.sql')}`);
}

// The engine leaves a 10 s timer behind: exit explicitly either way.
main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
