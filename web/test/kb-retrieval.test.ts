// The retrieval test's and the Dify help's pure parts (pages/kb/logic/retrieval.ts): the request from the
// form, why a collection was skipped, the source of a result, and what Dify is told to call.
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { KbRetrievalAnswerSchema } from '@app/contracts/schemas/kb';
import { enUS, zhCN } from '../src/i18n/messages.js';
import { SKIP_REASON_KEYS, difyApiEndpoint, difyCurl, difyRetrievalUrl, retrievalRequest, sourceTitle, titlesOf } from '../src/pages/kb/logic/retrieval.js';

t.test('the request: a knowledge base and a query, topK only when chosen', async (t) => {
  t.equal(retrievalRequest({ query: 'redis' }), null, 'no knowledge base');
  t.equal(retrievalRequest({ kbId: 3, query: '   ' }), null, 'a blank query');
  t.same(retrievalRequest({ kbId: 3, query: ' redis queues ' }), { kbId: 3, query: 'redis queues' }, 'trimmed; the KB\'s own topK');
  t.same(retrievalRequest({ kbId: 3, query: 'q', topK: null }), { kbId: 3, query: 'q' });
  t.same(retrievalRequest({ kbId: 3, query: 'q', topK: 7 }), { kbId: 3, query: 'q', topK: 7 });
  t.same(retrievalRequest({ kbId: 3, query: 'q', topK: 500 }), { kbId: 3, query: 'q', topK: 100 }, 'at most the server\'s 100');
  t.same(retrievalRequest({ kbId: 3, query: 'q', topK: 2.5 }), { kbId: 3, query: 'q' }, 'not an integer: the default');
});

t.test('every reason the server gives for a skipped collection has its text', async (t) => {
  const reasons = (KbRetrievalAnswerSchema.properties.skipped.items.properties.reason as { enum?: string[]; anyOf?: { const: string }[] });
  const listed = reasons.enum ?? reasons.anyOf?.map((a) => a.const) ?? [];
  t.same([...listed].sort(), Object.keys(SKIP_REASON_KEYS).sort(), 'the same reasons as the contract');
  for (const key of Object.values(SKIP_REASON_KEYS)) t.ok(zhCN[key] && enUS[key], key);
  t.equal(zhCN[SKIP_REASON_KEYS.disabled], '已停用');
});

t.test('a result names its collection by title when one is known', async (t) => {
  const titles = titlesOf([{ id: 3, title: 'faq' }], [{ vectorId: 5, title: 'old docs' }, { vectorId: 6, title: null }]);
  t.same([...titles], [[3, 'faq'], [5, 'old docs']]);
  t.equal(sourceTitle(3, titles), 'faq');
  t.equal(sourceTitle(6, titles), '#6');
  t.same([...titlesOf(undefined, undefined)], []);
});

t.test('Dify: the endpoint it is given, and where its requests arrive', async (t) => {
  t.equal(difyApiEndpoint('https://ai.example.com'), 'https://ai.example.com/api/kb/dify');
  t.equal(difyApiEndpoint('https://ai.example.com/'), 'https://ai.example.com/api/kb/dify', 'no double slash');
  t.equal(difyRetrievalUrl('http://10.0.0.5:8080'), 'http://10.0.0.5:8080/api/kb/dify/retrieval', 'Dify appends /retrieval');
});

t.test('the curl example is a request Dify would send, quoted for a shell', async (t) => {
  const curl = difyCurl('http://127.0.0.1:3000', { id: 12, topK: 4, scoreThreshold: 0.3 }, { query: "it's 你的问题", key: '<key>' });
  t.match(curl, /^curl -X POST 'http:\/\/127\.0\.0\.1:3000\/api\/kb\/dify\/retrieval'/);
  t.match(curl, /-H 'Authorization: Bearer <key>'/);
  // The shell itself reads the body back: the quoting holds for a query with a quote in it.
  const quoted = curl.split('\n').at(-1)!.replace(/^\s*-d /, '');
  const body = JSON.parse(execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' }));
  t.same(body, { knowledge_id: '12', query: "it's 你的问题", retrieval_setting: { top_k: 4, score_threshold: 0.3 } });
});
