/**
 * The creation wizard's choices and what they send (services/vectors collection-plan.ts): the table order (the
 * first is the main table), a guessed join for each further table, and the request body. Pure, unit-tested
 * by test/vector-wizard.test.ts.
 */
import type { AdvancedConfigInput, CollectionPlanInput, JoinInput, SourceFieldInfo } from '../../../api/vectors';

/** Adds or removes a table, keeping the order of choice (the first chosen stays the main table). */
export function toggleTable(order: readonly string[], tableId: string, checked: boolean): string[] {
  const rest = order.filter((t) => t !== tableId);
  return checked ? [...rest, tableId] : rest;
}

/** The table order with `tableId` as the main table (first). */
export function makeMain(order: readonly string[], tableId: string): string[] {
  return order.includes(tableId) ? [tableId, ...order.filter((t) => t !== tableId)] : [...order];
}

/** The chosen tables after a new selection of the table picker: kept ones in their order, new ones after. */
export function reconcileTables(order: readonly string[], selected: readonly string[]): string[] {
  const set = new Set(selected);
  return [...order.filter((t) => set.has(t)), ...selected.filter((t) => !order.includes(t))];
}

/**
 * A likely join of `fields` (the table being brought in) to the tables before it, the primary key side found
 * by name: an earlier column `<stem>_id` (or `<stem>Id`) whose stem names this table (`category_id` →
 * `categories`) to this table's primary key; else this table's column naming an earlier table to that table's
 * primary key; else a column name both share other than a bare `id`. Null when nothing fits.
 */
export function guessJoin(earlier: readonly SourceFieldInfo[], table: string, fields: readonly SourceFieldInfo[]): JoinInput | null {
  const pkOf = (list: readonly SourceFieldInfo[]) => (list.filter((f) => f.primaryKey).length === 1 ? list.find((f) => f.primaryKey) : undefined);
  const pk = pkOf(fields);
  if (pk) {
    const left = earlier.find((f) => refersTo(f.column, table));
    if (left) return { left: left.key, right: pk.key, type: 'left' };
  }
  for (const earlierTable of [...new Set(earlier.map((f) => f.table))]) {
    const earlierPk = pkOf(earlier.filter((f) => f.table === earlierTable));
    const right = earlierPk && fields.find((f) => refersTo(f.column, earlierTable));
    if (earlierPk && right) return { left: earlierPk.key, right: right.key, type: 'left' };
  }
  for (const f of fields) {
    if (f.column.toLowerCase() === 'id') continue;
    const left = earlier.find((e) => e.column.toLowerCase() === f.column.toLowerCase());
    if (left) return { left: left.key, right: f.key, type: 'inner' };
  }
  return null;
}

/** True when `column` looks like a reference to `table`: `<stem>_id` / `<stem>Id` with the stem in its name. */
export function refersTo(column: string, table: string): boolean {
  const match = /^(.{3,}?)_?id$/i.exec(column);
  if (!match) return false;
  const stem = match[1]!.toLowerCase();
  const name = table.split('.').pop()!.toLowerCase();
  // user_id → users, order_id → shop_orders_2024, category_id → categories
  return name.includes(stem) || name.replace(/ies(?=_|$)/g, 'y').includes(stem);
}

/** A join row of the wizard: which table it brings in, and its fields (empty until chosen). */
export interface JoinDraft {
  table: string;
  left?: string;
  right?: string;
  type: 'inner' | 'left';
}

/** One join per table after the main one: an existing choice is kept, a new table gets a guess. */
export function joinDrafts(order: readonly string[], fieldsOf: (table: string) => readonly SourceFieldInfo[] | undefined, current: readonly JoinDraft[]): JoinDraft[] {
  return order.slice(1).map((table, i) => {
    const kept = current.find((j) => j.table === table);
    if (kept) return kept;
    const earlier = order.slice(0, i + 1).flatMap((t) => fieldsOf(t) ?? []);
    const guess = guessJoin(earlier, table, fieldsOf(table) ?? []);
    return guess ? { table, ...guess } : { table, type: 'left' };
  });
}

/** True when every join names both of its fields. */
export const joinsComplete = (joins: readonly JoinDraft[]) => joins.every((j) => !!j.left && !!j.right);

/** The index settings of the wizard's last form. */
export interface IndexSettings {
  title: string;
  embeddingModel?: string;
  metric: 'cosine' | 'l2' | 'ip';
  m: number;
  efConstruction: number;
  chunkSize: number;
  template?: string;
  updatedAtField?: string;
  /** Field keys of the main table's key, when the source declares none. */
  primaryKey?: string[];
}

export const DEFAULT_SETTINGS: Omit<IndexSettings, 'title'> = { metric: 'cosine', m: 16, efConstruction: 64, chunkSize: 1000 };

/** `advancedConfig` from the settings: empty optional fields are left out (the server's defaults apply). */
export function advancedConfigOf(settings: Partial<IndexSettings>): AdvancedConfigInput {
  const s = { ...DEFAULT_SETTINGS, ...settings };
  const config: AdvancedConfigInput = {
    chunkSize: s.chunkSize,
    metric: s.metric,
    hnsw: { m: s.m, efConstruction: s.efConstruction },
  };
  if (s.embeddingModel) config.embeddingModel = s.embeddingModel;
  if (s.template?.trim()) config.template = s.template;
  if (s.updatedAtField) config.updatedAtField = s.updatedAtField;
  if (s.primaryKey?.length) config.primaryKey = s.primaryKey;
  return config;
}

/** The plan the preview and the create route read; fields keep the tables' order, joins drop their table. */
export function planOf(dbId: number, order: readonly string[], fieldKeys: readonly string[], joins: readonly JoinDraft[], settings: Partial<IndexSettings> = {}): CollectionPlanInput {
  const tableOf = (key: string) => key.slice(0, key.lastIndexOf('.'));
  const chosen = new Set(order);
  const fields = order.flatMap((t) => fieldKeys.filter((k) => tableOf(k) === t && chosen.has(t)));
  return {
    dbId,
    tableIds: [...order],
    fieldKeys: fields,
    joinConfig: joins.filter((j) => chosen.has(j.table) && j.left && j.right).map((j) => ({ left: j.left!, right: j.right!, type: j.type })),
    advancedConfig: advancedConfigOf(settings),
  };
}

/** Sync schedule presets: cron expressions (five fields, in the platform's zone). */
export const CRON_PRESETS = [
  { key: 'hourly', expression: '0 * * * *' },
  { key: 'daily', expression: '0 2 * * *' },
  { key: 'weekly', expression: '0 2 * * 1' },
] as const;
