/** The pager of a list page (api.md's `current` / `size`): what a page change or a removal leads to. Pure. */
export interface Paging {
  current: number;
  size: number;
}

/** After the pager changed: a new page size starts at the first page (the old number would point elsewhere). */
export function pageAfterChange(shown: Paging, current: number, size: number): Paging {
  return { current: size === shown.size ? current : 1, size };
}

/** After `removed` rows of the `rows` shown went away: the page before when none is left on this one. */
export function pageAfterRemoval(shown: Paging, rows: number, removed = 1): Paging {
  return removed >= rows && shown.current > 1 ? { ...shown, current: shown.current - 1 } : shown;
}
