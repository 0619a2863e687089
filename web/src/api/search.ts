/**
 * 向量搜索 (seed 004 §5, services/vectors routes/search): the collections one may search and the search itself.
 * The answers are the contracts' types.
 */
import type { SearchAnswer, SearchHit, SearchKind, SearchRequestBody } from '@app/contracts/schemas/vectors';
import { http } from './http';

export type { SearchAnswer, SearchHit };

export type SearchType = SearchKind;

/** `POST /api/search/vector`'s body; `type` and `topK` always sent. */
export type SearchInput = SearchRequestBody;

/** The collections that may be searched now: enabled and built. */
export const listSearchableCollections = () => http.get<{ id: number; title: string }[]>('/api/vectors/simple-list');

/** Silent: the page shows the translated reason where the results would be. */
export const searchVectors = (input: SearchInput, signal?: AbortSignal) => http.post<SearchAnswer>('/api/search/vector', input, { silent: true, signal });
