import { http } from './http';
import type { CurrentUser } from './types';

export interface ProfileInput {
  nickname?: string | null;
  email?: string | null;
  phone?: string | null;
  gender?: string | null;
  age?: number | null;
  avatar?: string | null;
}

export const fetchProfile = () => http.get<CurrentUser>('/api/profile');
export const updateProfile = (input: ProfileInput) => http.put<CurrentUser>('/api/profile', input);
export const changePassword = (oldPassword: string, newPassword: string) =>
  http.put<unknown>('/api/profile/password', { oldPassword, newPassword });
