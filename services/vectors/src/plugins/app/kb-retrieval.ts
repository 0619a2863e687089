import type { KnowledgeBase, Vector } from '@app/db';
import type { KbRetrievalAnswer, KbRetrievalConfig } from '@app/contracts';
import { searchCollection, unsearchable, type SearchResult } from './search.js';
import type { Embedder } from './embedders/embedder.js';
import type { MetadataFilter, VectorStore } from './vector-index.js';

export const DEFAULT_RETRIEVAL: KbRetrievalConfig = { type: 'hybrid', topK: 5, scoreThreshold: 0 };

/** The stored settings, completed with the defaults (older rows may lack some or all). */
export function retrievalConfigOf(kb: KnowledgeBase): KbRetrievalConfig {
  const stored = (kb.retrievalConfig ?? {}) as Partial<KbRetrievalConfig>;
  return { ...DEFAULT_RETRIEVAL, ...stored };
}

export const vectorIdsOf = (kb: KnowledgeBase): number[] => (Array.isArray(kb.vectorIds) ? (kb.vectorIds as number[]) : []);

type Skipped = KbRetrievalAnswer['skipped'][number];
type Hit = SearchResult & { vectorId: number };

/**
 * Retrieval over every collection of a knowledge base. Each collection is searched on its own with the
 * threshold in its own terms (a score of that collection's search type, as /api/search/vector answers), then
 * the lists are made comparable by max-normalisation (each score divided by the best score of its collection:
 * a min-max with the minimum pinned at 0, so a collection's best is 1 and relative gaps inside it are kept;
 * collections whose embedders score on different scales no longer drown each other) and merged by that
 * score, ties by the raw score. A normalised score is never below the raw one, so a caller that filters the
 * answer by the same threshold (Dify does) keeps every row.
 * A collection that is disabled, not built or deleted is skipped and named in `skipped`: one broken
 * collection must not make the whole knowledge base unusable.
 */
export async function retrieve(
  deps: {
    vectors: { findMany(ids: number[]): Promise<Vector[]> };
    store: VectorStore;
    embedders: { get(model: string): Promise<Embedder> };
    tokenize: (text: string) => string[];
  },
  kb: KnowledgeBase,
  req: { query: string; topK?: number; scoreThreshold?: number; filters?: MetadataFilter },
): Promise<{ results: Hit[]; skipped: Skipped[] }> {
  const config = retrievalConfigOf(kb);
  const topK = req.topK ?? config.topK;
  const scoreThreshold = req.scoreThreshold ?? config.scoreThreshold;
  const ids = vectorIdsOf(kb);
  const found = new Map((await deps.vectors.findMany(ids)).map((v) => [v.id, v]));
  const skipped: Skipped[] = [];
  const usable: Vector[] = [];
  for (const id of ids) {
    const v = found.get(id);
    if (!v) skipped.push({ vectorId: id, title: null, reason: 'missing' });
    else {
      const why = unsearchable(v);
      if (why) skipped.push({ vectorId: id, title: v.title, reason: why === 'disabled' ? 'disabled' : 'not-ready' });
      else usable.push(v);
    }
  }
  const lists = await Promise.all(
    usable.map(async (v) => {
      const hits = await searchCollection(deps, v, { query: req.query, type: config.type, topK, scoreThreshold, filters: req.filters });
      const best = hits[0]?.score ?? 0;
      return hits.map((h) => ({ hit: { ...h, vectorId: v.id }, normalised: best > 0 ? h.score / best : 0 }));
    }),
  );
  const merged = lists
    .flat()
    .sort((a, b) => b.normalised - a.normalised || b.hit.score - a.hit.score || a.hit.vectorId - b.hit.vectorId || a.hit.id.localeCompare(b.hit.id))
    .slice(0, topK)
    .map(({ hit, normalised }) => ({ ...hit, score: Math.round(normalised * 1e6) / 1e6 }));
  return { results: merged, skipped };
}
