import type { Vector } from '@app/db';
import type { Embedder } from './embedders/embedder.js';
import { BM25_K1, VectorStoreError, type Bm25Stats, type MetadataFilter, type VectorHit, type VectorStore } from './vector-index.js';
import { planOfRecord, storeId, type StoredAdvanced } from './vector-jobs.js';
import { CollectionBuildingError, CollectionDisabledError, CollectionNotReadyError } from '../../errors.js';

export type SearchType = 'vector' | 'keyword' | 'hybrid';

export interface SearchRequest {
  query: string;
  type: SearchType;
  topK: number;
  /** Results scoring below it are dropped (after fusion, for hybrid). */
  scoreThreshold?: number;
  filters?: MetadataFilter;
  /** Reciprocal-rank fusion: score = Σ weight / (k + rank), normalised so that first in every list is 1. */
  fusion?: { k?: number; vectorWeight?: number; keywordWeight?: number };
}

export interface SearchResult {
  id: string;
  score: number;
  content: string;
  metadata: Record<string, unknown>;
  /** Where the query's words occur in `content`: [start, end) UTF-16 offsets, in order, not overlapping. */
  highlights: { start: number; end: number }[];
}

/**
 * Why a collection may not be searched now, or null when it may: it must be enabled and built (a sync may run
 * meanwhile: its vectors stay). Search refuses with the reason; a knowledge base skips the collection.
 */
export function unsearchable(v: Vector): 'disabled' | 'building' | 'not-ready' | null {
  if (!v.isEnabled) return 'disabled';
  if (v.status === 'building') return 'building';
  return v.status === 'ready' ? null : 'not-ready';
}

/** Throws the typed 409 of an unsearchable collection. */
export function searchable(v: Vector) {
  const why = unsearchable(v);
  if (why === 'disabled') throw new CollectionDisabledError(v.title);
  if (why === 'building') throw new CollectionBuildingError();
  if (why === 'not-ready') throw new CollectionNotReadyError();
}

/** Fuses ranked lists by reciprocal rank; a list's weight scales its say. Scores are 0…1, higher is better. */
export function reciprocalRankFusion(lists: { hits: VectorHit[]; weight: number }[], k: number): VectorHit[] {
  const fused = new Map<string, VectorHit>();
  const best = lists.reduce((sum, l) => sum + l.weight / (k + 1), 0) || 1;
  for (const { hits, weight } of lists) {
    if (weight <= 0) continue; // a list given no say adds nothing, not even its rows at score 0
    hits.forEach((hit, i) => {
      const add = weight / (k + i + 1) / best;
      const had = fused.get(hit.key);
      fused.set(hit.key, had ? { ...had, score: had.score + add } : { ...hit, score: add });
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
}

/** The ranges of `content` where a query word occurs (case-insensitive), merged. */
export function highlightsOf(content: string, words: string[]): SearchResult['highlights'] {
  const lower = content.toLowerCase();
  const ranges: [number, number][] = [];
  for (const word of new Set(words.filter((w) => w.length > 0))) {
    for (let at = lower.indexOf(word); at !== -1 && ranges.length < 200; at = lower.indexOf(word, at + word.length)) ranges.push([at, at + word.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: SearchResult['highlights'] = [];
  for (const [start, end] of ranges) {
    const last = merged.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

/**
 * The store's own refusals as the caller can act on them: vectors that are gone (a wiped data dir) or of
 * another dimension than the model now gives both mean "rebuild the collection", never a 500.
 */
async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof VectorStoreError && (err.code === 'VEC_STORE_NO_COLLECTION' || err.code === 'VEC_STORE_BAD_EMBEDDING')) throw new CollectionNotReadyError();
    throw err;
  }
}

/** pgvector's own default of hnsw.ef_search: what a collection searches with until one is set. */
export const DEFAULT_EF_SEARCH = 40;

/** The collection's hnsw.ef_search (advancedConfig.efSearch, set by PUT /api/vectors/:id/search-config). */
export function efSearchOf(v: Pick<Vector, 'advancedConfig'>): number {
  const stored = (v.advancedConfig as { efSearch?: unknown } | null)?.efSearch;
  return typeof stored === 'number' && Number.isInteger(stored) && stored >= 1 ? stored : DEFAULT_EF_SEARCH;
}

/**
 * BM25's statistics per collection (row count, mean length, each word's document frequency), kept per
 * vector store and per version of the collection record: a build, sync or rebuild ends by writing the
 * record (status, docCount, lastSyncAt, lastError), which changes updatedAt, so the next keyword search
 * counts again, in this process or any other. A sync cancelled midway writes no record: STATS_TTL_MS bounds
 * how long statistics that miss its rows are used. Words are counted as queries bring them, at most MAX_WORDS a collection.
 */
const STATS_TTL_MS = 10 * 60_000;
const MAX_WORDS = 20_000;
interface CachedStats {
  version: string;
  at: number;
  corpus: Promise<{ docs: number; avgLength: number }>;
  df: Map<string, number>;
}
const statsCache = new WeakMap<VectorStore, Map<string, CachedStats>>();

/** The BM25 statistics of these words in collection v, counted only for what this version has not seen. */
export async function bm25Stats(store: VectorStore, v: Pick<Vector, 'id' | 'updatedAt' | 'docCount' | 'status'>, words: string[]): Promise<Bm25Stats> {
  const id = storeId(v.id);
  let byId = statsCache.get(store);
  if (!byId) statsCache.set(store, (byId = new Map()));
  const version = `${v.updatedAt.getTime()}:${v.docCount}:${v.status}`;
  let entry = byId.get(id);
  if (!entry || entry.version !== version || Date.now() - entry.at > STATS_TTL_MS) {
    const corpus = store.corpusStats(id);
    entry = { version, at: Date.now(), corpus, df: new Map() };
    byId.set(id, entry);
    corpus.catch(() => byId.get(id) === entry && byId.delete(id)); // a failure is not remembered
  }
  const missing = [...new Set(words)].filter((w) => w.length > 0 && !entry.df.has(w));
  const [corpus, counted] = await Promise.all([entry.corpus, missing.length > 0 ? store.documentFrequencies(id, missing) : new Map<string, number>()]);
  const df = new Map(words.map((w) => [w, entry.df.get(w) ?? counted.get(w) ?? 0]));
  if (entry.df.size + counted.size > MAX_WORDS) entry.df.clear();
  for (const [w, n] of counted) entry.df.set(w, n);
  return { ...corpus, df };
}

/**
 * The best k rows by BM25, scoring only what can rank (MaxScore): a row with none but the most common query
 * words scores below Σ idf × (k1 + 1) over them, so once the k-th best of the rows having a rarer word scores
 * at least that, no other row can enter the k. Common words are left out of the rows scanned while their bound
 * stays below the rarest word's idf (a guess of what the k-th will score); if the k-th falls short of the
 * bound, or fewer than k rows are found, the search runs again over every row with a query word. Exact either
 * way: the same rows in the same order, the same scores (to the last bit of a differently ordered sum).
 */
export async function keywordTopK(store: VectorStore, v: Vector, words: string[], k: number, filters?: MetadataFilter): Promise<VectorHit[]> {
  const id = storeId(v.id);
  const stats = await bm25Stats(store, v, words);
  const idf = (w: string) => {
    const df = stats.df.get(w) ?? 0;
    return Math.log(1 + (stats.docs - df + 0.5) / (df + 0.5));
  };
  const commonFirst = [...new Set(words)].filter((w) => w.length > 0).sort((a, b) => idf(a) - idf(b));
  const rarest = commonFirst.length > 0 ? idf(commonFirst.at(-1)!) : 0;
  let bound = 0;
  let cut = 0;
  while (cut < commonFirst.length - 1 && bound + (BM25_K1 + 1) * idf(commonFirst[cut]!) < rarest) bound += (BM25_K1 + 1) * idf(commonFirst[cut++]!);
  if (cut > 0) {
    const hits = await store.keywordSearch(id, words, k, filters, stats, commonFirst.slice(cut));
    // A margin for the database's ln and sum against JavaScript's.
    if (hits.length >= k && hits[k - 1]!.score >= bound * (1 + 1e-9) + 1e-12) return hits;
  }
  return store.keywordSearch(id, words, k, filters, stats);
}

/**
 * Searches one collection: `vector` (HNSW over the query's embedding by the collection's own model),
 * `keyword` (full text over the collection's segmented text), or `hybrid` (both, fused by reciprocal rank).
 */
export async function searchCollection(
  deps: { store: VectorStore; embedders: { get(model: string): Promise<Embedder> }; tokenize: (text: string) => string[] },
  v: Vector,
  req: SearchRequest,
): Promise<SearchResult[]> {
  searchable(v);
  const advanced = planOfRecord(v).advanced as StoredAdvanced;
  const id = storeId(v.id);
  const words = deps.tokenize(req.query);
  // Fusion needs more than topK from each side, or a row ranked well by both but topK+1 by one is missed.
  const depth = req.type === 'hybrid' ? Math.max(req.topK * 4, 50) : req.topK;
  const byVector = async () => {
    const [embedding] = await (await deps.embedders.get(advanced.embeddingModel)).embed([req.query]);
    return storeCall(() => deps.store.search(id, embedding!, depth, req.filters, { efSearch: efSearchOf(v) }));
  };
  const byKeyword = () => storeCall(() => keywordTopK(deps.store, v, words, depth, req.filters));
  let hits: VectorHit[];
  if (req.type === 'vector') hits = await byVector();
  else if (req.type === 'keyword') hits = await byKeyword();
  else {
    const [vector, keyword] = await Promise.all([byVector(), byKeyword()]);
    const f = req.fusion ?? {};
    hits = reciprocalRankFusion([{ hits: vector, weight: f.vectorWeight ?? 1 }, { hits: keyword, weight: f.keywordWeight ?? 1 }], f.k ?? 60);
  }
  return hits
    .filter((h) => req.scoreThreshold === undefined || h.score >= req.scoreThreshold)
    .slice(0, req.topK)
    .map((h) => ({ id: h.key, score: h.score, content: h.content, metadata: h.metadata, highlights: highlightsOf(h.content, words) }));
}

export interface RecallReport {
  efSearch: number;
  /** Queries measured: random stored rows (those with a direction: a zero vector has no neighbours by cosine). */
  sample: number;
  topK: number;
  docCount: number;
  /** Mean recall@topK of HNSW at efSearch against exact search, 0…1; null when no query could be measured (no rows). */
  recall: number | null;
  perQuery: { key: string; recall: number }[];
  /** Mean milliseconds a query, each way. */
  hnswMs: number;
  exactMs: number;
}

/**
 * Recall of the collection's HNSW index: the embeddings of `sample` random stored rows as queries, each
 * searched through the index at `efSearch` and exactly (every row's distance sorted), recall@topK = the share
 * of the exact top k that HNSW found. A hit as close as the exact k-th (a tie the exact list cut arbitrarily)
 * counts as found. The collection must be built (a disabled one may be checked: it is the operator's tuning).
 */
export async function recallCheck(store: VectorStore, v: Vector, opts: { sample: number; topK: number; efSearch: number }): Promise<RecallReport> {
  if (v.status === 'building') throw new CollectionBuildingError();
  if (v.status !== 'ready') throw new CollectionNotReadyError();
  const id = storeId(v.id);
  const queries = await storeCall(() => store.sample(id, opts.sample));
  const perQuery: RecallReport['perQuery'] = [];
  let hnswMs = 0;
  let exactMs = 0;
  for (const q of queries) {
    let started = performance.now();
    const exact = await storeCall(() => store.search(id, q.embedding, opts.topK, undefined, { exact: true }));
    if (exact.length === 0) continue; // a zero vector: nothing is near it
    exactMs += performance.now() - started;
    started = performance.now();
    const hnsw = await storeCall(() => store.search(id, q.embedding, opts.topK, undefined, { efSearch: opts.efSearch }));
    hnswMs += performance.now() - started;
    const wanted = new Set(exact.map((h) => h.key));
    const kth = exact.at(-1)!.score;
    const found = hnsw.filter((h) => wanted.has(h.key) || h.score >= kth - 1e-6).length;
    perQuery.push({ key: q.key, recall: Math.min(found, exact.length) / exact.length });
  }
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  const measured = perQuery.length;
  return {
    efSearch: opts.efSearch,
    sample: measured,
    topK: opts.topK,
    docCount: v.docCount,
    recall: measured ? round(perQuery.reduce((sum, q) => sum + q.recall, 0) / measured, 4) : null,
    perQuery,
    hnswMs: measured ? round(hnswMs / measured, 3) : 0,
    exactMs: measured ? round(exactMs / measured, 3) : 0,
  };
}
