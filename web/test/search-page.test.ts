// The search page's pure parts (pages/vector-search/logic): the highlighted pieces of a result from the
// server's offsets, the filter rows and the form as the request body, and the URL that shares a search.
import t from 'tap';
import { highlightSegments } from '../src/pages/vector-search/logic/highlight.js';
import { DEFAULT_FORM, filtersOf, formatScore, metadataColumns, metadataText, readUrl, requestOf, writeUrl } from '../src/pages/vector-search/logic/search-form.js';

const marked = (content: string, hs: { start: number; end: number }[]) =>
  highlightSegments(content, hs).map((s) => (s.mark ? `[${s.text}]` : s.text)).join('');

t.test('highlights: plain and marked pieces that rebuild the content', async (t) => {
  t.same(highlightSegments('hello world', [{ start: 6, end: 11 }]), [{ text: 'hello ', mark: false }, { text: 'world', mark: true }]);
  t.equal(marked('hello world', []), 'hello world');
  t.same(highlightSegments('', []), [{ text: '', mark: false }], 'empty content is one empty piece');
  t.equal(marked('abcabc', [{ start: 0, end: 3 }, { start: 3, end: 6 }]), '[abcabc]', 'touching ranges merge');
  t.equal(marked('向量搜索很好', [{ start: 0, end: 2 }, { start: 2, end: 4 }]), '[向量搜索]很好');
  for (const content of ['a 😀 b', 'abc', '第 1 篇的正文']) {
    const hs = [{ start: 1, end: 3 }, { start: 0, end: 1 }];
    t.equal(highlightSegments(content, hs).map((s) => s.text).join(''), content, `pieces rebuild ${content}`);
  }
});

t.test('highlights: overlapping, unordered and duplicated ranges merge', async (t) => {
  t.equal(marked('abcdefghij', [{ start: 5, end: 8 }, { start: 1, end: 4 }, { start: 3, end: 6 }]), 'a[bcdefgh]ij');
  t.equal(marked('abcdefghij', [{ start: 2, end: 4 }, { start: 2, end: 4 }]), 'ab[cd]efghij');
  t.equal(marked('abcdefghij', [{ start: 1, end: 9 }, { start: 3, end: 4 }]), 'a[bcdefghi]j', 'a range inside another');
});

t.test('highlights: out-of-range, empty, inverted and non-numeric offsets', async (t) => {
  t.equal(marked('abc', [{ start: -5, end: 2 }]), '[ab]c', 'a negative start is clamped');
  t.equal(marked('abc', [{ start: 1, end: 99 }]), 'a[bc]', 'an end past the content is clamped');
  t.equal(marked('abc', [{ start: 10, end: 20 }]), 'abc', 'wholly outside: nothing marked');
  t.equal(marked('abc', [{ start: 2, end: 2 }, { start: 2, end: 1 }]), 'abc', 'empty and inverted ranges are dropped');
  t.equal(marked('abc', [{ start: Number.NaN, end: 2 }, { start: 0.6, end: 1.9 }]), '[a]bc', 'NaN dropped, fractions truncated');
});

t.test('highlights: never split a surrogate pair', async (t) => {
  const s = 'x😀y'; // x, then the emoji as two UTF-16 units (1, 2), then y at 3
  t.equal(marked(s, [{ start: 1, end: 3 }]), 'x[😀]y', 'a whole pair');
  t.equal(marked(s, [{ start: 2, end: 4 }]), 'x[😀y]', 'a start inside the pair moves back');
  t.equal(marked(s, [{ start: 0, end: 2 }]), '[x😀]y', 'an end inside the pair moves forward');
  t.equal(marked(s, [{ start: 2, end: 2 }]), 'x😀y', 'an empty range inside the pair stays empty');
  for (const seg of highlightSegments('😀😀😀', [{ start: 1, end: 4 }])) t.notOk(/[\ud800-\udbff]$|^[\udc00-\udfff]/.test(seg.text), `whole pairs: ${seg.text}`);
});

t.test('filter rows → filters', async (t) => {
  t.equal(filtersOf([]), undefined, 'no rows: no filters');
  t.equal(filtersOf([{ values: ['x'] }, { column: 'name', values: [] }, { column: 'name', values: ['  '] }]), undefined, 'incomplete rows are skipped');
  t.same(filtersOf([{ column: 'name', values: ['水果'] }]), { name: '水果' }, 'one value is sent alone');
  t.same(filtersOf([{ column: 'name', values: ['水果', ' tools '] }]), { name: ['水果', 'tools'] }, 'several: any of them, trimmed');
  t.same(
    filtersOf([{ column: 'name', values: ['a'] }, { column: 'id', values: ['1', '2'] }, { column: 'name', values: ['b', 'a'] }]),
    { name: ['a', 'b'], id: ['1', '2'] },
    'two rows on one column join their values, once each',
  );
});

t.test('the form → the request body', async (t) => {
  const form = { ...DEFAULT_FORM, vectorId: 7, query: '  苹果  ', topK: 5 };
  t.same(requestOf(form), { vectorId: 7, query: '苹果', type: 'vector', topK: 5 }, 'only what is set');
  const full = {
    ...form,
    type: 'hybrid' as const,
    scoreThreshold: 0.25,
    filters: [{ column: 'name', values: ['tools'] }],
    fusion: { k: 30, vectorWeight: null, keywordWeight: 2 },
  };
  t.same(requestOf(full), {
    vectorId: 7, query: '苹果', type: 'hybrid', topK: 5, scoreThreshold: 0.25, filters: { name: 'tools' }, fusion: { k: 30, keywordWeight: 2 },
  });
  t.same(requestOf(full, 'keyword'), { vectorId: 7, query: '苹果', type: 'keyword', topK: 5, scoreThreshold: 0.25, filters: { name: 'tools' } }, 'fusion is hybrid only');
  t.notOk('scoreThreshold' in requestOf({ ...form, scoreThreshold: null }), 'a cleared threshold is not sent');
  t.equal(requestOf({ ...form, scoreThreshold: 0 }).scoreThreshold, 0, 'zero is a threshold');
  t.notOk('fusion' in requestOf({ ...full, fusion: {} }), 'blank fusion keeps the server defaults');
});

t.test('the URL keeps collection, query, type and topK', async (t) => {
  const state = { vectorId: 3, query: 'a b&c', type: 'keyword' as const, compare: false, topK: 20 };
  t.same(readUrl(writeUrl(state)), state, 'round trip');
  t.same(readUrl(writeUrl({ ...state, compare: true })), { ...state, type: 'vector', compare: true }, 'compare is a type of its own');
  t.equal(writeUrl({ ...state, topK: 10 }).get('topK'), null, 'the default topK is left out');
  t.same(readUrl(new URLSearchParams('collection=x&type=nope&topK=1000&q=')), { vectorId: undefined, query: '', type: 'vector', compare: false, topK: 10 }, 'nonsense falls back');
});

t.test('metadata columns as the vectors name them; scores and values as shown', async (t) => {
  t.same(metadataColumns({ fieldKeys: ['posts.id', 'posts.title', 'cats.name'], advancedConfig: {} }), ['id', 'title', 'name'], 'every chosen field by default');
  t.same(metadataColumns({ fieldKeys: ['a.id', 'a.title'], advancedConfig: { metadataFields: ['a.title'] } }), ['title'], 'the chosen metadata fields');
  t.same(metadataColumns({ fieldKeys: ['orders.name', 'public.customers.name', 'orders.id'], advancedConfig: {} }), ['orders.name', 'public.customers.name', 'id'], 'a shared column is table.column');
  t.equal(formatScore(0.5), '0.5000');
  t.equal(formatScore(0.123456), '0.1235');
  t.equal(metadataText(null), '-');
  t.equal(metadataText({ a: 1 }), '{"a":1}');
  t.equal(metadataText(3), '3');
});
