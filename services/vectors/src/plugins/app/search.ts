import type { Vector } from '@app/db';
import type { Embedder } from './embedders/embedder.js';
import { VectorStoreError, type MetadataFilter, type VectorHit, type VectorStore } from './vector-index.js';
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
    return storeCall(() => deps.store.search(id, embedding!, depth, req.filters));
  };
  const byKeyword = () => storeCall(() => deps.store.keywordSearch(id, words, depth, req.filters));
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
