import { pageOf } from '@app/service-kit';

/**
 * A paginated list's answer (the kit's `Page` schema): the page the query asks for (`current`/`size` or their
 * aliases `page`/`pageSize`), loaded by `load` (a repository's `page(filter, { skip, take })`) and each row
 * shown with `view`.
 */
export async function listPage<R, V>(
  query: Parameters<typeof pageOf>[0],
  load: (page: { skip: number; take: number }) => Promise<{ rows: R[]; total: number }>,
  view: (row: R) => V,
) {
  const page = pageOf(query);
  const { rows, total } = await load(page);
  return { records: rows.map(view), total, current: page.current, size: page.size };
}
