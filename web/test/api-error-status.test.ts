// The console behind a gateway with API_ERROR_STATUS=ok: every /api answer is HTTP 200 and the outcome is the
// body's code. Errors, their errorKey and the 401 that ends the session must read as they do in `mirror` mode.
import t from 'tap';
import { isUnauthorized, readEnvelope } from '../src/lib/envelope.js';
import { errorText } from '../src/lib/error-text.js';
import { decideExport, isUnauthorizedAnswer } from '../src/lib/export-answer.js';
import { runDownload, type FlowDeps, type ResponseLike } from '../src/lib/download-flow.js';

const body = (code: number, msg: string, errorKey?: string, data: unknown = null) => ({ code, msg, message: msg, data, ...(errorKey ? { errorKey } : {}) });

t.test('a 401 in a 200 answer ends the session, as an HTTP 401 does', async (t) => {
  const ok = readEnvelope(200, body(401, '登录已失效，请重新登录', 'KIT_UNAUTHORIZED'));
  const mirror = readEnvelope(401, body(401, '登录已失效，请重新登录', 'KIT_UNAUTHORIZED'));
  t.equal(isUnauthorized(ok), true);
  t.match(ok, { ok: false, status: 200, code: 401, errorKey: 'KIT_UNAUTHORIZED' });
  t.same({ ...ok, status: 401 }, mirror, 'the same failure but for the HTTP status');
  t.equal(isUnauthorized(readEnvelope(200, body(403, '权限不足', 'KIT_FORBIDDEN'))), false, 'a 403 keeps the session');
});

t.test('4xx in a 200 answer: an error, shown with its msg or its key’s text', async (t) => {
  for (const [code, msg, key, english] of [
    [400, '用户名或密码错误', 'AUTH_BAD_CREDENTIALS', 'Incorrect username or password'],
    [403, '权限不足', 'KIT_FORBIDDEN', undefined],
    [404, '资源不存在', 'KIT_NOT_FOUND', undefined],
    [409, '项目编号已存在', undefined, undefined],
    [429, '请求过于频繁，请 30 秒后再试', 'KIT_TOO_MANY_REQUESTS', undefined],
  ] as const) {
    const failure = readEnvelope(200, body(code, msg, key));
    t.match(failure, { ok: false, status: 200, code, msg }, `${code}`);
    t.equal(errorText(failure, 'zh-CN'), msg, `${code}: the Chinese console shows the server's msg`);
    const mirrored = readEnvelope(code, body(code, msg, key));
    t.equal(errorText(failure, 'en-US'), errorText(mirrored, 'en-US'), `${code}: the English text is the one mirror mode shows`);
    if (english) t.equal(errorText(failure, 'en-US'), english);
  }
});

t.test('a success is code 200 in the body; a task is still found by its taskId', async (t) => {
  t.match(readEnvelope(200, body(200, 'success', undefined, { id: 3 })), { ok: true, data: { id: 3 } });
  const json = { contentType: 'application/json; charset=utf-8' };
  t.same(decideExport(200, json, body(200, 'success', undefined, { taskId: 'exp-1' })), { kind: 'task', taskId: 'exp-1' });
  t.match(decideExport(200, json, body(403, '权限不足', 'KIT_FORBIDDEN')), { kind: 'error', code: 403, message: '权限不足' });
});

t.test('downloads: a 401 in a 200 JSON answer is a 401; a refused export names its code', async (t) => {
  t.equal(isUnauthorizedAnswer(200, body(401, '登录已过期')), true);
  t.equal(isUnauthorizedAnswer(401), true);
  t.equal(isUnauthorizedAnswer(200), false, 'a file (not read) is not');
  t.equal(isUnauthorizedAnswer(200, body(200, 'success', undefined, { taskId: 'x' })), false);

  const json = (code: number, msg: string, data: unknown = null): ResponseLike => ({
    status: 200,
    headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
    blob: async () => new Blob([]),
    text: async () => JSON.stringify(body(code, msg, undefined, data)),
  });
  const deps = (first: ResponseLike, poll: unknown): FlowDeps => ({
    get: async () => first,
    getTask: async () => Promise.reject(poll),
    save: () => {},
    sleep: async () => {},
    messages: { failed: '导出失败', taskFailed: '任务失败' },
  });
  await t.rejects(runDownload(deps(json(403, '权限不足'), null), '/api/export'), { name: 'DownloadError', message: '权限不足', status: 403 });
  // The console's ApiError of a poll answered 200 + code 404: the task is gone, no retry.
  const gone = Object.assign(new Error('任务不存在'), { code: 404, status: 200 });
  await t.rejects(runDownload(deps(json(200, 'success', { taskId: 't1' }), gone), '/api/export', { maxPollFailures: 99 }), {
    message: '任务不存在',
    status: 404,
    taskId: 't1',
  });
});
