// Source rows → vector docs: the default text and templates, chunking and chunk keys, metadata names and
// values, and the hash that decides a re-embed.
import t from 'tap';
import { chunkText, keyPart, renderContent, renderDocs, splitFieldKey, type RenderSpec } from '../src/plugins/app/render-doc.js';

const fields = [
  { key: 'orders.title', table: 'orders', column: 'title' },
  { key: 'orders.note', table: 'orders', column: 'note' },
  { key: 'customers.name', table: 'customers', column: 'name' },
  { key: 'sales.items.name', table: 'sales.items', column: 'name' },
];
const values = { 'orders.title': 'Tea', 'orders.note': null, 'customers.name': 'Ann', 'sales.items.name': 'Cup' };
const spec: RenderSpec = { fields, chunkSize: 1000, metadataFields: fields.map((f) => f.key) };

t.test('field keys split at the last dot', async (t) => {
  t.same(splitFieldKey('orders.id'), { table: 'orders', column: 'id' });
  t.same(splitFieldKey('sales.items.id'), { table: 'sales.items', column: 'id' }, 'a schema-qualified table id');
});

t.test('the default text: `column: value` lines in field order, empty values skipped', async (t) => {
  t.equal(renderContent(spec, values), 'title: Tea\nname: Ann\nname: Cup');
  t.equal(renderContent(spec, { ...values, 'orders.note': '  ', 'orders.title': '' }), 'name: Ann\nname: Cup', 'blank is empty too');
  t.equal(
    renderContent({ fields: [{ key: 't.at', table: 't', column: 'at' }, { key: 't.n', table: 't', column: 'n' }, { key: 't.j', table: 't', column: 'j' }] },
      { 't.at': new Date('2024-05-06T07:08:09.123Z'), 't.n': 12345678901234567890n, 't.j': { a: [1, 2] } }),
    'at: 2024-05-06T07:08:09.123Z\nn: 12345678901234567890\nj: {"a":[1,2]}',
    'Dates as ISO strings, bigints exact, objects as JSON',
  );
  t.equal(renderContent({ fields: [{ key: 't.b', table: 't', column: 'b' }] }, { 't.b': Buffer.from('x') }), '', 'binary is left out');
});

t.test('templates: {{column}} and {{table.column}}', async (t) => {
  t.equal(renderContent({ ...spec, template: '{{title}} by {{ customers.name }} ({{sales.items.name}}){{note}}' }, values), 'Tea by Ann (Cup)', 'null renders empty');
  t.equal(renderContent({ ...spec, template: '{{name}}' }, values), 'Ann', 'a bare column shared by two tables: the first chosen');
});

t.test('chunking: at most chunkSize characters, at a natural break, keys ~2, ~3…', async (t) => {
  const sentences = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
  const chunks = chunkText(sentences, 100);
  t.ok(chunks.length > 1);
  for (const c of chunks) t.ok(c.length <= 100 && c.length >= 50, `within the size, not tiny: ${c.length}`);
  for (const c of chunks.slice(0, -1)) t.match(c, /\.$/, 'ends at a sentence');
  t.equal(chunks.join(' '), sentences, 'nothing lost');

  const chinese = '向量数据库支持相似度检索。'.repeat(40);
  const zh = chunkText(chinese, 100);
  for (const c of zh) t.ok(c.length <= 100);
  for (const c of zh.slice(0, -1)) t.match(c, /。$/);
  t.equal(zh.join(''), chinese, 'CJK text splits at 。 and keeps every character');

  const solid = '😀'.repeat(150);
  const hard = chunkText(solid, 101);
  t.equal(hard.join(''), solid, 'a hard cut never splits a surrogate pair');
  for (const c of hard) t.notMatch(c, /^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);

  t.same(chunkText('short', 100), ['short']);
  t.same(chunkText('   ', 100), [], 'nothing to embed, no chunk');

  const docs = renderDocs({ ...spec, chunkSize: 100, template: '{{title}}' }, '7', { ...values, 'orders.title': sentences });
  t.same(docs.map((d) => d.key), ['7', ...docs.slice(1).map((_, i) => `7~${i + 2}`)]);
  t.ok(docs.length > 2);
  t.same(docs[1]!.metadata, docs[0]!.metadata, 'every chunk carries the row metadata');
});

t.test('metadata: by column, table.column where names clash, JSON-safe values', async (t) => {
  const [doc] = renderDocs(spec, '1', values);
  t.same(doc!.metadata, { title: 'Tea', note: null, 'customers.name': 'Ann', 'sales.items.name': 'Cup' });
  const [only] = renderDocs({ ...spec, metadataFields: ['customers.name'] }, '1', values);
  t.same(only!.metadata, { name: 'Ann' }, 'only the metadata fields; no clash among them, the bare column');
  const [dated] = renderDocs({ fields: [{ key: 't.at', table: 't', column: 'at' }], chunkSize: 100, metadataFields: ['t.at'] }, '1', { 't.at': new Date(0) });
  t.same(dated!.metadata, { at: '1970-01-01T00:00:00.000Z' });
});

t.test('the hash: content and metadata, or the updatedAt value', async (t) => {
  const hash = (v: Record<string, unknown>, s: RenderSpec = spec) => renderDocs(s, '1', v)[0]!.hash;
  t.match(hash(values), /^[0-9a-f]{64}$/);
  t.equal(hash(values), hash({ ...values }), 'stable');
  t.not(hash(values), hash({ ...values, 'orders.title': 'Coffee' }), 'the text changed');
  t.not(hash(values), hash(values, { ...spec, template: '{{title}}', metadataFields: ['orders.title', 'orders.note'] }), 'other text');
  const onlyText = { ...spec, template: '{{title}}', metadataFields: ['orders.note'] };
  t.not(hash(values, onlyText), hash({ ...values, 'orders.note': 'x' }, onlyText), 'metadata changed, same text');

  const timed = { ...spec, updatedAtField: 'orders.updated_at' };
  const at = { ...values, 'orders.updated_at': '2024-01-01 10:00:00' };
  t.equal(hash(at, timed), hash({ ...at, 'orders.title': 'Coffee' }, timed), 'with updatedAt: the text alone does not count');
  t.not(hash(at, timed), hash({ ...at, 'orders.updated_at': '2024-01-02 10:00:00' }, timed), 'a new updatedAt does');
  t.equal(hash({ ...values, 'orders.updated_at': null }, timed), hash(values), 'no updatedAt value: the content decides');
});

t.test('key parts', async (t) => {
  t.equal(keyPart([42]), '42');
  t.equal(keyPart(['a b']), 'a b');
  t.equal(keyPart([1, 'x', new Date(0)]), '[1,"x","1970-01-01T00:00:00.000Z"]', 'composite: a JSON array');
  t.equal(keyPart([Buffer.from([1, 255])]), '01ff', 'binary as hex');
});
