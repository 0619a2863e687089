// Bundles the Iconify data of the menu icons (@app/contracts MENU_ICONS) at build time, as the virtual
// module `virtual:menu-icons`: only those icons ship, and the console never asks an icon API at run time.
import { getIcons } from '@iconify/utils/lib/icon-set/get-icons';
import { icons as remixIcons } from '@iconify-json/ri';
// By relative path: Vite loads its config with plain Node, which would not compile the workspace package's .ts.
import { MENU_ICONS } from '../../packages/contracts/src/route-records.js';
import type { Plugin } from 'vite';

type IconifyJSON = Parameters<typeof getIcons>[0];

const MODULE_ID = 'virtual:menu-icons';
const SETS: Record<string, IconifyJSON> = { ri: remixIcons };

/** One Iconify collection per prefix holding exactly `names`; a name missing from its set fails the build. */
export function pickIcons(names: readonly string[]): IconifyJSON[] {
  const byPrefix = new Map<string, string[]>();
  for (const name of names) {
    const [prefix, icon] = name.split(':');
    if (!prefix || !icon || !SETS[prefix]) throw new Error(`menu icon ${name}: not an icon of a bundled set (${Object.keys(SETS).join(', ')})`);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), icon]);
  }
  return [...byPrefix].map(([prefix, icons]) => {
    const picked = getIcons(SETS[prefix]!, icons, true);
    const missing = icons.filter((icon) => !picked?.icons[icon] && !picked?.aliases?.[icon]);
    if (!picked || missing.length) throw new Error(`menu icons not in @iconify-json/${prefix}: ${missing.join(', ')}`);
    return picked;
  });
}

export function menuIcons(names: readonly string[] = MENU_ICONS): Plugin {
  return {
    name: 'menu-icons',
    resolveId: (id) => (id === MODULE_ID ? `\0${MODULE_ID}` : null),
    load: (id) => (id === `\0${MODULE_ID}` ? `export default ${JSON.stringify(pickIcons(names))};` : null),
  };
}
