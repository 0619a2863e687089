import { toPage, type Page } from '../lib/page';
import { http } from './http';
import type { Id, ManagedUser } from './types';

export interface UserQuery {
  current: number;
  size: number;
  username?: string;
  status?: number | string;
  roleKey?: string;
}

export interface UserInput {
  username?: string;
  password?: string;
  email?: string | null;
  nickname?: string | null;
  phone?: string | null;
  roleKey?: string;
  status?: 1 | 0;
}

export async function listUsers(query: UserQuery): Promise<Page<ManagedUser>> {
  return toPage<ManagedUser>(await http.get('/api/settings/users', { ...query }), query.current, query.size);
}
export const createUser = (input: UserInput) => http.post<ManagedUser>('/api/settings/users', input);
export const updateUser = (id: Id, input: UserInput) => http.put<ManagedUser>(`/api/settings/users/${id}`, input);
export const setUserStatus = (id: Id, status: 1 | 0) => http.put<unknown>(`/api/settings/users/${id}/status`, { status });
export const resetUserPassword = (id: Id, password: string) =>
  http.post<unknown>(`/api/settings/users/${id}/reset-password`, { password });
export const deleteUser = (id: Id) => http.del<unknown>(`/api/settings/users/${id}`);
