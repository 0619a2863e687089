// The seeded menus' icons are MENU_ICONS by type (packages/db/src/menus.ts) and by the seed test.
import t from 'tap';
import { icons as remixIcons } from '@iconify-json/ri';
import { MENU_ICONS } from '@app/contracts/route-records';
import { menuIcons, pickIcons } from '../plugins/menu-icons.js';

t.test('the build bundles exactly the menu icons, from the Remix set', async (t) => {
  const [set, ...others] = pickIcons(MENU_ICONS);
  t.same(others, [], 'one collection');
  t.equal(set!.prefix, 'ri');
  const names = [...Object.keys(set!.icons), ...Object.keys(set!.aliases ?? {})];
  t.same(new Set(MENU_ICONS.map((n) => n.slice('ri:'.length))), new Set(names.filter((n) => MENU_ICONS.includes(`ri:${n}` as never))));
  t.ok(names.length <= MENU_ICONS.length + 5, 'not the whole set');
  t.ok(Object.keys(remixIcons.icons).length > 1000, '(the whole set is large)');
  t.ok(set!.icons['user-line']?.body.includes('<path'), 'icon bodies are there');
});

t.test('a name outside the bundled sets fails the build instead of drawing nothing', async (t) => {
  t.throws(() => pickIcons(['ri:no-such-icon-xyz']), /no-such-icon-xyz/);
  t.throws(() => pickIcons(['mdi:home']), /mdi:home/);
  t.throws(() => pickIcons(['UserOutlined']), /UserOutlined/);
});

t.test('the virtual module', async (t) => {
  const plugin = menuIcons(['ri:user-line']);
  const resolveId = plugin.resolveId as (id: string) => string | null;
  const load = plugin.load as (id: string) => string | null;
  const id = resolveId('virtual:menu-icons')!;
  t.ok(id);
  t.equal(resolveId('react'), null);
  t.match(load(id), /^export default \[\{"prefix":"ri"/);
});
