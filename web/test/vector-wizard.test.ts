// The creation wizard's choices (pages/vector/logic/wizard-plan.ts): table order, guessed joins, the request.
import t from 'tap';
import type { SourceFieldInfo } from '../src/api/vectors.js';
import {
  advancedConfigOf, guessJoin, joinDrafts, joinsComplete, makeMain, planOf, reconcileTables, refersTo, toggleTable,
} from '../src/pages/vector/logic/wizard-plan.js';

const field = (table: string, column: string, extra: Partial<SourceFieldInfo> = {}): SourceFieldInfo => ({
  key: `${table}.${column}`, table, column, type: 'int', nullable: false, primaryKey: false, unique: false, ...extra,
});
const articles = [field('articles', 'id', { primaryKey: true }), field('articles', 'title'), field('articles', 'category_id')];
const categories = [field('categories', 'id', { primaryKey: true }), field('categories', 'name')];
const tags = [field('tags', 'tag_id', { primaryKey: true }), field('tags', 'article_id'), field('tags', 'label')];

t.test('the first table chosen stays the main one', async (t) => {
  t.same(toggleTable([], 'a', true), ['a']);
  t.same(toggleTable(['a'], 'b', true), ['a', 'b']);
  t.same(toggleTable(['a', 'b'], 'a', false), ['b'], 'taking the main table away makes the next one main');
  t.same(makeMain(['a', 'b', 'c'], 'c'), ['c', 'a', 'b']);
  t.same(makeMain(['a'], 'x'), ['a'], 'an unchosen table cannot be main');
  t.same(reconcileTables(['b', 'a'], ['a', 'b', 'c']), ['b', 'a', 'c'], 'kept ones in their order, new ones after');
  t.same(reconcileTables(['b', 'a'], ['a']), ['a']);
});

t.test('joins are guessed from key names', async (t) => {
  t.ok(refersTo('category_id', 'categories'));
  t.ok(refersTo('userId', 'app_users'));
  t.notOk(refersTo('id', 'ids'));
  t.notOk(refersTo('category_id', 'tags'));
  t.same(guessJoin(articles, 'categories', categories), { left: 'articles.category_id', right: 'categories.id', type: 'left' }, 'a foreign key of the main table');
  t.same(guessJoin(articles, 'tags', tags), { left: 'articles.id', right: 'tags.article_id', type: 'left' }, 'a key of the new table pointing back');
  t.same(guessJoin(categories, 'x', [field('x', 'id', { primaryKey: true }), field('x', 'name')]), { left: 'categories.name', right: 'x.name', type: 'inner' }, 'a shared column name');
  t.equal(guessJoin(categories, 'y', [field('y', 'id', { primaryKey: true }), field('y', 'other')]), null, 'nothing fits');
});

t.test('one join per further table; a choice is kept', async (t) => {
  const fieldsOf = (table: string) => ({ articles, categories, tags })[table as 'articles'];
  const drafts = joinDrafts(['articles', 'categories', 'tags'], fieldsOf, []);
  t.same(drafts.map((j) => j.table), ['categories', 'tags']);
  t.ok(joinsComplete(drafts));
  const edited = drafts.map((j) => (j.table === 'tags' ? { ...j, type: 'inner' as const } : j));
  t.equal(joinDrafts(['articles', 'categories', 'tags'], fieldsOf, edited)[1]!.type, 'inner');
  t.same(joinDrafts(['articles', 'y'], () => undefined, []), [{ table: 'y', type: 'left' }], 'fields not loaded yet: an empty join');
  t.notOk(joinsComplete([{ table: 'y', type: 'left' }]));
});

t.test('the request: fields in table order, joins without their table, optional settings left out', async (t) => {
  const plan = planOf(3, ['articles', 'categories'], ['categories.name', 'articles.title', 'tags.label'], [{ table: 'categories', left: 'articles.category_id', right: 'categories.id', type: 'left' }], {
    title: 'x', embeddingModel: 'lexical', template: '  ', chunkSize: 500,
  });
  t.same(plan, {
    dbId: 3,
    tableIds: ['articles', 'categories'],
    fieldKeys: ['articles.title', 'categories.name'],
    joinConfig: [{ left: 'articles.category_id', right: 'categories.id', type: 'left' }],
    advancedConfig: { chunkSize: 500, metric: 'cosine', hnsw: { m: 16, efConstruction: 64 }, embeddingModel: 'lexical' },
  });
  t.same(advancedConfigOf({ template: '{{title}}', updatedAtField: 'a.updated_at', primaryKey: ['a.code'] }), {
    chunkSize: 1000, metric: 'cosine', hnsw: { m: 16, efConstruction: 64 }, template: '{{title}}', updatedAtField: 'a.updated_at', primaryKey: ['a.code'],
  });
});
