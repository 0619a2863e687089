import mysql from 'mysql2/promise';
import pg from 'pg';

export type SourceSettings = { type: string; host: string; port: number; database: string; username: string; password: string };
export type ProbeResult = { ok: true; version: string } | { ok: false; error: string };

/** The driver's own words; a refused dual-stack connect is an AggregateError with an empty message. */
export function reasonOf(err: unknown): string {
  const e = err as { message?: string; code?: string; errors?: { message?: string }[] };
  return e?.message || e?.errors?.map((x) => x.message).filter(Boolean).join('; ') || e?.code || String(err);
}

async function mysqlVersion(s: SourceSettings, timeoutMs: number): Promise<string> {
  const conn = await mysql.createConnection({ host: s.host, port: s.port, user: s.username, password: s.password, database: s.database, connectTimeout: timeoutMs });
  try {
    await conn.query({ sql: 'SELECT 1', timeout: timeoutMs });
    const [rows] = await conn.query<mysql.RowDataPacket[]>({ sql: 'SELECT VERSION() AS version', timeout: timeoutMs });
    return String(rows[0]?.version ?? '');
  } finally {
    conn.destroy();
  }
}

async function postgresVersion(s: SourceSettings, timeoutMs: number): Promise<string> {
  const client = new pg.Client({
    host: s.host, port: s.port, user: s.username, password: s.password, database: s.database,
    connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, statement_timeout: timeoutMs,
    application_name: 'xl-vectors-probe',
  });
  // A socket error after connect must not become an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? '';
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Opens one connection to a source, runs `SELECT 1`, closes it. Read-only: the platform never writes to a
 * source. Connect and queries are bounded by `timeoutMs`, and a last guard bounds the whole probe too.
 */
export async function probeSource(s: SourceSettings, timeoutMs: number): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`超时 (${timeoutMs} ms)`)), timeoutMs * 2 + 500);
  });
  try {
    const version = await Promise.race([s.type === 'mysql' ? mysqlVersion(s, timeoutMs) : postgresVersion(s, timeoutMs), guard]);
    return { ok: true, version };
  } catch (err) {
    return { ok: false, error: reasonOf(err) };
  } finally {
    clearTimeout(timer);
  }
}
