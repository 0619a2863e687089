/** A menu node → what the menus API accepts back, and a node found by id. Pure, unit-tested by test/menu-input.test.ts. */
import type { Id, MenuInput, MenuNode } from '../../../../api/types.js';
import { ROOT_PARENT_ID } from '../../../../lib/menu-order.js';

/** The fields PUT accepts, taken from a node (so a reorder does not wipe anything). */
export function editable(node: MenuNode): MenuInput {
  return {
    parentId: node.parentId ?? ROOT_PARENT_ID,
    type: node.type ?? 'menu',
    title: node.title,
    name: node.name ?? null,
    path: node.path ?? null,
    component: node.component ?? null,
    icon: node.icon ?? null,
    sort: node.sort ?? 0,
    isVisible: node.isVisible !== false,
    perms: node.perms ?? null,
    roles: node.roles ?? [],
    keepAlive: node.keepAlive === true,
    link: node.link ?? null,
    isIframe: node.isIframe === true,
  };
}

export function findNode(nodes: readonly MenuNode[], id: Id): MenuNode | null {
  for (const n of nodes) {
    if (String(n.id) === String(id)) return n;
    const hit = findNode(n.children ?? [], id);
    if (hit) return hit;
  }
  return null;
}
