import type { SearchInput, SearchType } from '../../../api/search';
import { metadataNames } from '@app/contracts/field-keys';

/** The search types, in the order the page offers them and compare mode shows them. */
export const SEARCH_TYPES: readonly SearchType[] = ['vector', 'keyword', 'hybrid'];

/** One metadata filter row: a column and the values it may have (any of them). */
export interface FilterRow {
  column?: string;
  values: string[];
}

export interface SearchForm {
  vectorId?: number;
  query: string;
  type: SearchType;
  topK: number;
  scoreThreshold?: number | null;
  filters: FilterRow[];
  /** Hybrid only; blank fields keep the server's defaults (k 60, weights 1). */
  fusion: { k?: number | null; vectorWeight?: number | null; keywordWeight?: number | null };
}

export const DEFAULT_TOP_K = 10;
export const MAX_TOP_K = 100;

export const DEFAULT_FORM: SearchForm = { query: '', type: 'vector', topK: DEFAULT_TOP_K, filters: [], fusion: {} };

/**
 * The filter rows as the request's `filters`: rows without a column or a value are skipped, a row of one
 * value sends it alone, and two rows on one column join their values (any of them). Undefined when none.
 */
export function filtersOf(rows: readonly FilterRow[]): SearchInput['filters'] {
  const byColumn = new Map<string, string[]>();
  for (const row of rows) {
    const column = row.column?.trim();
    const values = row.values.map((v) => v.trim()).filter((v) => v !== '');
    if (!column || values.length === 0) continue;
    const had = byColumn.get(column) ?? [];
    byColumn.set(column, [...new Set([...had, ...values])]);
  }
  if (byColumn.size === 0) return undefined;
  return Object.fromEntries([...byColumn].map(([column, values]) => [column, values.length === 1 ? values[0]! : values]));
}

const present = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/** The request for one search type (compare mode sends the same form three times, one type each). */
export function requestOf(form: SearchForm & { vectorId: number }, type: SearchType = form.type): SearchInput {
  const input: SearchInput = { vectorId: form.vectorId, query: form.query.trim(), type, topK: form.topK };
  if (present(form.scoreThreshold)) input.scoreThreshold = form.scoreThreshold;
  const filters = filtersOf(form.filters);
  if (filters) input.filters = filters;
  if (type === 'hybrid') {
    const fusion = Object.fromEntries(Object.entries(form.fusion).filter(([, v]) => present(v)));
    if (Object.keys(fusion).length) input.fusion = fusion;
  }
  return input;
}

/** What the URL keeps so a search can be shared: collection, query, type (or compare) and topK. */
export interface UrlState {
  vectorId?: number;
  query: string;
  type: SearchType;
  compare: boolean;
  topK: number;
}

export function readUrl(params: URLSearchParams): UrlState {
  const id = Number(params.get('collection'));
  const topK = Number(params.get('topK'));
  const type = params.get('type');
  return {
    vectorId: Number.isInteger(id) && id > 0 ? id : undefined,
    query: params.get('q') ?? '',
    type: SEARCH_TYPES.includes(type as SearchType) ? (type as SearchType) : 'vector',
    compare: type === 'compare',
    topK: Number.isInteger(topK) && topK >= 1 && topK <= MAX_TOP_K ? topK : DEFAULT_TOP_K,
  };
}

export function writeUrl(state: UrlState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.vectorId) params.set('collection', String(state.vectorId));
  if (state.query) params.set('q', state.query);
  params.set('type', state.compare ? 'compare' : state.type);
  if (state.topK !== DEFAULT_TOP_K) params.set('topK', String(state.topK));
  return params;
}

/**
 * The metadata columns of a collection, as its vectors' metadata names them (contracts' metadataNames, which
 * the vectors service writes with): the column, or `table.column` when two chosen fields share a column name.
 */
export function metadataColumns(collection: { fieldKeys: string[]; advancedConfig: Record<string, unknown> }): string[] {
  const chosen = collection.advancedConfig.metadataFields;
  const keys = Array.isArray(chosen) ? chosen.filter((k): k is string => typeof k === 'string') : collection.fieldKeys;
  return [...new Set(metadataNames(keys).values())];
}

/** A score as the list shows it. */
export const formatScore = (score: number) => score.toFixed(4);

/** A metadata value as a tag shows it. */
export function metadataText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
