/**
 * Drag-and-drop reordering of the menu tree (settings → menus). Pure: given the tree and a drop,
 * returns the new tree and the minimal list of `{ id, parentId, sort }` updates to PUT.
 */
import type { MenuId, MenuItem } from './menu-tree.js';

export type DropPosition = 'before' | 'after' | 'inside';

export interface SortChange {
  id: MenuId;
  parentId: MenuId;
  sort: number;
}

export interface ReorderResult<T extends MenuItem> {
  tree: T[];
  changes: SortChange[];
}

/** Root-level menus have parentId 0 (seed 004). */
export const ROOT_PARENT_ID = 0;

const same = (a: MenuId | null | undefined, b: MenuId | null | undefined) => a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);

function clone<T extends MenuItem>(nodes: readonly T[]): T[] {
  return nodes.map((n) => ({ ...n, children: n.children ? clone(n.children as T[]) : n.children }));
}

function find<T extends MenuItem>(nodes: T[], id: MenuId, parent: T | null = null): { node: T; siblings: T[]; parent: T | null } | null {
  for (const node of nodes) {
    if (same(node.id, id)) return { node, siblings: nodes, parent };
    const hit = find((node.children ?? []) as T[], id, node);
    if (hit) return hit;
  }
  return null;
}

function contains(node: MenuItem, id: MenuId): boolean {
  return (node.children ?? []).some((c) => same(c.id, id) || contains(c, id));
}

/** Antd Tree's `onDrop` info → our position: dropped on the node itself means "inside". */
export function dropPositionFromTree(dropToGap: boolean, relative: number): DropPosition {
  if (!dropToGap) return 'inside';
  return relative < 0 ? 'before' : 'after';
}

/**
 * Moves `dragId` before/after `targetId`, or inside it as first child. Returns null when the move
 * is impossible: unknown ids, onto itself, into its own subtree, or inside a button.
 */
export function reorderMenus<T extends MenuItem>(tree: readonly T[], dragId: MenuId, targetId: MenuId, position: DropPosition): ReorderResult<T> | null {
  if (same(dragId, targetId)) return null;
  const next = clone(tree);
  const drag = find(next, dragId);
  const target = find(next, targetId);
  if (!drag || !target) return null;
  if (contains(drag.node, targetId)) return null;
  if (position === 'inside' && target.node.type === 'button') return null;

  drag.siblings.splice(drag.siblings.indexOf(drag.node), 1);

  let siblings: T[];
  let parentId: MenuId;
  if (position === 'inside') {
    target.node.children = (target.node.children ?? []) as T[];
    siblings = target.node.children as T[];
    siblings.unshift(drag.node);
    parentId = target.node.id;
  } else {
    // Re-locate the target: removing the dragged node may have shifted it.
    const where = find(next, targetId)!;
    siblings = where.siblings;
    const at = siblings.indexOf(where.node) + (position === 'after' ? 1 : 0);
    siblings.splice(at, 0, drag.node);
    parentId = where.parent ? where.parent.id : ROOT_PARENT_ID;
  }

  const changes: SortChange[] = [];
  siblings.forEach((node, index) => {
    const sort = index + 1;
    const moved = node === drag.node;
    const oldParent = node.parentId ?? ROOT_PARENT_ID;
    if (node.sort !== sort || (moved && !same(oldParent, parentId))) {
      changes.push({ id: node.id, parentId, sort });
    }
    node.sort = sort;
    if (moved) node.parentId = parentId;
  });
  return { tree: next, changes };
}
