/**
 * The menu tree of seed 004 §1.3, built from flat rows linked by `parentId`: by the auth service from its
 * table, by the console from a flat list. Node shapes are in schemas/menus.ts; this module holds no schema so
 * the console bundles only these few functions.
 */

/** Ids are numbers in the table; the console also builds nodes with string ids (art-design-pro's buttons). */
export type MenuId = number | string;

/** What the builder reads of a row: 0, null or no parent puts it at the top level. */
export interface MenuLink {
  id: MenuId;
  parentId?: MenuId | null;
  sort?: number | null;
}

/** Siblings' order: `sort`, then id (when both are numbers; otherwise their order stays). */
export function compareMenus(a: MenuLink, b: MenuLink): number {
  return (a.sort ?? 0) - (b.sort ?? 0) || (typeof a.id === 'number' && typeof b.id === 'number' ? a.id - b.id : 0);
}

/**
 * Flat rows (any order) → forest, every level sorted by `compareMenus`. A row whose parent is not among the
 * rows (deleted) is dropped with everything under it. Rows are copied, each with its own `children`.
 */
export function buildMenuTree<T extends MenuLink>(rows: readonly T[]): (T & { children: T[] })[] {
  type Node = T & { children: Node[] };
  const nodes = new Map<string, Node>(rows.map((row) => [String(row.id), { ...row, children: [] }]));
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    if (!node.parentId || node.parentId === '0') roots.push(node);
    else nodes.get(String(node.parentId))?.children.push(node);
  }
  // Walked from the roots only, so a cycle in bad data (a row its own ancestor) is dropped, not followed.
  const order = (list: Node[]): Node[] => {
    list.sort(compareMenus);
    for (const node of list) order(node.children);
    return list;
  };
  return order(roots);
}
