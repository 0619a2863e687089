import { asList } from '../lib/page';
import { http, type RequestOptions } from './http';
import type { Id, PermissionDef, Role } from './types';

export interface RoleInput {
  roleKey: string;
  name: string;
  description?: string | null;
}

export async function listRoles(options: Omit<RequestOptions, 'query'> = {}): Promise<Role[]> {
  return asList<Role>(await http.get('/api/settings/roles', { current: 1, size: 100 }, options));
}
export const createRole = (input: RoleInput) => http.post<Role>('/api/settings/roles', input);
export const updateRole = (id: Id, input: RoleInput) => http.put<Role>(`/api/settings/roles/${id}`, input);
export const deleteRole = (id: Id) => http.del<unknown>(`/api/settings/roles/${id}`);
export const setRolePermissions = (id: Id, permissions: string[]) =>
  http.put<unknown>(`/api/settings/roles/${id}/permissions`, { permissions });
export async function listPermissions(): Promise<PermissionDef[]> {
  return asList<PermissionDef>(await http.get('/api/settings/permissions'));
}
