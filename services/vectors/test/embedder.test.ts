// The built-in lexical embedder: deterministic, unit-length, fixed dimension, Chinese segmented into words.
import t from 'tap';
import { createLexicalEmbedder, tokenize } from '../src/plugins/app/embedders/lexical.js';

const embedder = createLexicalEmbedder({ dimension: 384 });
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));

t.test('model and dimension', async (t) => {
  t.equal(embedder.model, 'lexical-hash-384');
  t.equal(embedder.dimension, 384);
  t.equal(createLexicalEmbedder({ dimension: 64 }).model, 'lexical-hash-64');
  t.equal(createLexicalEmbedder().dimension, 384, 'default');
  t.throws(() => createLexicalEmbedder({ dimension: 3 }));
});

t.test('deterministic, fixed dimension, unit norm', async (t) => {
  const texts = ['The quick brown fox', '向量数据库支持相似度检索', 'mixed 中英文 text 123', 'a'];
  const [first, again, other] = [await embedder.embed(texts), await embedder.embed(texts), await createLexicalEmbedder({ dimension: 384 }).embed(texts)];
  t.same(first, again, 'same input, same output');
  t.same(first, other, 'and from another instance');
  t.equal(first.length, texts.length, 'one vector per text');
  for (const v of first) {
    t.equal(v.length, 384);
    t.ok(Math.abs(norm(v) - 1) < 1e-9, `unit norm (${norm(v)})`);
  }
  t.same(await embedder.embed([]), [], 'no texts, no vectors');
});

t.test('empty text: the zero vector, no NaN', async (t) => {
  for (const v of await embedder.embed(['', '   ', '！？…'])) {
    t.equal(v.length, 384);
    t.ok(v.every((x) => x === 0));
  }
});

t.test('Chinese is segmented into words', async (t) => {
  t.same(tokenize('我们在北京大学学习向量数据库'), ['我们', '在', '北京', '大学', '北京大学', '学习', '向量', '数据', '据库', '数据库']);
  t.same(tokenize('Hello, World! 你好'), ['hello', 'world', '你好']);
  const [doc, query, unrelated] = await embedder.embed(['北京大学的图书馆收藏了大量古籍', '北京大学图书馆', '今天天气晴朗适合去公园散步']);
  t.ok(dot(query!, doc!) > dot(query!, unrelated!) + 0.2, `shared words score higher: ${dot(query!, doc!)} vs ${dot(query!, unrelated!)}`);
});

t.test('lexical overlap ranks English too', async (t) => {
  const [doc, query, unrelated] = await embedder.embed(['Vector databases index embeddings for search', 'searching vector indexes', 'Bake the bread at two hundred degrees']);
  t.ok(dot(query!, doc!) > dot(query!, unrelated!), 'shared words and word stems score higher');
  t.ok(dot(doc!, doc!) > 0.999);
});
