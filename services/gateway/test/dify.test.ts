// Dify's external knowledge API through the gateway (issue 15 item 3): reachable with a knowledge-base API key
// and no user token, Dify's own body shapes and HTTP statuses on the wire, also with API_ERROR_STATUS=ok.
import t from 'tap';
import { builtCollection, caller } from './collection-fixture.js';
import { ADMIN_PASSWORD, startPlatform } from './platform.js';

const p = await startPlatform(t, { backends: ['vectors'], env: { API_ERROR_STATUS: 'ok' } });
const admin = await p.token('admin', ADMIN_PASSWORD);
const call = caller(p, admin);

t.test('Dify retrieves through the gateway with a knowledge-base key only', async (t) => {
  const { collectionId } = await builtCollection(t, call, 'dify');
  const kb = await call('POST', '/api/kb/config', { name: 'dify', vectorIds: [collectionId], retrievalConfig: { type: 'keyword', topK: 3, scoreThreshold: 0 } });
  t.equal(kb.body.code, 200);
  const key = (await call('POST', `/api/kb/config/${kb.body.data.id}/keys`, { name: 'dify' })).body.data.key as string;

  const dify = (body: object, authorization?: string) =>
    fetch(`${p.url}/api/kb/dify/retrieval`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
  const ask = { knowledge_id: String(kb.body.data.id), query: 'redis queues', retrieval_setting: { top_k: 1, score_threshold: 0 } };

  const ok = await dify(ask, `Bearer ${key}`);
  t.equal(ok.status, 200);
  const body = await ok.json();
  t.same(Object.keys(body), ['records'], 'the raw Dify answer, no envelope');
  t.match(body.records, [{ content: 'Redis keeps queues', score: Number, title: 'dify #2', metadata: {} }]);

  const missing = await dify(ask);
  t.equal(missing.status, 403, 'the real status, though /api errors are sent as 200 on this platform');
  t.same(await missing.json(), { error_code: 1001, error_msg: "Invalid Authorization header format. Expected 'Bearer <api-key>' format." });
  const wrong = await dify(ask, 'Bearer kb-not-a-key');
  t.equal(wrong.status, 403);
  t.equal((await wrong.json()).error_code, 1002);
  const noKb = await dify({ ...ask, knowledge_id: '987654' }, `Bearer ${key}`);
  t.equal(noKb.status, 404);
  t.same(await noKb.json(), { error_code: 2001, error_msg: 'The knowledge does not exist' });
  const userToken = await dify(ask, `Bearer ${admin}`);
  t.equal((await userToken.json()).error_code, 1002, 'a user token is not a knowledge-base key');

  const plain = await p.fetch('/api/kb/config/987654', { token: admin });
  t.equal(plain.status, 200, 'other /api errors still leave as 200 with the code in the envelope');
  t.equal((await plain.json()).code, 404);
});
