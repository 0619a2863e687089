/** Pagination shape of api.md, with tolerant readers for endpoints that return a bare array. */
export interface Page<T> {
  records: T[];
  total: number;
  current: number;
  size: number;
}

type Loose = { records?: unknown; list?: unknown; items?: unknown; total?: unknown; current?: unknown; size?: unknown };

/** The rows of a list response: a bare array, or `records` / `list` / `items` of an object. */
export function asList<T>(data: unknown): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object') {
    const d = data as Loose;
    for (const rows of [d.records, d.list, d.items]) if (Array.isArray(rows)) return rows as T[];
  }
  return [];
}

export function toPage<T>(data: unknown, current = 1, size = 10): Page<T> {
  const records = asList<T>(data);
  const d = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Loose;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  return {
    records,
    total: num(d.total, records.length),
    current: num(d.current, current),
    size: num(d.size, size),
  };
}
