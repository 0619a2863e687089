// The menu tree as both consoles read it from `GET /api/v3/system/menus`: art-design-pro's `AppRouteRecord`
// (its src/types/router/index.ts), which our own console reads too, so the two never diverge.

// The record's shape is a schema (schemas/menus.ts) the auth service serialises with; here only its type, so
// the console bundles none of it.
export type { AppRouteMeta, AppRouteRecord, AuthItem } from './schemas/menus.js';

/** art-design-pro's layout (`RoutesAlias.Layout`): the component of every top-level folder. */
export const LAYOUT_COMPONENT = '/index/index';

/**
 * The pages both consoles ship, by art-design-pro's view paths (its src/views/<path>/index.vue). Menus use
 * these as `component`; our console maps them to its own pages.
 */
export const SHARED_VIEWS = {
  dashboard: '/dashboard/console',
  users: '/system/user',
  roles: '/system/role',
  menus: '/system/menu',
} as const;

/**
 * Iconify names (Remix Icon, the set art-design-pro's menus use) that our console bundles at build time:
 * the seeded menus' icons and the choices the menu editor offers. Other names draw a fallback icon here
 * (art-design-pro, with network access, draws any Iconify name).
 */
export const MENU_ICONS = [
  'ri:dashboard-3-line', 'ri:apps-2-line', 'ri:server-line', 'ri:bar-chart-box-line', 'ri:pulse-line',
  'ri:database-2-line', 'ri:search-line', 'ri:book-2-line', 'ri:equalizer-line', 'ri:file-search-line',
  'ri:tools-line', 'ri:magic-line', 'ri:code-s-slash-line', 'ri:settings-3-line', 'ri:menu-line',
  'ri:user-settings-line', 'ri:user-line', 'ri:shield-check-line', 'ri:file-list-3-line',
  // more for hand-made menus
  'ri:home-smile-2-line', 'ri:pie-chart-line', 'ri:line-chart-line', 'ri:apps-line', 'ri:layout-grid-line',
  'ri:folder-line', 'ri:file-text-line', 'ri:links-line', 'ri:window-line', 'ri:team-line', 'ri:user-3-line',
  'ri:cpu-line', 'ri:terminal-box-line', 'ri:image-ai-line', 'ri:robot-2-line', 'ri:stack-line',
  'ri:question-line',
] as const;

export type MenuIconName = (typeof MENU_ICONS)[number];
