import t from 'tap';
import { dropPositionFromTree, reorderMenus } from '../src/lib/menu-order.js';
import type { MenuItem } from '../src/lib/menu-tree.js';

const tree = (): MenuItem[] => [
  { id: 1, parentId: 0, type: 'menu', title: 'A', sort: 1 },
  { id: 2, parentId: 0, type: 'menu', title: 'B', sort: 2 },
  {
    id: 3, parentId: 0, type: 'catalog', title: 'C', sort: 3,
    children: [
      { id: 31, parentId: 3, type: 'menu', title: 'C1', sort: 1, children: [{ id: 311, parentId: 31, type: 'button', title: 'btn', sort: 1 }] },
      { id: 32, parentId: 3, type: 'menu', title: 'C2', sort: 2 },
    ],
  },
];

t.test('moving within the same level renumbers the siblings', async (t) => {
  const r = reorderMenus(tree(), 1, 2, 'after')!;
  t.same(r.tree.map((n) => n.id), [2, 1, 3]);
  t.same(r.changes, [{ id: 2, parentId: 0, sort: 1 }, { id: 1, parentId: 0, sort: 2 }]);
});

t.test('moving before the first node', async (t) => {
  const r = reorderMenus(tree(), 3, 1, 'before')!;
  t.same(r.tree.map((n) => n.id), [3, 1, 2]);
  t.same(r.changes.map((c) => c.id), [3, 1, 2]);
});

t.test('moving into a catalog makes it the first child with the new parent', async (t) => {
  const r = reorderMenus(tree(), 1, 3, 'inside')!;
  t.same(r.tree.map((n) => n.id), [2, 3]);
  t.same(r.tree[1]!.children!.map((n) => n.id), [1, 31, 32]);
  t.same(r.changes, [{ id: 1, parentId: 3, sort: 1 }, { id: 31, parentId: 3, sort: 2 }, { id: 32, parentId: 3, sort: 3 }]);
  t.equal(r.tree[1]!.children![0]!.parentId, 3);
});

t.test('moving out of a catalog to the root', async (t) => {
  const r = reorderMenus(tree(), 32, 1, 'after')!;
  t.same(r.tree.map((n) => n.id), [1, 32, 2, 3]);
  t.same(r.changes.find((c) => c.id === 32), { id: 32, parentId: 0, sort: 2 });
});

t.test('a move that keeps sort but changes parent is still reported', async (t) => {
  const r = reorderMenus(tree(), 31, 1, 'before')!;
  t.same(r.changes.find((c) => c.id === 31), { id: 31, parentId: 0, sort: 1 });
});

t.test('impossible moves return null and leave the input untouched', async (t) => {
  const input = tree();
  t.equal(reorderMenus(input, 3, 31, 'inside'), null, 'into its own subtree');
  t.equal(reorderMenus(input, 1, 1, 'after'), null, 'onto itself');
  t.equal(reorderMenus(input, 1, 311, 'inside'), null, 'inside a button');
  t.equal(reorderMenus(input, 99, 1, 'after'), null, 'unknown id');
  t.same(input, tree());
});

t.test('antd drop info maps to positions', async (t) => {
  t.equal(dropPositionFromTree(false, 0), 'inside');
  t.equal(dropPositionFromTree(true, -1), 'before');
  t.equal(dropPositionFromTree(true, 1), 'after');
});
