/**
 * The user's menu tree — art-design-pro's `AppRouteRecord[]` from `GET /api/v3/system/menus`, the same
 * tree art-design-pro reads — turned into what the console needs: the side menu (visible catalogs and
 * menus), the routes the user may open (every `menu` node with a path), and the mapping of a menu's
 * `component` string to a page module. The editor's rows (the API's `MenuNode`) share the helpers.
 */
import { buildMenuTree, compareMenus, type MenuId } from '@app/contracts/menu-tree';
import { LAYOUT_COMPONENT, SHARED_VIEWS, type AppRouteRecord } from '@app/contracts/route-records';
import type { MenuNode, MenuType } from '@app/contracts/schemas/menus';

export type { MenuId };

/**
 * A menu as the console reads it: the API's `MenuNode`, or one made from an `AppRouteRecord` (fewer
 * fields; its buttons get `<page id>:<authMark>` ids).
 */
export type MenuItem = Partial<Omit<MenuNode, 'id' | 'parentId' | 'title' | 'children'>> & {
  id: MenuId;
  parentId?: MenuId | null;
  title: string;
  children?: MenuItem[] | null;
};

/** A node after `normalizeMenus`: type known, path absolute, children sorted. */
export interface NormalMenu extends Omit<MenuItem, 'children' | 'type' | 'path'> {
  type: MenuType;
  path: string;
  children: NormalMenu[];
}

export interface MenuRoute {
  id: MenuId;
  path: string;
  title: string;
  name?: string | null;
  component?: string | null;
  icon?: string | null;
  perms?: string | null;
  link?: string | null;
  isIframe: boolean;
  keepAlive: boolean;
  hidden: boolean;
  /** Side-menu keys of the catalogs above this route, outermost first. */
  ancestorKeys: string[];
  /** Titles and paths of the entries above this route, outermost first (breadcrumb). */
  ancestorTitles: string[];
  ancestorPaths: string[];
}

export interface SideMenuItem {
  key: string;
  id: MenuId;
  title: string;
  icon?: string | null;
  path: string;
  link?: string | null;
  isIframe: boolean;
  children?: SideMenuItem[];
}

export function catalogKey(id: MenuId): string {
  return `catalog:${id}`;
}

/** Normalises a path: leading slash, no trailing slash, no duplicate slashes. */
export function normalizePath(path: string): string {
  const clean = `/${path}`.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return clean === '' ? '/' : clean;
}

/** Absolute child paths stay; relative ones (art-design-pro style) hang under the parent's path. */
export function joinPath(parentPath: string, childPath: string | null | undefined): string {
  const child = (childPath ?? '').trim();
  if (/^https?:\/\//i.test(child)) return child;
  if (child.startsWith('/')) return normalizePath(child);
  if (!child) return normalizePath(parentPath || '/');
  return normalizePath(`${parentPath || ''}/${child}`);
}

/** A tree as given, or a flat list linked by `parentId` as the forest. */
function asTree<T extends MenuItem>(nodes: readonly T[]): T[] {
  return nodes.some((n) => Array.isArray(n.children) && n.children.length > 0) ? [...nodes] : buildMenuTree(nodes);
}

/**
 * `AppRouteRecord[]` → menu nodes: an entry with children and no page (art-design-pro's layout or `''`)
 * is a catalog, every other one a page; `meta.isHide` is `isVisible: false`; `meta.authList` become buttons.
 * Paths stay as served (relative below the top level); `normalizeMenus` joins them.
 */
export function fromRouteRecords(records: readonly AppRouteRecord[] | null | undefined): MenuItem[] {
  return (records ?? []).map((record, index) => {
    const children = fromRouteRecords(record.children);
    const page = !!record.component && record.component !== LAYOUT_COMPONENT;
    const buttons: MenuItem[] = (record.meta.authList ?? []).map((auth) => ({
      id: `${record.id}:${auth.authMark}`,
      type: 'button',
      title: auth.title,
      name: auth.authMark,
      children: [],
    }));
    return {
      id: record.id,
      type: children.length > 0 && !page ? 'catalog' : 'menu',
      title: record.meta.title,
      name: record.name,
      path: record.path,
      component: record.component || null,
      icon: record.meta.icon ?? null,
      sort: index,
      isVisible: record.meta.isHide !== true,
      keepAlive: record.meta.keepAlive === true,
      link: record.meta.link ?? null,
      isIframe: record.meta.isIframe === true,
      children: [...children, ...buttons],
    };
  });
}

function inferType(node: MenuItem): MenuType {
  if (node.type === 'catalog' || node.type === 'menu' || node.type === 'button') return node.type;
  const kids = node.children ?? [];
  const hasPageChildren = kids.some((c) => c.type !== 'button');
  return hasPageChildren && !node.component ? 'catalog' : 'menu';
}

/** The tree (or flat list) sorted, with every node's type known and its path absolute. */
export function normalizeMenus(tree: readonly MenuItem[] | null | undefined): NormalMenu[] {
  const normalize = (nodes: readonly MenuItem[], parentPath: string): NormalMenu[] =>
    [...nodes].sort(compareMenus).map((node) => {
      const type = inferType(node);
      const path = type === 'button' ? (node.path ?? '') : joinPath(parentPath, node.path);
      return { ...node, type, path, children: normalize(node.children ?? [], type === 'button' ? parentPath : path) };
    });
  return normalize(asTree(tree ?? []), '');
}

/** Every page the user may open, in menu order. Hidden menus (`isVisible: false`) stay routable. */
export function flattenRoutes(tree: readonly NormalMenu[]): MenuRoute[] {
  const routes: MenuRoute[] = [];
  const walk = (nodes: readonly NormalMenu[], keys: string[], titles: string[], paths: string[], hiddenAbove: boolean) => {
    for (const node of nodes) {
      if (node.type === 'button') continue;
      const hidden = hiddenAbove || node.isVisible === false;
      if (node.type === 'menu' && node.path && !/^https?:/i.test(node.path)) {
        routes.push({
          id: node.id,
          path: node.path,
          title: node.title,
          name: node.name,
          component: node.component,
          icon: node.icon,
          perms: node.perms,
          link: node.link,
          isIframe: node.isIframe === true,
          keepAlive: node.keepAlive === true,
          hidden,
          ancestorKeys: keys,
          ancestorTitles: titles,
          ancestorPaths: paths,
        });
      }
      walk(node.children, [...keys, node.type === 'catalog' ? catalogKey(node.id) : node.path], [...titles, node.title], [...paths, node.path], hidden);
    }
  };
  walk(tree, [], [], [], false);
  return routes;
}

/** Visible catalogs and menus; a catalog left with no visible entry is dropped. */
export function sideMenu(tree: readonly NormalMenu[]): SideMenuItem[] {
  const items: SideMenuItem[] = [];
  for (const node of tree) {
    if (node.type === 'button' || node.isVisible === false) continue;
    const children = sideMenu(node.children);
    if (node.type === 'catalog') {
      if (children.length === 0) continue;
      items.push({ key: catalogKey(node.id), id: node.id, title: node.title, icon: node.icon, path: node.path, isIframe: false, children });
    } else {
      items.push({
        key: node.path,
        id: node.id,
        title: node.title,
        icon: node.icon,
        path: node.path,
        link: node.link,
        isIframe: node.isIframe === true,
        ...(children.length ? { children } : {}),
      });
    }
  }
  return items;
}

function segmentsMatch(pattern: string, pathname: string): boolean {
  const p = pattern.split('/').filter(Boolean);
  const s = pathname.split('/').filter(Boolean);
  if (p.length !== s.length) return false;
  return p.every((seg, i) => seg.startsWith(':') || seg === s[i]);
}

/** The route for a pathname: an exact path first, then one with `:param` segments. */
export function matchRoute(routes: readonly MenuRoute[], pathname: string): MenuRoute | null {
  let path: string;
  try {
    path = normalizePath(decodeURI(pathname));
  } catch {
    path = normalizePath(pathname);
  }
  return routes.find((r) => r.path === path) ?? routes.find((r) => r.path.includes('/:') && segmentsMatch(r.path, path)) ?? null;
}

/** Where `/` sends a user: the first visible page that is neither an external link nor parameterised. */
export function firstRoutePath(routes: readonly MenuRoute[]): string | null {
  return routes.find((r) => !r.hidden && !(r.link && !r.isIframe) && !r.path.includes('/:'))?.path ?? null;
}

/**
 * `'/settings/users/index'`, `'settings/users/index.vue'`, `'/settings/users'` → `'settings/users'`.
 * Layout placeholders (`Layout`, `/index/index`) and empty values → null.
 */
export function componentKey(component: string | null | undefined): string | null {
  if (!component) return null;
  let key = component.trim().replace(/^[./]+/, '').replace(/\.(vue|tsx?|jsx?)$/i, '').replace(/\/+$/, '');
  key = key.replace(/(^|\/)index$/, '');
  if (!key || key === 'Layout' || key === 'layout' || key === 'index') return null;
  return key.replace(/\/{2,}/g, '/');
}

/** art-design-pro's views of the pages both consoles ship → our pages (keys of pages/registry). */
export const SHARED_VIEW_PAGES: Readonly<Record<string, string>> = {
  [componentKey(SHARED_VIEWS.dashboard)!]: 'dashboard',
  [componentKey(SHARED_VIEWS.users)!]: 'settings/users',
  [componentKey(SHARED_VIEWS.roles)!]: 'settings/roles',
  [componentKey(SHARED_VIEWS.menus)!]: 'settings/menus',
};

/**
 * The page module for a route: its `component` (one of art-design-pro's shared views, or one of ours),
 * else one named like its path, else null.
 */
export function resolvePageKey(route: Pick<MenuRoute, 'component' | 'path'>, known: ReadonlySet<string>): string | null {
  const key = componentKey(route.component);
  for (const candidate of [key && SHARED_VIEW_PAGES[key], key, componentKey(route.path)]) {
    if (candidate && known.has(candidate)) return candidate;
  }
  return null;
}

/** The tree as stored (paths untouched), sorted at every level as the server sorts it — for the menu editor. */
export function sortMenus<T extends MenuItem>(tree: readonly T[] | null | undefined): T[] {
  const sort = (nodes: readonly T[]): T[] => [...nodes].sort(compareMenus).map((node) => ({ ...node, children: sort((node.children ?? []) as T[]) }));
  return sort(asTree(tree ?? []));
}

/** Ids of a node and all its descendants (a node cannot become its own ancestor). */
export function subtreeIds(node: MenuItem): Set<string> {
  const ids = new Set<string>([String(node.id)]);
  for (const child of node.children ?? []) for (const id of subtreeIds(child)) ids.add(id);
  return ids;
}
