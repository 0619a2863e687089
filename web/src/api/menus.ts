import type { AppRouteRecord } from '@app/contracts/route-records';
import { asList } from '../lib/page';
import { http } from './http';
import type { Id, MenuInput, MenuNode } from './types';

export async function listMenus(): Promise<MenuNode[]> {
  return asList<MenuNode>(await http.get('/api/settings/menus'));
}
export const createMenu = (input: MenuInput) => http.post<MenuNode>('/api/settings/menus', input);
export const updateMenu = (id: Id, input: Partial<MenuInput>) => http.put<MenuNode>(`/api/settings/menus/${id}`, input);
export const deleteMenu = (id: Id) => http.del<unknown>(`/api/settings/menus/${id}`);

/** The signed-in user's menus as art-design-pro reads them (`AppRouteRecord[]`); the console reads the same. */
export const fetchRouteMenus = () => http.get<AppRouteRecord[]>('/api/v3/system/menus');
