import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the tests use: DATABASE_URL, or the machine's local PostgreSQL. */
export function adminDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrlFor(name: string, base = adminDatabaseUrl()): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * A private database per test file. The test runner migrates one template (TEST_TEMPLATE_DB) once, and
 * each file copies it, so files run in parallel without seeing each other's rows. Run alone (no
 * template), the file migrates its own database.
 */
export async function createTestDatabase(t: Teardown, opts: { migrated?: boolean } = {}): Promise<string> {
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = opts.migrated === false ? undefined : process.env.TEST_TEMPLATE_DB;
  await withAdmin(async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
        return;
      } catch (err) {
        // Two files copying the template in the same instant: PostgreSQL refuses one; try again shortly.
        if (attempt < 20 && /being accessed by other users/.test((err as Error).message)) {
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
          continue;
        }
        throw err;
      }
    }
  });
  t.teardown(() => dropDatabase(name));
  const url = databaseUrlFor(name);
  if (!template && opts.migrated !== false) {
    const { migrate } = await import('@app/db/migrate');
    await migrate(url, { log: () => {} });
  }
  return url;
}

export function dropDatabase(name: string): Promise<void> {
  return withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** A private database with the platform's seed (roles, menus, `admin` with `adminPassword`). */
export async function createSeededDatabase(t: Teardown, adminPassword: string): Promise<string> {
  const url = await createTestDatabase(t);
  const { createPrisma } = await import('@app/db');
  const { seed } = await import('@app/db/seed');
  const prisma = createPrisma(url);
  try {
    await seed(prisma, { adminPassword, log: () => {} });
  } finally {
    await prisma.$disconnect();
  }
  return url;
}
