import t from 'tap';
import { isUnauthorized, parseJson, readEnvelope, statusText } from '../src/lib/envelope.js';

t.test('success envelope returns data and the message', async (t) => {
  const r = readEnvelope<{ a: number }>(200, { code: 200, msg: 'ok', message: 'ok', data: { a: 1 } });
  t.same(r, { ok: true, status: 200, code: 200, msg: 'ok', data: { a: 1 } });
});

t.test('201 and 202 envelopes are successes', async (t) => {
  t.equal(readEnvelope(201, { code: 201, msg: 'created', data: { id: 3 } }).ok, true);
  t.equal(readEnvelope(202, { code: 202, msg: 'accepted', data: { taskId: 'x' } }).ok, true);
});

t.test('error envelope prefers msg, then message, then a status text', async (t) => {
  t.match(readEnvelope(400, { code: 400, msg: '验证码错误', message: '验证码错误', data: null }), { ok: false, code: 400, msg: '验证码错误' });
  t.match(readEnvelope(409, { code: 409, message: 'username taken', data: null }), { ok: false, msg: 'username taken' });
  t.match(readEnvelope(403, { code: 403, data: null }), { ok: false, msg: statusText(403) });
});

t.test('error envelope keeps its errorKey; success and keyless errors carry none', async (t) => {
  t.match(readEnvelope(400, { code: 400, msg: '验证码错误', data: null, errorKey: 'AUTH_CAPTCHA_INVALID' }), { ok: false, errorKey: 'AUTH_CAPTCHA_INVALID' });
  t.notOk('errorKey' in readEnvelope(400, { code: 400, msg: 'bad', data: null }));
  t.notOk('errorKey' in readEnvelope(400, { code: 400, msg: 'bad', data: null, errorKey: 7 }), 'a key that is not a string is ignored');
  t.notOk('errorKey' in readEnvelope(502, undefined));
});

t.test('business error carried in a 200 response (art-design-pro style) is still an error', async (t) => {
  t.match(readEnvelope(200, { code: 400, msg: 'bad', data: null }), { ok: false, code: 400, msg: 'bad' });
});

t.test('an error status with a success code inside is treated as the HTTP error', async (t) => {
  t.match(readEnvelope(502, { code: 200, data: {} }), { ok: false, code: 502 });
});

t.test('non-envelope bodies fall back to the HTTP status', async (t) => {
  t.match(readEnvelope(200, [1, 2]), { ok: true, data: [1, 2] });
  t.match(readEnvelope(204, undefined), { ok: true, data: undefined });
  t.match(readEnvelope(502, undefined), { ok: false, code: 502, msg: statusText(502) });
  t.match(readEnvelope(0, undefined), { ok: false, code: 0, msg: statusText(0) });
});

t.test('unauthorised is recognised from the status or the code', async (t) => {
  t.ok(isUnauthorized(readEnvelope(401, { code: 401, msg: 'expired', data: null })));
  t.ok(isUnauthorized(readEnvelope(200, { code: 401, msg: 'expired', data: null })));
  t.notOk(isUnauthorized(readEnvelope(403, { code: 403, msg: 'no', data: null })));
  t.notOk(isUnauthorized(readEnvelope(200, { code: 200, data: null })));
});

t.test('parseJson tolerates empty and invalid text', async (t) => {
  t.equal(parseJson(''), undefined);
  t.equal(parseJson('<html>'), undefined);
  t.same(parseJson('{"code":200}'), { code: 200 });
});

t.test('unknown statuses get a generic text', async (t) => {
  t.match(statusText(418), '418');
  t.match(statusText(599), '599');
});
