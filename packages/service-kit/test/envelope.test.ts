import t from 'tap';
import { Type } from 'typebox';
import { ConflictError, createServer } from '../src/index.js';

async function app() {
  const server = await createServer({ service: 'kit-test', logger: false, bodyLimitBytes: 2048 });
  server.get('/thing', { schema: { response: { 200: Type.Object({ name: Type.String() }) } } }, async () => {
    const row = { name: 'x', password: 'never-serialised' };
    return row;
  });
  server.post(
    '/thing',
    { schema: { body: Type.Object({ name: Type.String({ minLength: 3 }), size: Type.Integer() }) } },
    async (_req, reply) => {
      reply.code(201);
      return { created: true };
    },
  );
  server.get('/conflict', async () => {
    throw new ConflictError('项目编号已存在');
  });
  server.get('/boom', async () => {
    throw new Error('database password is hunter2 at 10.0.0.5');
  });
  server.get('/teapot', async (_req, reply) => reply.code(418).send({ brewed: false }));
  t.teardown(() => server.close());
  return server;
}

t.test('success is wrapped in the envelope with code = HTTP status, msg = message', async (t) => {
  const res = await (await app()).inject('/thing');
  t.equal(res.statusCode, 200);
  t.same(res.json(), { code: 200, msg: 'success', message: 'success', data: { name: 'x' } });
  t.notMatch(res.body, /never-serialised/, 'the response schema drops fields it does not declare');
  t.ok(res.headers['x-request-id'], 'every response carries a request id');
});

t.test('201 keeps its status in code', async (t) => {
  const res = await (await app()).inject({ method: 'POST', url: '/thing', payload: { name: 'abc', size: 1 } });
  t.equal(res.statusCode, 201);
  t.equal(res.json().code, 201);
  t.same(res.json().data, { created: true });
});

t.test('validation errors are 400 naming the failing field', async (t) => {
  const server = await app();
  const short = await server.inject({ method: 'POST', url: '/thing', payload: { name: 'ab', size: 1 } });
  t.equal(short.statusCode, 400);
  t.equal(short.json().code, 400);
  t.match(short.json().msg, /body\.name/);
  t.equal(short.json().msg, short.json().message);
  t.equal(short.json().data, null);
  const missing = await server.inject({ method: 'POST', url: '/thing', payload: { name: 'abc' } });
  t.match(missing.json().msg, /body\.size is required/);
  const badJson = await server.inject({ method: 'POST', url: '/thing', headers: { 'content-type': 'application/json' }, payload: '{nope' });
  t.equal(badJson.statusCode, 400);
  t.equal(badJson.json().code, 400);
});

t.test('typed errors map to their status, unknown 4xx to 400, 404 and 413 are enveloped', async (t) => {
  const server = await app();
  const conflict = await server.inject('/conflict');
  t.equal(conflict.statusCode, 409);
  t.same(conflict.json(), { code: 409, msg: '项目编号已存在', message: '项目编号已存在', data: null, errorKey: 'KIT_CONFLICT' });
  const missing = await server.inject('/nowhere?x=1');
  t.equal(missing.statusCode, 404);
  t.match(missing.json(), { code: 404, data: null });
  t.match(missing.json().msg, /GET \/nowhere$/);
  const big = await server.inject({ method: 'POST', url: '/thing', payload: { name: 'x'.repeat(5000), size: 1 } });
  t.equal(big.statusCode, 413);
  t.equal(big.json().code, 413);
});

t.test('5xx never leaks internals', async (t) => {
  const res = await (await app()).inject('/boom');
  t.equal(res.statusCode, 500);
  t.same(res.json(), { code: 500, msg: '服务器内部错误', message: '服务器内部错误', data: null, errorKey: 'INTERNAL' });
  t.notMatch(res.body, /hunter2|10\.0\.0\.5/);
});

t.test('a request id given by the caller is propagated; a malformed one is replaced', async (t) => {
  const server = await app();
  const given = await server.inject({ url: '/thing', headers: { 'x-request-id': 'abc-123' } });
  t.equal(given.headers['x-request-id'], 'abc-123');
  const evil = await server.inject({ url: '/thing', headers: { 'x-request-id': 'a b\n<script>' } });
  t.not(evil.headers['x-request-id'], 'a b\n<script>');
  t.match(String(evil.headers['x-request-id']), /^[0-9a-f-]{36}$/);
});

t.test('health, metrics and OpenAPI', async (t) => {
  const server = await app();
  await server.inject('/thing');
  const health = await server.inject('/healthz');
  t.equal(health.statusCode, 200);
  t.equal(health.json().data.status, 'ok');
  const metrics = await server.inject('/metrics');
  t.match(metrics.headers['content-type'], /text\/plain/);
  t.match(metrics.body, /http_request_duration_seconds_bucket\{.*route="\/thing".*status_code="200"/);
  const doc = await server.inject('/documentation/json');
  t.equal(doc.json().openapi.slice(0, 2), '3.');
  t.ok(doc.json().paths['/thing'], 'routes appear in the OpenAPI document');
  t.notOk(doc.json().paths['/healthz'], 'probes are hidden from it');
});

t.test('readiness reports each dependency and answers 503 when one is down', async (t) => {
  const server = await createServer({ service: 'kit-test', logger: false });
  t.teardown(() => server.close());
  let up = true;
  server.readiness.add('db', async () => {
    if (!up) throw new Error('connection refused');
  });
  const ok = await server.inject('/readyz');
  t.equal(ok.statusCode, 200);
  t.equal(ok.json().data.checks.db.ok, true);
  up = false;
  const down = await server.inject('/readyz');
  t.equal(down.statusCode, 503);
  t.equal(down.json().code, 503);
  t.same(down.json().data.checks.db, { ok: false, latencyMs: down.json().data.checks.db.latencyMs, error: 'connection refused' });
});
