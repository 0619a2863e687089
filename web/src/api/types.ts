/** Shapes of the auth service's responses (api.md, seed 004 §1–2, §8). */
import type { MenuNode, MenuType } from '../lib/menu-tree';

export type { MenuNode, MenuType };
export type Id = number | string;

/** 1 / 0 in the table; seed 004's `/auth/me` example says "active". Both are accepted. */
export type UserStatus = 1 | 0 | 'active' | 'disabled' | string | number;

export function isActiveStatus(status: UserStatus | null | undefined): boolean {
  return status === 1 || status === '1' || status === 'active';
}

export interface CurrentUser {
  id: Id;
  username: string;
  nickname?: string | null;
  email?: string | null;
  phone?: string | null;
  avatar?: string | null;
  gender?: 'male' | 'female' | 'other' | string | null;
  age?: number | null;
  role?: string | null;
  roleKey?: string | null;
  permissions: string[];
  status?: UserStatus;
}

export interface MeResponse {
  user: CurrentUser;
  menus: MenuNode[];
}

export interface LoginResponse {
  token: string;
  refreshToken?: string;
  expiresIn?: number;
}

export interface Captcha {
  key: string;
  image: string;
}

export interface ManagedUser {
  id: Id;
  username: string;
  nickname?: string | null;
  email?: string | null;
  phone?: string | null;
  avatar?: string | null;
  roleKey?: string | null;
  role?: string | null;
  status: UserStatus;
  lastLoginTime?: string | null;
  createdAt?: string | null;
}

export interface Role {
  id: Id;
  roleKey: string;
  name: string;
  description?: string | null;
  permissions?: string[] | null;
  isBuiltin?: boolean | null;
  createdAt?: string | null;
}

export interface PermissionDef {
  key: string;
  title: string;
  module: string;
}

export interface MenuInput {
  parentId: Id;
  type: MenuType;
  title: string;
  name?: string | null;
  path?: string | null;
  component?: string | null;
  icon?: string | null;
  sort?: number | null;
  isVisible?: boolean;
  perms?: string | null;
  roles?: string[];
  keepAlive?: boolean;
  link?: string | null;
  isIframe?: boolean;
}

export interface IpRule {
  id: Id;
  ipOrCidr: string;
  status: 'banned' | 'allowed';
  reason?: string | null;
  expireAt?: string | null;
  createdBy?: string | number | null;
  createdAt?: string | null;
}

export type LogType = 'login' | 'operation' | 'security' | 'search' | 'error';

export interface SystemLog {
  id: Id;
  type: LogType | string;
  action: string;
  userId?: Id | null;
  username?: string | null;
  ip?: string | null;
  method?: string | null;
  path?: string | null;
  status?: number | null;
  durationMs?: number | null;
  detail?: unknown;
  createdAt: string;
}
