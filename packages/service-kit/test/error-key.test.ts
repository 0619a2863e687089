// Every error envelope carries a stable errorKey clients translate (api.md Conventions); success carries none.
import t from 'tap';
import { Type } from 'typebox';
import type { InjectOptions } from 'fastify';
import { ServiceUnavailableError, createServer, defineError } from '../src/index.js';

const ProjectTakenError = defineError('PROJ_CODE_TAKEN', '项目编号已存在', 409);

async function app() {
  const server = await createServer({ service: 'error-key-test', logger: false, bodyLimitBytes: 2048 });
  server.post('/thing', { schema: { body: Type.Object({ name: Type.String({ minLength: 3 }) }) } }, async () => ({ ok: true }));
  server.get('/taken', async () => {
    throw new ProjectTakenError();
  });
  server.get('/down', async () => {
    throw new ServiceUnavailableError('服务暂不可用: stats');
  });
  server.get('/boom', async () => {
    const err = new Error('connect ECONNREFUSED 10.0.0.5:5432') as Error & { code: string };
    err.code = 'ECONNREFUSED';
    throw err;
  });
  server.get('/teapot', async () => {
    throw Object.assign(new Error('short and stout'), { statusCode: 418 });
  });
  server.get('/late', { schema: { response: { 200: Type.Object({ ok: Type.Boolean() }), 503: Type.Object({ ok: Type.Boolean() }) } } }, async (_req, reply) => {
    reply.code(503);
    return { ok: false };
  });
  t.teardown(() => server.close());
  return server;
}

t.test('typed errors give their code; validation, framework, masked and plain-status errors a fixed key', async (t) => {
  const server = await app();
  const cases: [string, string | InjectOptions, number, string][] = [
    ['a typed error of a service', '/taken', 409, 'PROJ_CODE_TAKEN'],
    ['a typed 503', '/down', 503, 'KIT_SERVICE_UNAVAILABLE'],
    ['a masked 5xx', '/boom', 500, 'INTERNAL'],
    ['an unknown 4xx (→ 400)', '/teapot', 400, 'KIT_BAD_REQUEST'],
    ['schema validation', { method: 'POST', url: '/thing', payload: { name: 'ab' } }, 400, 'VALIDATION_FAILED'],
    ['a missing field', { method: 'POST', url: '/thing', payload: {} }, 400, 'VALIDATION_FAILED'],
    ['malformed JSON (a framework error)', { method: 'POST', url: '/thing', headers: { 'content-type': 'application/json' }, payload: '{no' }, 400, 'KIT_BAD_REQUEST'],
    ['an empty JSON body', { method: 'POST', url: '/thing', headers: { 'content-type': 'application/json' }, payload: '' }, 400, 'KIT_BAD_REQUEST'],
    ['a body over the limit', { method: 'POST', url: '/thing', payload: { name: 'x'.repeat(5000) } }, 413, 'KIT_PAYLOAD_TOO_LARGE'],
    ['no such route', '/nowhere', 404, 'KIT_NOT_FOUND'],
    ['an error status with a declared schema', '/late', 503, 'KIT_SERVICE_UNAVAILABLE'],
  ];
  for (const [name, request, status, errorKey] of cases) {
    const res = await server.inject(request);
    t.equal(res.statusCode, status, name);
    t.match(res.json(), { code: status, errorKey }, `${name}: ${errorKey}`);
  }
  t.notMatch((await server.inject('/boom')).body, /ECONNREFUSED/, 'a masked error does not leak its code either');
});

t.test('success envelopes carry no errorKey', async (t) => {
  const res = await (await app()).inject({ method: 'POST', url: '/thing', payload: { name: 'abc' } });
  t.equal(res.statusCode, 200);
  t.notOk('errorKey' in res.json());
});
