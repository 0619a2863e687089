import { buildMenuTree, hasPermission, LAYOUT_COMPONENT, type AppRouteRecord, type MenuNode, type MenuType } from '@app/contracts';
import type { Menu } from '@app/db';

export type { MenuNode };

/** A menu row as the API shows it (seed 004 §1.3): top level has parentId 0. */
export function toNode(m: Menu): MenuNode {
  return {
    id: m.id,
    parentId: m.parentId ?? 0,
    type: m.type as MenuType,
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
  return buildMenuTree(rows.map(toNode));
}

/**
 * What one user may see. The permission is the source of truth (the API enforces the same one): a menu or
 * button with `perms` shows only to holders of it. A menu without `perms` shows to the roles it lists (all
 * when it lists none). A catalog with no visible child is hidden. `*` sees everything.
 * `keepHidden` keeps the entries an admin hid (`isVisible: false`) that the user may open: art-design-pro
 * registers them as routes with `meta.isHide` (reachable, not in the side menu).
 */
export function visibleTree(tree: MenuNode[], user: { roleKey: string; permissions: string[] }, opts: { keepHidden?: boolean } = {}): MenuNode[] {
  const allowed = (n: MenuNode) =>
    n.perms ? hasPermission(user.permissions, n.perms) : hasPermission(user.permissions, '*') || n.roles.length === 0 || n.roles.includes(user.roleKey);
  const walk = (list: MenuNode[]): MenuNode[] =>
    list
      .filter((n) => (n.isVisible || opts.keepHidden) && allowed(n))
      .map((n) => ({ ...n, children: walk(n.children) }))
      .filter((n) => n.type !== 'catalog' || n.children.some((c) => c.type !== 'button'));
  return walk(tree);
}

/**
 * A user's tree as art-design-pro's `AppRouteRecord[]`, in the shape its router accepts unchanged
 * (src/router/core/RouteValidator.ts, MenuProcessor.ts, RouteTransformer.ts): whatever an admin typed, an
 * entry with sub-pages is a folder (`/index/index` at the top level, `''` below), a page always names a
 * view (its path when none is set, so a missing view shows "not found" instead of failing the whole
 * app), every entry has a path (relative below the top level), names are unique, and buttons become the
 * page's `meta.authList`.
 */
export function toRouteRecords(tree: MenuNode[]): AppRouteRecord[] {
  // Route names must be unique, and art-design-pro skips a menu named like one of its static routes
  // (src/router/routes/staticRoutes.ts): the oldest entry keeps a name, later ones get their id appended.
  const taken = new Set(['Login', 'Register', 'ForgetPassword', 'Exception403', 'Exception404', 'Exception500', 'Outside', 'Iframe']);
  const names = new Map<number, string>();
  const all = (list: MenuNode[]): MenuNode[] => list.flatMap((n) => (n.type === 'button' ? [] : [n, ...all(n.children)]));
  for (const n of all(tree).sort((a, b) => a.id - b.id)) {
    const name = n.name && !taken.has(n.name) ? n.name : `${n.name || 'Menu'}${n.id}`;
    taken.add(name);
    names.set(n.id, name);
  }
  const convert = (list: MenuNode[], parentPath: string | null): AppRouteRecord[] =>
    list
      .filter((n) => n.type !== 'button')
      .map((n) => {
        const path = routePath(n.path ?? '', parentPath) || `${parentPath === null ? '/' : ''}menu-${n.id}`;
        const fullPath = parentPath === null || isExternal(path) ? path : joinPaths(parentPath, path);
        const name = names.get(n.id)!;
        const pages = convert(n.children, fullPath);
        const isFolder = pages.length > 0 || n.type === 'catalog';
        const component = isFolder
          ? parentPath === null ? LAYOUT_COMPONENT : ''
          : n.component && n.component !== LAYOUT_COMPONENT ? n.component : n.link || n.isIframe ? '' : fullPath;
        const record: AppRouteRecord = {
          id: n.id,
          path,
          name,
          component,
          meta: {
            title: n.title,
            ...(n.icon ? { icon: n.icon } : {}),
            // a folder whose pages are all hidden is hidden too
            isHide: !n.isVisible || (isFolder && pages.every((p) => p.meta.isHide)),
            keepAlive: n.keepAlive,
            ...(n.link ? { link: n.link } : {}),
            isIframe: n.isIframe,
            authList: n.children.filter((c) => c.type === 'button').map((c) => ({ title: c.title, authMark: c.name ?? c.perms ?? '' })),
          },
          ...(isFolder ? { children: pages } : {}),
        };
        return record;
      });
  return convert(tree, null);
}

const isExternal = (path: string) => /^https?:\/\//i.test(path);

/** `/a/` + `b` → `/a/b` */
function joinPaths(parent: string, child: string): string {
  return `${parent.replace(/\/+$/, '')}/${child}`;
}

/**
 * Top level: absolute. Below: relative to the parent (an absolute `/settings/users` under `/settings`
 * becomes `users`; one elsewhere loses its leading slash and hangs under the parent in both consoles).
 */
function routePath(stored: string, parentPath: string | null): string {
  // '' when nothing usable is stored: the caller names the entry by its id
  const path = stored.trim();
  if (isExternal(path)) return path;
  const clean = path.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  if (parentPath === null) return clean ? `/${clean.replace(/^\/+/, '')}` : '';
  const prefix = `${parentPath.replace(/\/+$/, '')}/`;
  return (clean.startsWith(prefix) ? clean.slice(prefix.length) : clean).replace(/^\/+/, '');
}
