// Embedding providers (issue 14, 5b): the OpenAI-compatible client against a real HTTP provider (the test
// kit's), its batching, retries, timeouts and typed failures; the registry of models; and the route that lists
// them through the real app.
import { createServer } from 'node:http';
import t, { type Test } from 'tap';
import { ConfigError, loadConfig } from '@app/service-kit';
import { createTestDatabase, signTestToken, startOpenAiEmbeddings, testServiceEnv, type OpenAiEmbeddingsServer } from '@app/testing';
import { buildApp } from '../src/app.js';
import { ConfigSchema } from '../src/config.js';
import { fakeAuth } from './vectors-harness.js';
import { createEmbedders, parseRemoteModels } from '../src/plugins/app/embedders/registry.js';
import { createOpenAiEmbedder, embeddingsUrl, type OpenAiEmbedderOptions } from '../src/plugins/app/embedders/openai.js';

const MODELS = { 'test-embed': 8, 'big-embed': 32 };
const API_KEY = 'sk-test-0123456789abcdef-secret';

/** A provider of its own for one test, closed at its end. */
async function provider(t: Test, opts: Parameters<typeof startOpenAiEmbeddings>[0] = {}): Promise<OpenAiEmbeddingsServer> {
  const server = await startOpenAiEmbeddings({ models: MODELS, ...opts });
  t.teardown(() => server.close());
  return server;
}

/** A client with quick backoff, logging into `logs`. */
function client(server: { url: string }, opts: Partial<OpenAiEmbedderOptions> = {}, logs: string[] = []) {
  return createOpenAiEmbedder({
    url: server.url,
    model: 'test-embed',
    backoffMs: 10,
    log: { warn: (obj, msg) => logs.push(`${msg} ${JSON.stringify(obj)}`) },
    ...opts,
  });
}

/** The rejection of `promise` (the test fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<{ code: string; statusCode: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as never;
  }
  throw new Error('expected a rejection');
}

const texts = (n: number) => Array.from({ length: n }, (_, i) => `document ${i}: 北京 text ${i * 7}`);

t.test('the endpoint, whether or not the base URL ends in /v1', async (t) => {
  t.equal(embeddingsUrl('http://ollama:11434').href, 'http://ollama:11434/v1/embeddings');
  t.equal(embeddingsUrl('http://ollama:11434/').href, 'http://ollama:11434/v1/embeddings');
  t.equal(embeddingsUrl('https://api.openai.com/v1').href, 'https://api.openai.com/v1/embeddings');
  t.equal(embeddingsUrl('https://api.openai.com/v1/').href, 'https://api.openai.com/v1/embeddings');
  t.equal(embeddingsUrl('http://gw.local/tei/').href, 'http://gw.local/tei/v1/embeddings', 'a path prefix is kept');
  const server = await provider(t);
  const [v] = await client({ url: `${server.url}/v1/` }).embed(['hello']);
  t.same(v, server.vector('hello'), 'a base with /v1/ reaches the same endpoint');
});

t.test('batches of batchSize, one after another, the answers put back in order', async (t) => {
  const server = await provider(t);
  const input = texts(100);
  const embedder = client(server, { batchSize: 32, dimension: 8 });
  const vectors = await embedder.embed(input);
  t.same(server.requests.map((r) => r.input.length), [32, 32, 32, 4], '100 texts in 4 requests');
  t.same(server.requests.flatMap((r) => r.input), input, 'each text sent once, in order');
  t.ok(server.requests.every((r) => r.model === 'test-embed' && r.path === '/v1/embeddings' && r.authorization === undefined), 'the model, the path, no key when none is set');
  t.same(vectors, input.map((text) => server.vector(text)), 'vector i is the one of text i although the provider answers in reverse');
  t.same(await embedder.embed([]), [], 'no texts, no request');
  t.equal(server.requests.length, 4);

  const zero = new Array(8).fill(0);
  t.same(await client(server).embed(['a', '', '  ', 'b']), [server.vector('a'), zero, zero, server.vector('b')], 'blank texts (which OpenAI refuses) are the zero vector');
  t.same(server.requests.at(-1)!.input, ['a', 'b'], 'and are not sent');
  t.same(await client(server).embed(['']), [zero], 'only blanks: the dimension is still asked for');
});

t.test('a dimension not given is learned from the first answer', async (t) => {
  const server = await provider(t);
  const embedder = client(server, { model: 'big-embed' });
  t.equal(embedder.dimension, 0, 'unknown before');
  t.equal(await embedder.probe(), 32);
  t.equal(embedder.dimension, 32);
  t.same(server.requests.map((r) => r.input.length), [1], 'the probe is one short text');
  await embedder.probe();
  t.equal(server.requests.length, 1, 'and only once');
});

t.test('429 and 5xx are retried with backoff; a small Retry-After is honoured', async (t) => {
  const server = await provider(t);
  const logs: string[] = [];
  server.fail(2, 500);
  t.same(await client(server, { retries: 3 }, logs).embed(['a', 'b']), [server.vector('a'), server.vector('b')], 'succeeds on the third attempt');
  t.equal(server.requests.length, 3);
  t.same(server.requests.map((r) => r.status), [500, 500, 200]);
  t.equal(logs.length, 2, 'each retry is logged');
  t.match(logs[0], /retrying.*HTTP 500 The server had an error/);

  server.fail(1, 429, { retryAfter: 1 });
  let started = Date.now();
  await client(server, { retries: 1 }).embed(['c']);
  t.ok(Date.now() - started >= 950, `waited the Retry-After of 1 s (${Date.now() - started} ms), not the 10 ms backoff`);

  server.fail(1, 429, { retryAfter: 3600 });
  started = Date.now();
  await client(server, { retries: 1 }).embed(['d']);
  t.ok(Date.now() - started < 900, `an hour's Retry-After is not waited for (${Date.now() - started} ms)`);
});

t.test('retries exhausted: VEC_EMBEDDING_UNAVAILABLE naming the host and the reason', async (t) => {
  const server = await provider(t);
  server.fail(10, 503);
  const err = await failure(client(server, { retries: 2 }).embed(['a']));
  t.match(err, { code: 'VEC_EMBEDDING_UNAVAILABLE', statusCode: 503 });
  t.match(err.message, `向量模型服务不可用 (${new URL(server.url).host}): HTTP 503 The server had an error while processing your request (after 3 attempts)`);
  t.equal(server.requests.length, 3, 'one attempt and two retries');

  server.fail(10, 429);
  const limited = await failure(client(server, { retries: 0 }).embed(['a']));
  t.match(limited, { code: 'VEC_EMBEDDING_UNAVAILABLE', message: /HTTP 429 Rate limit reached$/ });
});

t.test('a provider that is down fails quickly and says so', async (t) => {
  const server = await provider(t);
  await server.close();
  const started = Date.now();
  const err = await failure(client(server, { retries: 3 }).embed(['a']));
  t.match(err, { code: 'VEC_EMBEDDING_UNAVAILABLE', statusCode: 503, message: /ECONNREFUSED.*\(after 4 attempts\)/ });
  t.match(err.message, new URL(server.url).host);
  t.ok(Date.now() - started < 1000, `in ${Date.now() - started} ms`);
  await server.reopen();
  t.same(await client(server).embed(['a']), [server.vector('a')], 'and works again once the provider is back');
});

t.test('a provider that never answers: each attempt times out', async (t) => {
  const server = await provider(t);
  server.hang(5);
  const started = Date.now();
  const err = await failure(client(server, { retries: 1, timeoutMs: 200 }).embed(['a']));
  const ms = Date.now() - started;
  t.match(err, { code: 'VEC_EMBEDDING_UNAVAILABLE', message: /no answer within 200 ms \(after 2 attempts\)/ });
  t.ok(ms >= 400 && ms < 1500, `two 200 ms attempts and a backoff (${ms} ms)`);
  t.equal(server.requests.length, 2);
});

t.test('vectors of another dimension: VEC_EMBEDDING_DIMENSION, expected vs got', async (t) => {
  const server = await provider(t);
  server.wrongDimension(1);
  const err = await failure(client(server, { dimension: 8 }).embed(['a']));
  t.match(err, { code: 'VEC_EMBEDDING_DIMENSION', statusCode: 409 });
  t.match(err.message, /应为 8，实际为 9$/);
  t.equal(server.requests.length, 1, 'not retried');

  const learning = client(server, { batchSize: 1 });
  await learning.embed(['first']);
  server.wrongDimension(1);
  t.match(await failure(learning.embed(['second'])), { code: 'VEC_EMBEDDING_DIMENSION', message: /应为 8，实际为 9$/ }, 'the first answer fixed the dimension');
});

t.test('a 4xx is the caller’s to fix: VEC_EMBEDDING_REJECTED with the provider’s message, not retried', async (t) => {
  const server = await provider(t, { apiKey: API_KEY });
  const unknown = await failure(client(server, { model: 'no-such-model', apiKey: API_KEY, retries: 3 }).embed(['a']));
  t.match(unknown, { code: 'VEC_EMBEDDING_REJECTED', statusCode: 400 });
  t.match(unknown.message, 'HTTP 404 The model `no-such-model` does not exist or you do not have access to it.');
  t.equal(server.requests.length, 1, 'one request');

  const badKey = await failure(client(server, { apiKey: 'sk-wrong-key', retries: 3 }).embed(['a']));
  t.match(badKey, { code: 'VEC_EMBEDDING_REJECTED', statusCode: 400, message: /HTTP 401 Incorrect API key provided/ });
  t.equal(server.requests.length, 2);
});

t.test('the API key is sent as a bearer token and is in no log line nor error', async (t) => {
  const server = await provider(t, { apiKey: API_KEY });
  const logs: string[] = [];
  const embedder = client(server, { apiKey: API_KEY, retries: 1 }, logs);
  await embedder.embed(['a']);
  t.equal(server.requests[0]!.authorization, `Bearer ${API_KEY}`);

  server.fail(5, 500);
  const failed = await failure(embedder.embed(['b']));
  server.hang(2);
  const timedOut = await failure(client(server, { apiKey: API_KEY, retries: 1, timeoutMs: 100 }, logs).embed(['c']));
  await server.close();
  const down = await failure(embedder.embed(['d']));
  t.ok(logs.length >= 4, `${logs.length} log lines`);
  for (const text of [...logs, failed.message, timedOut.message, down.message, JSON.stringify({ ...failed }), JSON.stringify({ ...down })]) {
    t.notMatch(text, API_KEY.slice(3), 'no key');
  }
});

t.test('a provider that echoes the key: scrubbed from the message', async (t) => {
  const echo = createServer((req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `bad key ${req.headers.authorization}` }));
  });
  await new Promise<void>((done) => echo.listen(0, '127.0.0.1', done));
  t.teardown(() => echo.close());
  const err = await failure(client({ url: `http://127.0.0.1:${(echo.address() as { port: number }).port}` }, { apiKey: API_KEY }).embed(['a']));
  t.match(err.message, /HTTP 401 bad key Bearer \[redacted\]$/, 'TEI/Ollama-style {error: "…"} and the key masked');
});

// -- The registry ----------------------------------------------------------------------------------------

const DB_URL = 'postgres://unused@127.0.0.1:1/none';
const configOf = (env: Record<string, string>) =>
  loadConfig(ConfigSchema, { ...testServiceEnv(DB_URL, 'vectors-embed'), SECRETS_KEY: 'k'.repeat(40), ...env });

t.test('registry: the lexical model alone by default, lexical-hash-384', async (t) => {
  const embedders = createEmbedders(configOf({}));
  t.equal(embedders.defaultModel, 'lexical-hash-384');
  t.same(await embedders.list(), [{ model: 'lexical-hash-384', provider: 'lexical', dimension: 384, isDefault: true }]);
  const lexical = await embedders.get('lexical-hash-384');
  t.equal(lexical.dimension, 384);
  t.equal((await lexical.embed(['x']))[0]!.length, 384);
  t.equal((await embedders.get('lexical-hash-64')).dimension, 64, 'another lexical dimension (a collection built before EMBEDDING_DIMENSION changed)');
  t.match(await failure(embedders.get('text-embedding-3-small')), { code: 'VEC_EMBEDDING_MODEL_UNKNOWN', statusCode: 400, message: '未知的向量模型: text-embedding-3-small' });
  t.match(await failure(embedders.get('lexical-hash-3')), { code: 'VEC_EMBEDDING_MODEL_UNKNOWN' }, 'a lexical dimension out of range');

  const small = createEmbedders(configOf({ EMBEDDING_DIMENSION: '256' }));
  t.equal(small.defaultModel, 'lexical-hash-256', 'the default follows EMBEDDING_DIMENSION');
});

t.test('registry: remote models, the dimension learned once on first use', async (t) => {
  const server = await provider(t, { apiKey: API_KEY });
  const embedders = createEmbedders(configOf({
    EMBEDDING_URL: `${server.url}/v1`, EMBEDDING_REMOTE_MODELS: 'test-embed, big-embed:32', EMBEDDING_MODEL: 'test-embed', EMBEDDING_API_KEY: API_KEY, EMBEDDING_BATCH_SIZE: '3',
  }));
  t.equal(embedders.defaultModel, 'test-embed');
  t.same(await embedders.list(), [
    { model: 'lexical-hash-384', provider: 'lexical', dimension: 384, isDefault: false },
    { model: 'test-embed', provider: 'openai', dimension: null, isDefault: true },
    { model: 'big-embed', provider: 'openai', dimension: 32, isDefault: false },
  ]);
  t.equal(server.requests.length, 0, 'listing asks the provider nothing');

  const [a, b] = await Promise.all([embedders.get('test-embed'), embedders.get('test-embed')]);
  t.equal(a, b);
  t.equal(a.dimension, 8);
  t.equal(server.requests.length, 1, 'one probe for two concurrent uses');
  t.equal((await embedders.list())[1]!.dimension, 8, 'listed once known');
  await embedders.get('test-embed');
  t.equal(server.requests.length, 1, 'cached');

  const big = await embedders.get('big-embed');
  t.equal(big.dimension, 32);
  t.equal(server.requests.length, 1, 'a given dimension needs no probe');
  const vectors = await big.embed(texts(7));
  t.same(server.requests.slice(1).map((r) => r.input.length), [3, 3, 1], 'EMBEDDING_BATCH_SIZE');
  t.ok(server.requests.every((r) => r.authorization === `Bearer ${API_KEY}`), 'EMBEDDING_API_KEY');
  t.same(vectors, texts(7).map((text) => server.vector(text, 'big-embed')));
});

t.test('registry: a failed probe is not remembered', async (t) => {
  const server = await provider(t);
  const embedders = createEmbedders(configOf({ EMBEDDING_URL: server.url, EMBEDDING_REMOTE_MODELS: 'test-embed', EMBEDDING_RETRIES: '0' }));
  server.fail(1, 500);
  t.match(await failure(embedders.get('test-embed')), { code: 'VEC_EMBEDDING_UNAVAILABLE' });
  t.equal((await embedders.list())[1]!.dimension, null);
  t.equal((await embedders.get('test-embed')).dimension, 8, 'the next use asks again');
});

t.test('registry: settings that contradict each other stop the start', async (t) => {
  const problems = (env: Record<string, string>) => {
    try {
      createEmbedders(configOf(env));
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  };
  t.same(problems({ EMBEDDING_MODEL: 'bge-m3' }), ['EMBEDDING_MODEL bge-m3 is not one of the models served: lexical-hash-384']);
  t.same(problems({ EMBEDDING_MODEL: 'lexical-hash-384', EMBEDDING_DIMENSION: '256' }), ['EMBEDDING_MODEL lexical-hash-384 is not one of the models served: lexical-hash-256']);
  t.same(problems({ EMBEDDING_REMOTE_MODELS: 'bge-m3' }), ['EMBEDDING_REMOTE_MODELS needs EMBEDDING_URL']);
  t.same(problems({ EMBEDDING_URL: 'http://x', EMBEDDING_REMOTE_MODELS: 'a,a' }), ['EMBEDDING_REMOTE_MODELS lists a model twice']);
  t.same(problems({ EMBEDDING_URL: 'http://x', EMBEDDING_REMOTE_MODELS: 'lexical-hash-384' }), ['EMBEDDING_REMOTE_MODELS: lexical-hash-384 is the name of a built-in lexical model']);
  t.same(problems({ EMBEDDING_URL: 'http://x', EMBEDDING_REMOTE_MODELS: 'a,b', EMBEDDING_MODEL: 'b' }), [], 'a remote default');
  t.same(parseRemoteModels(' text-embedding-3-small, bge-m3:567m ,nomic-embed-text:latest:768,, e5:1024 '), [
    { name: 'text-embedding-3-small' }, { name: 'bge-m3:567m' }, { name: 'nomic-embed-text:latest', dimension: 768 }, { name: 'e5', dimension: 1024 },
  ], 'a trailing :<digits> is the dimension, an Ollama tag is part of the name');
});

// -- The route, through the real app -------------------------------------------------------------------------

t.test('GET /api/vectors/embedding-models: vector:manage', async (t) => {
  const url = await createTestDatabase(t);
  const server = await provider(t);
  const AUTH_URL = await fakeAuth(t);
  const app = await buildApp(
    loadConfig(ConfigSchema, {
      ...testServiceEnv(url, 'vectors-embed'), SECRETS_KEY: 'k'.repeat(40), VECTOR_DATA_DIR: 'memory://',
      AUTH_URL,
      EMBEDDING_URL: server.url, EMBEDDING_REMOTE_MODELS: 'test-embed', EMBEDDING_MODEL: 'test-embed',
    }),
    { logger: false },
  );
  t.teardown(() => app.close());
  const get = (role: string) => app.inject({ url: '/api/vectors/embedding-models', headers: { authorization: `Bearer ${signTestToken({ sub: '1', role })}` } });

  const admin = await get('admin');
  t.equal(admin.statusCode, 200, admin.body);
  t.same(admin.json().data, [
    { model: 'lexical-hash-384', provider: 'lexical', dimension: 384, isDefault: false },
    { model: 'test-embed', provider: 'openai', dimension: null, isDefault: true },
  ]);
  t.equal(app.embedders.defaultModel, 'test-embed', 'app.embedders for the build jobs');
  await app.embedders.get('test-embed');
  t.equal((await get('admin')).json().data[1].dimension, 8, 'the dimension once a build has used the model');
  t.equal((await get('viewer')).statusCode, 403, 'viewer');
  t.equal((await app.inject({ url: '/api/vectors/embedding-models' })).statusCode, 401, 'no token');
});
