/**
 * An open source database (collection-plan.ts SourceConnection) for MySQL/MariaDB and PostgreSQL. Read-only
 * twice over: only catalog queries and SELECTs are ever sent, and the session itself refuses writes. Every
 * query is bounded by the timeout. Values always travel as parameters; identifiers are quoted per dialect.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import {
  ADVANCED_DEFAULTS, type CollectionPlan, type JoinSpec, type SourceConnection, type SourceField, type SourcePage, type SourceTable, type SourceType,
} from './collection-plan.js';
import { keyPart, renderDocs, resolvePlaceholder, splitFieldKey, templatePlaceholders, type RenderSpec } from './render-doc.js';
import { reasonOf, type SourceSettings } from './source-probe.js';
import {
  ConnectionFailedError, PlanFieldNotChosenError, PlanFieldNotInMainTableError, PlanFieldOutsideTablesError, PlanJoinInvalidError,
  PlanJoinMissingError, PlanNoPrimaryKeyError, PlanTableRepeatedError, SourceFieldNotFoundError, SourceQueryFailedError, SourceTableNotFoundError,
} from '../../errors.js';

export type { SourceSettings };

/** A table's columns and keys, as the source declares them. */
interface TableShape {
  fields: SourceField[];
  /** Column names of the primary key, in key order; empty when it has none (a view). */
  primaryKey: string[];
}

/** What differs between the two dialects; the plan logic above it is shared. */
interface Driver {
  type: SourceType;
  quote(identifier: string): string;
  /** The quoted, qualified reference of a table id. */
  ref(tableId: string): string;
  /** The placeholder of the n-th parameter (1-based). */
  param(n: number): string;
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Every readable table and view, or only `tableId`'s. */
  tables(tableId?: string): Promise<SourceTable[]>;
  /** null for an unknown table. */
  describe(tableId: string): Promise<TableShape | null>;
  close(): Promise<void>;
}

const estimateOf = (value: unknown) => {
  const n = Number(value ?? -1);
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : -1;
};
const withComment = (comment: unknown) => (typeof comment === 'string' && comment !== '' ? { comment } : {});

// ─── MySQL / MariaDB ──────────────────────────────────────────────────────────

async function mysqlDriver(s: SourceSettings, timeoutMs: number): Promise<Driver> {
  const conn = await mysql.createConnection({
    host: s.host, port: s.port, user: s.username, password: s.password, database: s.database, connectTimeout: timeoutMs,
    // Exact values: BIGINT/DECIMAL as strings, DATETIME as the stored text — a key read back as `after` must match.
    supportBigNumbers: true, bigNumberStrings: true, dateStrings: true,
  });
  conn.on('error', () => {});
  let stuck = false;
  const query = async (sql: string, values: unknown[] = []) => {
    try {
      const [rows] = await conn.query<mysql.RowDataPacket[]>({ sql, values, timeout: timeoutMs });
      return rows as Record<string, unknown>[];
    } catch (err) {
      // A client-side timeout leaves the server busy: the connection is not reused, nor politely ended.
      if ((err as { code?: string }).code === 'PROTOCOL_SEQUENCE_TIMEOUT') stuck = true;
      throw new SourceQueryFailedError(reasonOf(err));
    }
  };
  try {
    await query('SET SESSION TRANSACTION READ ONLY');
    // The server stops a long statement too: MariaDB's limit, else MySQL's (SELECTs only); neither is fatal.
    await query(`SET SESSION max_statement_time = ${timeoutMs / 1000}`)
      .catch(() => query(`SET SESSION max_execution_time = ${timeoutMs}`))
      .catch(() => {});
  } catch (err) {
    conn.destroy();
    throw err;
  }
  const quote = (id: string) => `\`${id.replaceAll('`', '``')}\``;

  return {
    type: 'mysql',
    quote,
    ref: quote,
    param: () => '?',
    query,
    async tables(tableId) {
      const rows = await query(
        `SELECT TABLE_NAME AS name, TABLE_TYPE AS kind, TABLE_ROWS AS estimate, TABLE_COMMENT AS comment
         FROM information_schema.TABLES
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')${tableId === undefined ? '' : ' AND TABLE_NAME = ?'}
         ORDER BY TABLE_NAME`,
        tableId === undefined ? [] : [tableId],
      );
      return rows.map((r) => ({
        id: String(r.name), name: String(r.name), rowEstimate: r.kind === 'VIEW' ? -1 : estimateOf(r.estimate),
        ...(r.kind === 'VIEW' ? {} : withComment(r.comment)),
      }));
    },
    async describe(tableId) {
      const columns = await query(
        `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_COMMENT AS comment
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [tableId],
      );
      if (columns.length === 0) return null;
      const indexes = await query(
        `SELECT INDEX_NAME AS name, NON_UNIQUE AS nonUnique, COLUMN_NAME AS col
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
        [tableId],
      );
      const byIndex = new Map<string, { unique: boolean; cols: (string | null)[] }>();
      for (const r of indexes) {
        const entry = byIndex.get(String(r.name)) ?? { unique: Number(r.nonUnique) === 0, cols: [] };
        entry.cols.push(r.col === null ? null : String(r.col));
        byIndex.set(String(r.name), entry);
      }
      const primaryKey = (byIndex.get('PRIMARY')?.cols ?? []).filter((c): c is string => c !== null);
      const unique = new Set([...byIndex.values()].filter((i) => i.unique && i.cols.length === 1 && i.cols[0] !== null).map((i) => i.cols[0]!));
      return {
        primaryKey,
        fields: columns.map((c) => ({
          key: `${tableId}.${c.name}`, table: tableId, column: String(c.name), type: String(c.type), nullable: c.nullable === 'YES',
          primaryKey: primaryKey.includes(String(c.name)), unique: unique.has(String(c.name)), ...withComment(c.comment),
        })),
      };
    },
    close: () => (stuck ? Promise.resolve(conn.destroy()) : conn.end().catch(() => conn.destroy())),
  };
}

// ─── PostgreSQL ───────────────────────────────────────────────────────────────

// Dates and times stay the server's text: a JS Date would drop microseconds and shift `timestamp` by the
// local zone, and a key read back as `after` must compare equal to what the server holds.
const DATE_TIME_OIDS = new Set([1082, 1083, 1114, 1184, 1266]);
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    DATE_TIME_OIDS.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** `public` tables go by their bare name, others by `schema.table`. */
function pgName(tableId: string): { schema: string; name: string } {
  const dot = tableId.indexOf('.');
  return dot < 0 ? { schema: 'public', name: tableId } : { schema: tableId.slice(0, dot), name: tableId.slice(dot + 1) };
}

async function postgresDriver(s: SourceSettings, timeoutMs: number): Promise<Driver> {
  const client = new pg.Client({
    host: s.host, port: s.port, user: s.username, password: s.password, database: s.database,
    connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, statement_timeout: timeoutMs,
    application_name: 'xl-vectors-source', types: pgTypes,
  });
  // A socket error after connect must not become an unhandled 'error' event.
  client.on('error', () => {});
  const query = async (sql: string, params: unknown[] = []) => {
    try {
      return (await client.query(sql, params)).rows as Record<string, unknown>[];
    } catch (err) {
      throw new SourceQueryFailedError(reasonOf(err));
    }
  };
  try {
    await client.connect();
    await query('SET SESSION default_transaction_read_only = on');
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  const quote = (id: string) => `"${id.replaceAll('"', '""')}"`;
  const TABLES = `
    SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind, c.reltuples::float8 AS estimate, obj_description(c.oid, 'pg_class') AS comment
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
      AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' AND has_table_privilege(c.oid, 'SELECT')`;

  return {
    type: 'postgres',
    quote,
    ref: (tableId) => {
      const { schema, name } = pgName(tableId);
      return `${quote(schema)}.${quote(name)}`;
    },
    param: (n) => `$${n}`,
    query,
    async tables(tableId) {
      const only = tableId === undefined ? null : pgName(tableId);
      const rows = await query(
        `${TABLES}${only ? ' AND n.nspname = $1 AND c.relname = $2' : ''} ORDER BY n.nspname <> 'public', n.nspname, c.relname`,
        only ? [only.schema, only.name] : [],
      );
      return rows.map((r) => ({
        id: r.schema === 'public' ? String(r.name) : `${r.schema}.${r.name}`,
        name: String(r.name),
        schema: String(r.schema),
        rowEstimate: r.kind === 'v' ? -1 : estimateOf(r.estimate),
        ...withComment(r.comment),
      }));
    },
    async describe(tableId) {
      const { schema, name } = pgName(tableId);
      const columns = await query(
        `SELECT a.attnum AS num, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
                col_description(c.oid, a.attnum) AS comment
         FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum`,
        [schema, name],
      );
      if (columns.length === 0) return null;
      const indexes = await query(
        `SELECT i.indisprimary AS "primary", i.indisunique AS "unique", i.indkey::int2[] AS keys, i.indpred IS NULL AS total
         FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relname = $2`,
        [schema, name],
      );
      const nameOf = new Map(columns.map((c) => [Number(c.num), String(c.name)]));
      const primary = indexes.find((i) => i.primary);
      const primaryKey = ((primary?.keys as number[] | undefined) ?? []).map((n) => nameOf.get(n)).filter((c): c is string => c !== undefined);
      const unique = new Set(
        indexes
          .filter((i) => i.unique && i.total && (i.keys as number[]).length === 1 && (i.keys as number[])[0] !== 0)
          .map((i) => nameOf.get((i.keys as number[])[0]!)),
      );
      return {
        primaryKey,
        fields: columns.map((c) => ({
          key: `${tableId}.${c.name}`, table: tableId, column: String(c.name), type: String(c.type), nullable: Boolean(c.nullable),
          primaryKey: primaryKey.includes(String(c.name)), unique: unique.has(String(c.name)), ...withComment(c.comment),
        })),
      };
    },
    close: () => client.end().catch(() => {}),
  };
}

// ─── Plans over either dialect ────────────────────────────────────────────────

/** A plan checked against the live schema, with what reading it needs. */
interface Prepared {
  plan: CollectionPlan;
  spec: RenderSpec;
  /** Main-table primary-key columns. */
  primaryKey: string[];
  /** Field keys read per row (chosen, updatedAt), each selected as `f<i>`. */
  reads: string[];
  /** Joined tables that may bring several rows per main row, with their primary-key columns. */
  multiplying: { table: string; primaryKey: string[] }[];
  /** Joins grouped by the table each brings in, in plan order. */
  joins: { table: string; type: 'inner' | 'left'; on: JoinSpec[] }[];
}

function sourceOver(d: Driver): SourceConnection {
  const shapes = new Map<string, Promise<TableShape | null>>();
  const shapeOf = (tableId: string) => {
    if (!shapes.has(tableId)) shapes.set(tableId, d.describe(tableId));
    return shapes.get(tableId)!;
  };
  const prepared = new Map<string, Promise<Prepared>>();

  async function prepare(plan: CollectionPlan): Promise<Prepared> {
    const tables = plan.tables;
    const seen = new Set<string>();
    for (const t of tables) {
      if (seen.has(t)) throw new PlanTableRepeatedError(t);
      seen.add(t);
    }
    const shapeList = await Promise.all(tables.map(shapeOf));
    const shape = new Map<string, TableShape>();
    tables.forEach((t, i) => {
      if (!shapeList[i]) throw new SourceTableNotFoundError(t);
      shape.set(t, shapeList[i]!);
    });
    const main = tables[0]!;

    /** A field key of one of the plan's tables that exists in the source. */
    const field = (key: string) => {
      const { table, column } = splitFieldKey(key);
      if (!shape.has(table)) throw new PlanFieldOutsideTablesError(key);
      if (!shape.get(table)!.fields.some((f) => f.column === column)) throw new SourceFieldNotFoundError(key);
      return { key, table, column };
    };
    const mainField = (key: string) => {
      const f = field(key);
      if (f.table !== main) throw new PlanFieldNotInMainTableError(key);
      return f;
    };

    const fields = [...new Set(plan.fields)].map(field);
    const chosen = new Set(fields.map((f) => f.key));

    // Each join links a table to one before it; written the other way round, it is turned around.
    const joins: JoinSpec[] = plan.joins.map((j) => {
      const left = field(j.left);
      const right = field(j.right);
      if (left.table === right.table) throw new PlanJoinInvalidError(`${j.left} = ${j.right}`);
      return tables.indexOf(left.table) < tables.indexOf(right.table) ? { ...j } : { left: j.right, right: j.left, type: j.type };
    });
    const groups = tables.slice(1).map((table) => {
      const on = joins.filter((j) => splitFieldKey(j.right).table === table);
      if (on.length === 0) throw new PlanJoinMissingError(table);
      return { table, type: on.some((j) => j.type === 'inner') ? ('inner' as const) : ('left' as const), on };
    });

    const advanced = { ...ADVANCED_DEFAULTS, ...plan.advanced, hnsw: { ...ADVANCED_DEFAULTS.hnsw, ...plan.advanced.hnsw } };
    const primaryKey = advanced.primaryKey?.length
      ? advanced.primaryKey.map((k) => mainField(k).column)
      : shape.get(main)!.primaryKey;
    if (primaryKey.length === 0) throw new PlanNoPrimaryKeyError(main);
    if (advanced.updatedAtField !== undefined) mainField(advanced.updatedAtField);
    for (const key of advanced.metadataFields ?? []) if (!chosen.has(key)) throw new PlanFieldNotChosenError(key);
    for (const name of templatePlaceholders(advanced.template ?? '')) if (resolvePlaceholder(name, fields) === null) throw new PlanFieldNotChosenError(name);

    // A join on a unique column (or the whole primary key) brings at most one row; any other may bring
    // several, told apart in the doc key by the joined table's primary key.
    const multiplying = groups.flatMap(({ table, on }) => {
      const s = shape.get(table)!;
      const columns = new Set(on.map((j) => splitFieldKey(j.right).column));
      const single = s.fields.some((f) => f.unique && columns.has(f.column)) || (s.primaryKey.length > 0 && s.primaryKey.every((c) => columns.has(c)));
      if (single) return [];
      if (s.primaryKey.length === 0) throw new PlanNoPrimaryKeyError(table);
      return [{ table, primaryKey: s.primaryKey }];
    });

    const normalised: CollectionPlan = {
      tables: [...tables], fields: fields.map((f) => f.key), joins,
      advanced: { ...advanced, primaryKey: primaryKey.map((c) => `${main}.${c}`) },
    };
    const metadataFields = advanced.metadataFields ?? normalised.fields;
    return {
      plan: normalised,
      spec: { fields, template: advanced.template, chunkSize: advanced.chunkSize, metadataFields, updatedAtField: advanced.updatedAtField },
      primaryKey,
      reads: [...new Set([...normalised.fields, ...(advanced.updatedAtField ? [advanced.updatedAtField] : [])])],
      multiplying,
      joins: groups,
    };
  }

  function prepareOnce(plan: CollectionPlan) {
    const id = JSON.stringify(plan);
    if (!prepared.has(id)) {
      const p = prepare(plan);
      // A failed check is not remembered: the schema may be fixed before the next try.
      p.catch(() => prepared.delete(id));
      prepared.set(id, p);
    }
    return prepared.get(id)!;
  }

  async function readPage(plan: CollectionPlan, after: unknown[] | null, limit: number): Promise<SourcePage> {
    const p = await prepareOnce(plan);
    const n = Math.max(1, Math.floor(limit));
    const tables = p.plan.tables;
    const alias = (table: string) => `t${tables.indexOf(table)}`;
    const col = (table: string, column: string) => `${alias(table)}.${d.quote(column)}`;
    const main = tables[0]!;
    const pk = p.primaryKey.map((c) => col(main, c));
    const tuple = (items: string[]) => (items.length === 1 ? items[0]! : `(${items.join(', ')})`);
    const params: unknown[] = [];
    const bind = (values: unknown[]) => tuple(values.map((v) => (params.push(v), d.param(params.length))));
    if (after !== null && after.length !== pk.length) throw new TypeError(`after has ${after.length} values, the primary key ${pk.length}`);

    // The page's main-table keys first, then every joined row of exactly those keys: a main row's joined
    // rows never straddle two pages.
    const keys = await d.query(
      `SELECT ${pk.map((c, i) => `${c} AS k${i}`).join(', ')} FROM ${d.ref(main)} t0` +
        `${after === null ? '' : ` WHERE ${tuple(pk)} > ${bind(after)}`} ORDER BY ${pk.join(', ')} LIMIT ${n}`,
      params,
    );
    if (keys.length === 0) return { docs: [], rows: 0, last: null };
    const last = p.primaryKey.map((_, i) => keys[keys.length - 1]![`k${i}`]);

    params.length = 0;
    const selected = [
      ...pk.map((c, i) => `${c} AS k${i}`),
      ...p.reads.map((key, i) => {
        const { table, column } = splitFieldKey(key);
        return `${col(table, column)} AS f${i}`;
      }),
      ...p.multiplying.flatMap((m, i) => m.primaryKey.map((c, j) => `${col(m.table, c)} AS m${i}_${j}`)),
    ];
    const from = [
      `${d.ref(main)} t0`,
      ...p.joins.map((g) => {
        const on = g.on.map((j) => {
          const l = splitFieldKey(j.left);
          const r = splitFieldKey(j.right);
          return `${col(r.table, r.column)} = ${col(l.table, l.column)}`;
        });
        return `${g.type === 'inner' ? 'INNER' : 'LEFT'} JOIN ${d.ref(g.table)} ${alias(g.table)} ON ${on.join(' AND ')}`;
      }),
    ];
    const where = [...(after === null ? [] : [`${tuple(pk)} > ${bind(after)}`]), `${tuple(pk)} <= ${bind(last)}`];
    const order = [...pk, ...p.multiplying.flatMap((m) => m.primaryKey.map((c) => col(m.table, c)))];
    const rows = await d.query(`SELECT ${selected.join(', ')} FROM ${from.join(' ')} WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')}`, params);

    const docs = rows.flatMap((row) => {
      let key = keyPart(p.primaryKey.map((_, i) => row[`k${i}`]));
      p.multiplying.forEach((m, i) => {
        const values = m.primaryKey.map((_, j) => row[`m${i}_${j}`]);
        // A left join that found nothing adds no suffix.
        if (values.some((v) => v !== null && v !== undefined)) key += `#${keyPart(values)}`;
      });
      const values = Object.fromEntries(p.reads.map((k, i) => [k, row[`f${i}`]]));
      return renderDocs(p.spec, key, values);
    });
    return { docs, rows: keys.length, last };
  }

  return {
    type: d.type,
    listTables: () => d.tables(),
    async listFields(tableId) {
      const shape = await shapeOf(tableId);
      if (!shape) throw new SourceTableNotFoundError(tableId);
      return shape.fields;
    },
    validate: async (plan) => (await prepareOnce(plan)).plan,
    readPage,
    async estimateRows(plan) {
      const main = plan.tables[0]!;
      const [table] = await d.tables(main);
      if (!table) throw new SourceTableNotFoundError(main);
      if (table.rowEstimate >= 0) return table.rowEstimate;
      // No statistics yet (a view, a table never analysed): count, unless that takes longer than the timeout.
      try {
        const [row] = await d.query(`SELECT COUNT(*) AS n FROM ${d.ref(main)}`);
        return Number(row?.n ?? -1);
      } catch {
        return -1;
      }
    },
    close: () => d.close(),
  };
}

/**
 * Opens a source read-only. An unreachable source, bad credentials or a refused session are a
 * ConnectionFailedError with the driver's reason; a connect that hangs past the timeouts ends too.
 */
export async function openSource(settings: SourceSettings, timeoutMs: number): Promise<SourceConnection> {
  let timer: NodeJS.Timeout | undefined;
  const opening = settings.type === 'mysql' ? mysqlDriver(settings, timeoutMs) : postgresDriver(settings, timeoutMs);
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`超时 (${timeoutMs} ms)`)), timeoutMs * 2 + 500);
  });
  try {
    return sourceOver(await Promise.race([opening, guard]));
  } catch (err) {
    // Lost the race: close it whenever it does open.
    opening.then((d) => d.close(), () => {});
    throw new ConnectionFailedError(err instanceof SourceQueryFailedError ? reasonOf(err).replace(/^读取数据源失败: /, '') : reasonOf(err));
  } finally {
    clearTimeout(timer);
  }
}
