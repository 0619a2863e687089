// The two menu shapes the auth service serves: the tree of seed 004 §1.3 (`/api/auth/me`, the menu editor)
// and art-design-pro's `AppRouteRecord[]` (`GET /api/v3/system/menus`). Both consoles read them as types.
import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from '../schema-types.js';

export const MENU_TYPES = ['catalog', 'menu', 'button'] as const;
export type MenuType = (typeof MENU_TYPES)[number];

// Children repeat this shape; declared loosely because the tree is recursive (the service builds the nodes
// from the table's columns, which hold no secrets).
export const MenuNodeSchema = Type.Object({
  id: Type.Integer(),
  /** 0 at the top level */
  parentId: Type.Integer(),
  type: StringEnum(MENU_TYPES),
  title: Type.String(),
  name: Nullable(Type.String()),
  path: Nullable(Type.String()),
  component: Nullable(Type.String()),
  icon: Nullable(Type.String()),
  sort: Type.Integer(),
  isVisible: Type.Boolean(),
  /** the permission that shows the entry; none: the roles below decide */
  perms: Nullable(Type.String()),
  roles: Type.Array(Type.String()),
  keepAlive: Type.Boolean(),
  link: Nullable(Type.String()),
  isIframe: Type.Boolean(),
  children: Type.Array(Type.Unknown()),
});
export type MenuNode = Omit<Static<typeof MenuNodeSchema>, 'children'> & { children: MenuNode[] };

/** Buttons of a page: art-design-pro's `v-auth` / `hasAuth` check `authMark` in the current route's list. */
export const AuthItemSchema = Type.Object({ title: Type.String(), authMark: Type.String() });
export type AuthItem = Static<typeof AuthItemSchema>;

export const AppRouteMetaSchema = Type.Object({
  /** shown as given (art-design-pro translates only titles starting with `menus.`) */
  title: Type.String(),
  /** Iconify name `prefix:name`, one of MENU_ICONS for the seeded menus */
  icon: Type.Optional(Type.String()),
  /** routable but not in the side menu */
  isHide: Type.Boolean(),
  keepAlive: Type.Boolean(),
  link: Type.Optional(Type.String()),
  isIframe: Type.Boolean(),
  /** only the buttons the user holds */
  authList: Type.Array(AuthItemSchema),
});
export type AppRouteMeta = Static<typeof AppRouteMetaSchema>;

/** art-design-pro's `AppRouteRecord` (its src/types/router/index.ts); children repeat the shape, declared loosely. */
export const AppRouteRecordSchema = Type.Object({
  id: Type.Integer(),
  /** absolute (`/kb`) at the top level, relative (`config`) below it */
  path: Type.String(),
  /** unique across the tree (vue-router replaces a route whose name repeats) */
  name: Type.String(),
  /** a folder: LAYOUT_COMPONENT at the top level, '' below; a page: its view path */
  component: Type.String(),
  meta: AppRouteMetaSchema,
  children: Type.Optional(Type.Array(Type.Unknown())),
});
export type AppRouteRecord = Omit<Static<typeof AppRouteRecordSchema>, 'children'> & { children?: AppRouteRecord[] };
