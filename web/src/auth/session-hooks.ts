import { useMemo, useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { fetchMe } from '../api/auth';
import { fetchRouteMenus } from '../api/menus';
import { getToken, subscribe } from '../api/session';
import { flattenRoutes, fromRouteRecords, normalizeMenus, sideMenu, type MenuRoute, type NormalMenu, type SideMenuItem } from '../lib/menu-tree';
import { hasPermission, type PermRequirement } from '../lib/permission';

export const ME_QUERY_KEY = ['auth', 'me'] as const;
/** Under ME_QUERY_KEY, so whatever refreshes the user (menu, role or profile edits) refreshes the menus too. */
export const MENUS_QUERY_KEY = [...ME_QUERY_KEY, 'menus'] as const;

export function useToken(): string | null {
  return useSyncExternalStore(subscribe, getToken, () => null);
}

export function useMe() {
  const token = useToken();
  return useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, enabled: !!token, staleTime: 5 * 60_000 });
}

export interface MenuModel {
  tree: NormalMenu[];
  routes: MenuRoute[];
  side: SideMenuItem[];
}

/** The user's menus from the route art-design-pro reads (`GET /api/v3/system/menus`). */
export function useRouteMenus() {
  const token = useToken();
  return useQuery({ queryKey: MENUS_QUERY_KEY, queryFn: fetchRouteMenus, enabled: !!token, staleTime: 5 * 60_000 });
}

export function useMenuModel(): MenuModel {
  const { data } = useRouteMenus();
  return useMemo(() => {
    const tree = normalizeMenus(fromRouteRecords(data));
    return { tree, routes: flattenRoutes(tree), side: sideMenu(tree) };
  }, [data]);
}

export interface PermissionApi {
  permissions: string[];
  has: (required: PermRequirement, mode?: 'any' | 'all') => boolean;
}

/** `usePermission().has('system:users')`; `*` grants everything. */
export function usePermission(): PermissionApi {
  const { data } = useMe();
  const permissions = data?.user.permissions;
  return useMemo(() => {
    const granted = permissions ?? [];
    return { permissions: granted, has: (required, mode = 'any') => hasPermission(granted, required, mode) };
  }, [permissions]);
}
