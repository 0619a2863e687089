import { hasPermission } from '@app/contracts';
import type { Menu } from '@app/db';

/** A menu row as the API shows it (seed 004 §1.3): top level has parentId 0. */
export interface MenuNode {
  id: number;
  parentId: number;
  type: string;
  title: string;
  name: string | null;
  path: string | null;
  component: string | null;
  icon: string | null;
  sort: number;
  isVisible: boolean;
  perms: string | null;
  roles: string[];
  keepAlive: boolean;
  link: string | null;
  isIframe: boolean;
  children: MenuNode[];
}

export function toNode(m: Menu): MenuNode {
  return {
    id: m.id,
    parentId: m.parentId ?? 0,
    type: m.type,
    title: m.title,
    name: m.name,
    path: m.path,
    component: m.component,
    icon: m.icon,
    sort: m.sort,
    isVisible: m.isVisible,
    perms: m.perms,
    roles: Array.isArray(m.roles) ? (m.roles as string[]) : [],
    keepAlive: m.keepAlive,
    link: m.link,
    isIframe: m.isIframe,
    children: [],
  };
}

/** Flat rows (any order) → forest sorted by `sort`, then id. Orphans (parent deleted) are dropped. */
export function buildTree(rows: Menu[]): MenuNode[] {
  const nodes = new Map(rows.map((r) => [r.id, toNode(r)]));
  const roots: MenuNode[] = [];
  for (const node of nodes.values()) {
    if (node.parentId === 0) roots.push(node);
    else nodes.get(node.parentId)?.children.push(node);
  }
  const order = (list: MenuNode[]) => {
    list.sort((a, b) => a.sort - b.sort || a.id - b.id);
    list.forEach((n) => order(n.children));
    return list;
  };
  return order(roots);
}

/**
 * What one user may see. The permission is the source of truth (the API enforces the same one): a menu or
 * button with `perms` shows only to holders of it. A menu without `perms` shows to the roles it lists (all
 * when it lists none). A catalog with no visible child is hidden. `*` sees everything.
 */
export function visibleTree(tree: MenuNode[], user: { roleKey: string; permissions: string[] }): MenuNode[] {
  const allowed = (n: MenuNode) =>
    n.perms ? hasPermission(user.permissions, n.perms) : hasPermission(user.permissions, '*') || n.roles.length === 0 || n.roles.includes(user.roleKey);
  const walk = (list: MenuNode[]): MenuNode[] =>
    list
      .filter((n) => n.isVisible && allowed(n))
      .map((n) => ({ ...n, children: walk(n.children) }))
      .filter((n) => n.type !== 'catalog' || n.children.some((c) => c.type !== 'button'));
  return walk(tree);
}

/** art-design-pro's `AppRouteRecord`: buttons become the parent page's `meta.authList`. */
export interface AppRouteRecord {
  id: number;
  path: string;
  name: string;
  component?: string;
  meta: {
    title: string;
    icon?: string;
    keepAlive: boolean;
    link?: string;
    isIframe: boolean;
    roles: string[];
    authList: { title: string; authMark: string }[];
  };
  children?: AppRouteRecord[];
}

export function toRouteRecords(tree: MenuNode[]): AppRouteRecord[] {
  return tree
    .filter((n) => n.type !== 'button')
    .map((n) => {
      const pages = toRouteRecords(n.children);
      const record: AppRouteRecord = {
        id: n.id,
        path: n.path ?? '',
        name: n.name ?? `Menu${n.id}`,
        ...(n.component ? { component: n.component } : {}),
        meta: {
          title: n.title,
          ...(n.icon ? { icon: n.icon } : {}),
          keepAlive: n.keepAlive,
          ...(n.link ? { link: n.link } : {}),
          isIframe: n.isIframe,
          roles: n.roles,
          authList: n.children.filter((c) => c.type === 'button').map((c) => ({ title: c.title, authMark: c.name ?? c.perms ?? '' })),
        },
        ...(pages.length ? { children: pages } : {}),
      };
      return record;
    });
}
