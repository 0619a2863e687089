import { useState } from 'react';
import { keepPreviousData, useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import type { Page } from '../../lib/page';
import { pageAfterChange, pageAfterRemoval, type Paging } from '../../lib/paging';
import { useInvalidate } from './use-resource-mutation';

export interface PagedListOptions<T, F extends object> {
  /** Prefix of the query key: every page lives under it and `refresh` refetches it. */
  key: QueryKey;
  fetch: (params: Paging & Partial<F>, signal: AbortSignal) => Promise<Page<T>>;
  /** The first page size (default 10). */
  size?: number;
  /** Filters the page holds itself (shared with a chart, say); when they change the list shows its first page. */
  where?: Partial<F>;
  enabled?: boolean;
  refetchInterval?: UseQueryOptions<Page<T>>['refetchInterval'];
}

/**
 * One paged list: the query params (`current` / `size` and the filters), the query, and what the pager, a
 * search form and a mutation do with it. `ResourceTable` draws it.
 */
export function usePagedList<T, F extends object = object>({ key, fetch, size = 10, where, enabled, refetchInterval }: PagedListOptions<T, F>) {
  const [filters, setFilterState] = useState<Partial<F>>({});
  // The page number is kept with the `where` it was chosen under: new outside filters start at page 1.
  const scope = JSON.stringify(where ?? null);
  const [paging, setPaging] = useState({ current: 1, size, scope });
  if (paging.scope !== scope) setPaging({ current: 1, size: paging.size, scope });
  const shown: Paging = { current: paging.scope === scope ? paging.current : 1, size: paging.size };
  const params = { ...where, ...filters, ...shown };

  const query = useQuery({
    queryKey: [...key, params],
    queryFn: ({ signal }) => fetch(params, signal),
    placeholderData: keepPreviousData,
    enabled,
    refetchInterval,
  });
  const refresh = useInvalidate(key);
  const records = query.data?.records;
  const go = (next: Paging) => setPaging({ ...next, scope });

  return {
    query,
    records,
    params,
    filters,
    /** Applies a search form's values, from the first page (a repeated search too). */
    setFilters: (next: Partial<F>) => {
      setFilterState(next);
      go({ ...shown, current: 1 });
    },
    pager: { ...shown, total: query.data?.total ?? 0, setPage: (current: number, nextSize: number) => go(pageAfterChange(shown, current, nextSize)) },
    /** After a removal: the page before when the last rows of this one went. */
    afterRemove: (removed = 1) => go(pageAfterRemoval(shown, records?.length ?? 0, removed)),
    refresh,
  };
}

export type PagedList<T, F extends object = object> = ReturnType<typeof usePagedList<T, F>>;
