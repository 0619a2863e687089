// Prisma's migration engine compiled to WebAssembly, driven offline through node-postgres
// (the `prisma migrate` CLI cannot run here: it insists on downloading a native engine).
// See shared/notes/prisma-offline.md for why each step below is needed.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { DiagnoseMigrationHistoryOutput, MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import { MIGRATIONS_DIR, MIGRATION_LOCK, SCHEMA_PATH, defaultDatabaseUrl, readMigrations } from './migration-files.js';

export interface SchemaSource {
  /** schema.prisma path (default: the repo's) */
  schemaPath?: string;
  /** schema text to use instead of reading `schemaPath` (e.g. a modified copy in a test) */
  schema?: string;
}

export interface DiffOptions extends SchemaSource {
  migrationsDir?: string;
}

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

/** SQL that brings the migrations folder to schema.prisma; '' when they agree (the drift check). */
export async function diffMigrationsToSchema(databaseUrl: string, opts: DiffOptions = {}): Promise<string> {
  const files = await schemaFiles(opts);
  const migrations = await migrationList(opts.migrationsDir ?? MIGRATIONS_DIR);
  return withEngine(databaseUrl, files, async (engine) => {
    const out = await engine.diff({
      from: { tag: 'migrations', ...migrations },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return normalise(out.stdout);
  });
}

/**
 * The full SQL for schema.prisma from an empty database (the initial migration). Nothing is written,
 * but the engine insists on connecting at start-up, hence a database URL (env, else the local default).
 * Unlike a diff from the (empty) migrations folder, it begins with `CREATE SCHEMA IF NOT EXISTS "public"`.
 */
export async function diffEmptyToSchema(opts: SchemaSource & { databaseUrl?: string } = {}): Promise<string> {
  const files = await schemaFiles(opts);
  return withEngine(opts.databaseUrl ?? defaultDatabaseUrl(), files, async (engine) => {
    const out = await engine.diff({
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return normalise(out.stdout);
  });
}

/**
 * Prisma's own verdict on a database's migration history (edited, failed, pending migrations):
 * lets tests prove the offline runner leaves a history the real CLI would accept.
 */
export async function diagnoseHistory(databaseUrl: string, opts: DiffOptions = {}): Promise<DiagnoseMigrationHistoryOutput> {
  const files = await schemaFiles(opts);
  const migrationsList = await migrationList(opts.migrationsDir ?? MIGRATIONS_DIR);
  return withEngine(databaseUrl, files, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER }),
  );
}

// The engine prints a comment-only script ("-- This is an empty migration.") when nothing changes.
function normalise(stdout: string | null): string {
  const sql = stdout ?? '';
  const meaningful = sql.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
  return meaningful ? sql : '';
}

async function schemaFiles(opts: SchemaSource) {
  const path = opts.schemaPath ?? SCHEMA_PATH;
  const content = opts.schema ?? (await readFile(path, 'utf8'));
  return [{ path, content }];
}

/** The migrations folder in the engine's input shape. */
export async function migrationList(migrationsDir: string): Promise<MigrationList> {
  const lockPath = join(migrationsDir, MIGRATION_LOCK);
  const lock = await readFile(lockPath, 'utf8').catch(() => null);
  const migrations = await readMigrations(migrationsDir);
  return {
    baseDir: migrationsDir,
    lockfile: { path: MIGRATION_LOCK, content: lock },
    shadowDbInitScript: '',
    migrationDirectories: migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql.toString('utf8') } },
    })),
  };
}

// ───────────── engine lifecycle ─────────────

/** Runs `fn` with a fresh engine, then frees it and removes anything it left behind. */
async function withEngine<T>(
  databaseUrl: string,
  files: { path: string; content: string }[],
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadWasm();
  const factory = new EngineAdapterFactory(databaseUrl);
  let engine: SchemaEngine | undefined;
  try {
    engine = await SchemaEngine.new(
      { datamodels: files.map((f) => [f.path, f.content]) },
      engineLog,
      bindMigrationAwareSqlAdapterFactory(factory),
    ).catch(engineError);
    return await fn(engine).catch(engineError);
  } finally {
    engine?.free();
    await factory.cleanup();
  }
}

function engineLog(line: string): void {
  if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`[schema-engine] ${line}\n`);
}

// Engine failures arrive as plain objects or JSON strings; make them Errors with the panic text if any.
function engineError(err: unknown): never {
  if (err instanceof Error) throw err;
  const text = typeof err === 'string' ? err : JSON.stringify(err);
  const panic = panics.take();
  throw new Error(`schema engine: ${text}${panic ? `\npanic: ${panic}` : ''}`);
}

const panics = {
  message: '',
  set_message(value: string) {
    this.message = value;
  },
  get() {
    return this.message;
  },
  take() {
    const m = this.message;
    this.message = '';
    return m;
  },
};

let wasm: Promise<typeof glue> | undefined;

/**
 * Node 20 cannot import a .wasm module, which the package's entry does; so compile the binary ourselves
 * and hand it the JS glue as its import object, as wasm-bindgen's own loader would.
 */
function loadWasm(): Promise<typeof glue> {
  wasm ??= (async () => {
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
    g.PRISMA_WASM_PANIC_REGISTRY ??= panics; // the Prisma client installs its own; either works
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const module = await WebAssembly.compile(await readFile(join(dir, 'schema_engine_bg.wasm')));
    const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports });
    const exports = instance.exports as unknown as { __wbindgen_start(): void };
    glue.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue;
  })();
  return wasm;
}

// ───────────── database access for the engine ─────────────

/**
 * adapter-pg cannot decode Postgres' internal `"char"` type (OID 18), which the engine's catalog
 * queries return; it is plain text, so report it as `text` (OID 25).
 */
function charAsText<R>(result: R): R {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of (r as { fields?: { dataTypeID: number }[] } | undefined)?.fields ?? []) {
      if (field.dataTypeID === 18) field.dataTypeID = 25;
    }
  }
  return result;
}

class CharAsTextClient extends pg.Client {
  // pg-pool calls query(text, values, callback); adapter transactions call query(config) for a promise.
  override query(...args: unknown[]): any {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (err: unknown, res: unknown) => callback(err, err ? res : charAsText(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    return out instanceof Promise ? out.then(charAsText) : out;
  }
}

/** host/port/user/password/database as separate settings: a connectionString would override `database`. */
function pgSettings(databaseUrl: string): pg.PoolConfig {
  const url = new URL(databaseUrl);
  return {
    host: decodeURIComponent(url.hostname) || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.slice(1)) || undefined,
  };
}

/** The engine's connections: the main database, plus throwaway shadow databases it replays migrations in. */
class EngineAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';
  private readonly settings: pg.PoolConfig;
  private readonly open = new Set<SqlDriverAdapter>();
  private readonly shadows = new Set<string>();

  constructor(databaseUrl: string) {
    this.settings = pgSettings(databaseUrl);
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.track(await new PrismaPg({ ...this.settings, Client: CharAsTextClient }).connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
    await this.admin(`CREATE DATABASE "${name}"`);
    this.shadows.add(name);
    const adapter = await new PrismaPg({ ...this.settings, database: name, Client: CharAsTextClient }).connect();
    // Close the shadow's pool first: Postgres refuses to drop a database with open connections.
    return this.track(adapter, () => this.dropShadow(name));
  }

  /** Anything the engine did not dispose (e.g. after an error): close pools, drop shadow databases. */
  async cleanup(): Promise<void> {
    for (const adapter of [...this.open]) await adapter.dispose();
    for (const name of [...this.shadows]) await this.dropShadow(name);
  }

  // Makes dispose idempotent (pg throws on a second pool.end()) and runs `after` once the pool is closed.
  private track(adapter: SqlDriverAdapter, after?: () => Promise<void>): SqlDriverAdapter {
    const dispose = adapter.dispose.bind(adapter);
    let done: Promise<void> | undefined;
    adapter.dispose = () => {
      done ??= (async () => {
        this.open.delete(adapter);
        await dispose();
        await after?.();
      })();
      return done;
    };
    this.open.add(adapter);
    return adapter;
  }

  private async dropShadow(name: string): Promise<void> {
    this.shadows.delete(name);
    await this.admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }

  private async admin(sql: string): Promise<void> {
    const client = new pg.Client(this.settings);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}
