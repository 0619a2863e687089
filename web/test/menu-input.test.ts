import t from 'tap';
import type { MenuNode } from '../src/api/types.js';
import { editable, findNode } from '../src/pages/settings/menus/logic/menu-input.js';

const node = (id: number, parentId: number, children: MenuNode[] = []): MenuNode => ({
  id, parentId, type: 'menu', title: `m${id}`, name: null, path: `p${id}`, component: null, icon: null, sort: id, isVisible: true,
  perms: null, roles: ['admin'], keepAlive: false, link: null, isIframe: false, children,
});

t.test('a node is found at any depth, by id of either kind', async (t) => {
  const tree = [node(1, 0, [node(2, 1, [node(3, 2)])]), node(4, 0)];
  t.equal(findNode(tree, 3)?.title, 'm3');
  t.equal(findNode(tree, '4')?.title, 'm4');
  t.equal(findNode(tree, 9), null);
});

t.test('the fields PUT accepts, without the children', async (t) => {
  t.same(editable(node(2, 1, [node(3, 2)])), {
    parentId: 1, type: 'menu', title: 'm2', name: null, path: 'p2', component: null, icon: null, sort: 2, isVisible: true,
    perms: null, roles: ['admin'], keepAlive: false, link: null, isIframe: false,
  });
});
