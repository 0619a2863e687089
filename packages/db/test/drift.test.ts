import { readFile } from 'node:fs/promises';
import t from 'tap';
import { SCHEMA_PATH } from '../src/migration-files.js';
import { diffEmptyToSchema, diffMigrationsToSchema } from '../src/schema-engine.js';
import { shadowDatabases, throwawayDb } from './fixtures/throwaway-db.js';

t.test('prisma/migrations matches prisma/schema.prisma', async (t) => {
  const url = await throwawayDb(t);
  const before = await shadowDatabases();
  t.equal(await diffMigrationsToSchema(url), '', 'no drift: run `npm run db:diff -- --name <change> --create`');
  const leftovers = (await shadowDatabases()).filter((name) => !before.includes(name));
  t.same(leftovers, [], 'the shadow database was dropped');
});

t.test('a schema change is detected', async (t) => {
  const url = await throwawayDb(t);
  const schema = (await readFile(SCHEMA_PATH, 'utf8')).replace(
    'model Project {\n',
    'model Project {\n  drift_probe String?\n',
  );
  t.not(schema, await readFile(SCHEMA_PATH, 'utf8'), 'the copy differs');
  const sql = await diffMigrationsToSchema(url, { schema });
  t.match(sql, /ALTER TABLE "xl_projects" ADD COLUMN\s+"drift_probe" TEXT/);
});

t.test('the initial SQL from an empty database covers every table', async (t) => {
  const sql = await diffEmptyToSchema();
  const tables = [...sql.matchAll(/CREATE TABLE "(xl_\w+)"/g)].map((m) => m[1]);
  t.equal(tables.length, 16); // 15 of the first migrations and xl_kb_api_keys
  t.notMatch(sql, /"public"\./, 'tables are not schema-qualified');
});
