/**
 * Shapes of the API (api.md, seed 004 §1–2, §8). The answers are the services' own schemas' types, from
 * @app/contracts; what is left here is the console's own reading of them and the menu editor's request.
 */
import type { MenuType } from '@app/contracts/schemas/menus';

export type { Captcha, CurrentUser, Me, TokenPair } from '@app/contracts/schemas/auth';
export type { MenuNode, MenuType } from '@app/contracts/schemas/menus';
export type { IpRule, ManagedUser, PermissionDef, Role, SystemLog } from '@app/contracts/schemas/settings';

export type Id = number | string;

/** 1 / 0 in the table; seed 004's `/auth/me` example says "active". Both are accepted. */
export type UserStatus = 1 | 0 | 'active' | 'disabled' | string | number;

export function isActiveStatus(status: UserStatus | null | undefined): boolean {
  return status === 1 || status === '1' || status === 'active';
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
