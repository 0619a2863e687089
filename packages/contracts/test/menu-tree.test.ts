import t from 'tap';
import { buildMenuTree, compareMenus } from '../src/menu-tree.js';

const row = (id: number, parentId: number | null, sort: number) => ({ id, parentId, sort, title: `m${id}` });

t.test('flat rows in any order become the forest, every level sorted by sort then id', async (t) => {
  const tree = buildMenuTree([row(12, 10, 2), row(1, 0, 1), row(11, 10, 1), row(10, null, 9), row(13, 10, 1), row(2, 0, 1)]);
  t.same(tree.map((n) => n.id), [1, 2, 10], 'parentId 0 or null is the top level; equal sorts by id');
  t.same(tree[2]!.children.map((n) => n.id), [11, 13, 12]);
  t.same(tree[0]!.children, [], 'every node gets its own children list');
});

t.test('a row whose parent is gone is dropped with everything under it; a cycle is not followed', async (t) => {
  const tree = buildMenuTree([row(1, 0, 1), row(5, 4, 1), row(6, 5, 1), row(7, 8, 1), row(8, 7, 1), row(9, 9, 1)]);
  t.same(tree.map((n) => n.id), [1]);
});

t.test('rows are copied, not changed; string ids link and keep their given order', async (t) => {
  const rows = [
    { id: 'b', parentId: 'a', title: 'B' },
    { id: 'a', title: 'A' },
    { id: 'c', parentId: 'a', title: 'C' },
  ];
  const tree = buildMenuTree(rows);
  t.same(tree.map((n) => [n.id, n.children.map((c) => c.id)]), [['a', ['b', 'c']]]);
  t.notOk('children' in rows[1]!, 'the input row is untouched');
  t.equal(compareMenus({ id: 'x', sort: 1 }, { id: 2, sort: 1 }), 0, 'ids of different kinds keep their order');
});
