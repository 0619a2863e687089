import { createContext, useContext } from 'react';
import type { MenuRoute } from '../lib/menu-tree';

/** The menu route being shown, for pages that want their title or button permissions. */
export const RouteMetaContext = createContext<MenuRoute | null>(null);

export function useCurrentRoute(): MenuRoute | null {
  return useContext(RouteMetaContext);
}
