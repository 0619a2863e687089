import t from 'tap';
import { pageAfterChange, pageAfterRemoval } from '../src/lib/paging.js';

t.test('a page change keeps the number, a size change goes back to the first page', async (t) => {
  t.same(pageAfterChange({ current: 2, size: 20 }, 3, 20), { current: 3, size: 20 });
  t.same(pageAfterChange({ current: 3, size: 20 }, 3, 50), { current: 1, size: 50 });
});

t.test('removing the last rows of a page steps back one page', async (t) => {
  t.same(pageAfterRemoval({ current: 3, size: 10 }, 1), { current: 2, size: 10 }, 'the only row');
  t.same(pageAfterRemoval({ current: 3, size: 10 }, 4, 4), { current: 2, size: 10 }, 'every row, at once');
  t.same(pageAfterRemoval({ current: 3, size: 10 }, 4, 1), { current: 3, size: 10 }, 'rows are left');
  t.same(pageAfterRemoval({ current: 1, size: 10 }, 1), { current: 1, size: 10 }, 'there is no page before the first');
});
