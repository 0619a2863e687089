/**
 * Menu icons: Iconify names (`ri:user-line`), as art-design-pro draws them. The data of @app/contracts
 * MENU_ICONS is bundled at build time (plugins/menu-icons.ts) and drawn with Iconify's offline component,
 * which never fetches; any other name (an icon set we do not bundle, an old antd name) draws FALLBACK_ICON.
 */
import { addCollection, Icon } from '@iconify/react/offline';
import collections from 'virtual:menu-icons';

const FALLBACK_ICON = 'ri:apps-line';

const bundled = new Set<string>();
for (const collection of collections) {
  addCollection(collection);
  for (const name of [...Object.keys(collection.icons), ...Object.keys(collection.aliases ?? {})]) bundled.add(`${collection.prefix}:${name}`);
}

/** antd's Menu hands its icon a `className`; the `anticon` span makes it size and align like antd's icons. */
export function MenuIcon({ name, className }: { name?: string | null; className?: string }) {
  if (!name) return null;
  const icon = bundled.has(name) ? name : FALLBACK_ICON;
  return (
    <span role="img" aria-hidden className={className ? `anticon ${className}` : 'anticon'} data-icon={icon}>
      <Icon icon={icon} width="1em" height="1em" />
    </span>
  );
}
