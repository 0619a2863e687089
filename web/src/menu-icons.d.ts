// Built by plugins/menu-icons.ts: the Iconify data of @app/contracts MENU_ICONS.
declare module 'virtual:menu-icons' {
  import type { IconifyJSON } from '@iconify/react/offline';

  const collections: IconifyJSON[];
  export default collections;
}
