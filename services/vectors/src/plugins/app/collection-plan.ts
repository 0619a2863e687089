/**
 * What a collection is built from, shared by the wizard, the create route, and the build and sync jobs.
 *
 * Names: a table id is the table's name in a MySQL/MariaDB source (the connection's database), and in a
 * PostgreSQL source the bare name for a table of schema `public`, else `schema.table`. A field key is
 * `<tableId>.<column>` (split at the last dot). The first table of a plan is its main table: every vector
 * row comes from one main-table row (plus what the joins bring), and reading pages through the main table's
 * primary key (keyset, never OFFSET).
 */
import type { VectorMetric } from './vector-index.js';

export type SourceType = 'mysql' | 'postgres';

export interface SourceTable {
  /** As used in tableIds, fieldKeys and joins. */
  id: string;
  name: string;
  /** PostgreSQL schema; absent for MySQL. */
  schema?: string;
  /** The source's estimate (statistics), not an exact count; -1 when the source has none yet. */
  rowEstimate: number;
  comment?: string;
}

export interface SourceField {
  /** `<tableId>.<column>` */
  key: string;
  table: string;
  column: string;
  /** The source's type name, as it says it (varchar(255), integer, timestamp with time zone…). */
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  unique: boolean;
  comment?: string;
}

export interface JoinSpec {
  /** A field key of a table that comes earlier in the plan. */
  left: string;
  /** A field key of the table this join brings in. */
  right: string;
  type: 'inner' | 'left';
}

/** `advancedConfig` of api.md, with every default filled in (see normaliseAdvanced). */
export interface AdvancedConfig {
  /**
   * The text embedded per row. Absent: one line per chosen field, `<column>: <value>`, in fieldKeys order
   * (empty values skipped). Present: `{{column}}` or `{{table.column}}` placeholders replaced by the values.
   */
  template?: string;
  /** Field keys of the main table's primary key; default: its primary key as the source declares it. */
  primaryKey?: string[];
  /** A field key of the main table whose change marks a row changed (incremental sync); optional. */
  updatedAtField?: string;
  /** The longest text embedded as one vector, in characters; a longer row is split into chunks. */
  chunkSize: number;
  /** Main-table rows read per page (and committed per step of a build). */
  pageSize: number;
  metric: VectorMetric;
  hnsw: { m: number; efConstruction: number };
  /** The embedding model (see embedders); recorded with its dimension when the collection is created. */
  embeddingModel: string;
  /** Field keys stored as each vector's metadata (searchable filters later); default: every chosen field. */
  metadataFields?: string[];
}

export const ADVANCED_DEFAULTS = { chunkSize: 1000, pageSize: 500, metric: 'cosine', hnsw: { m: 16, efConstruction: 64 } } as const;

/** A collection's validated recipe: what the create route stores and the jobs read. */
export interface CollectionPlan {
  /** Main table first. */
  tables: string[];
  fields: string[];
  joins: JoinSpec[];
  advanced: AdvancedConfig;
}

/** One vector's worth of a source row: the key is the row's (chunk's) identity in the vector store. */
export interface SourceDoc {
  /**
   * The main-table primary key value (JSON array text when composite), plus `#<pk of each joined table>` for
   * each join that may bring several rows (one not on a unique key of the joined table; always, so keys stay
   * stable, and absent when a left join found nothing), plus `~<n>` for the n-th chunk (n ≥ 2) of a long text.
   */
  key: string;
  content: string;
  /** sha-256 hex of what decides a re-embed: the content and metadata, or the updatedAtField's value. */
  hash: string;
  metadata: Record<string, unknown>;
}

export interface SourcePage {
  docs: SourceDoc[];
  /** Main-table rows this page read (0 → the end). */
  rows: number;
  /** The main-table primary key of the last row read: pass it as `after` for the next page; null at the end. */
  last: unknown[] | null;
}

/** An open source database, read-only, every query bounded by the timeout. */
export interface SourceConnection {
  type: SourceType;
  listTables(): Promise<SourceTable[]>;
  /** Throws SourceTableNotFound for an unknown table. */
  listFields(tableId: string): Promise<SourceField[]>;
  /** Checks a plan against the live schema; throws a typed 400 naming what is wrong. Returns the normalised plan. */
  validate(plan: CollectionPlan): Promise<CollectionPlan>;
  /** The page of main-table rows after `after` (null: from the start), as vector docs. */
  readPage(plan: CollectionPlan, after: unknown[] | null, limit: number): Promise<SourcePage>;
  /** Estimated main-table rows, for progress. */
  estimateRows(plan: CollectionPlan): Promise<number>;
  close(): Promise<void>;
}
