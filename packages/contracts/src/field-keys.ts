// Field keys (`<tableId>.<column>`) and the metadata names a collection stores them under: one rule for the
// vectors service that writes the metadata and the console that filters on it. No runtime dependency.

/** `shop.orders.title` → `{ table: 'shop.orders', column: 'title' }` (split at the last dot). */
export function splitFieldKey(key: string): { table: string; column: string } {
  const at = key.lastIndexOf('.');
  return at <= 0 ? { table: '', column: key } : { table: key.slice(0, at), column: key.slice(at + 1) };
}

/** Each field key's metadata name: its column, or `table.column` when two of the fields share that column. */
export function metadataNames(keys: string[]): Map<string, string> {
  const parts = keys.map((key) => ({ key, ...splitFieldKey(key) }));
  const count = new Map<string, number>();
  for (const p of parts) count.set(p.column, (count.get(p.column) ?? 0) + 1);
  return new Map(parts.map((p) => [p.key, count.get(p.column)! > 1 ? `${p.table}.${p.column}` : p.column]));
}
