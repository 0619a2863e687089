import { useMemo, useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { fetchMe } from '../api/auth';
import { getToken, subscribe } from '../api/session';
import { flattenRoutes, normalizeMenus, sideMenu, type MenuRoute, type NormalMenu, type SideMenuItem } from '../lib/menu-tree';
import { hasPermission, type PermRequirement } from '../lib/permission';

export const ME_QUERY_KEY = ['auth', 'me'] as const;

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

export function useMenuModel(): MenuModel {
  const { data } = useMe();
  return useMemo(() => {
    const tree = normalizeMenus(data?.menus ?? []);
    return { tree, routes: flattenRoutes(tree), side: sideMenu(tree) };
  }, [data?.menus]);
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
