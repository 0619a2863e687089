import t from 'tap';
import { DownloadError, runDownload, taskDownloadUrl, type FlowDeps, type PolledTask, type ResponseLike } from '../src/lib/download-flow.js';
import { XLSX_MIME } from '../src/lib/export-answer.js';

type Reply = { status: number; headers?: Record<string, string>; body?: string | Blob };

function response({ status, headers = {}, body = '' }: Reply): ResponseLike {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    headers: { get: (name: string) => lower.get(name.toLowerCase()) ?? null },
    blob: async () => (body instanceof Blob ? body : new Blob([body])),
    text: async () => (body instanceof Blob ? body.text() : body),
  };
}

const json = (status: number, data: unknown, code = status, msg = 'ok'): Reply => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ code, msg, message: msg, data }),
});
const xlsx = (name: string, bytes = 'PK..'): Reply => ({
  status: 200,
  headers: { 'Content-Type': XLSX_MIME, 'Content-Disposition': `attachment; filename="${name}"` },
  body: new Blob([bytes]),
});

function harness(replies: Record<string, Reply[]>, tasks: (PolledTask | Error)[] = []) {
  const calls: string[] = [];
  const saved: { name: string; size: number }[] = [];
  let slept = 0;
  const deps: FlowDeps = {
    get: async (url) => {
      calls.push(url);
      const next = replies[url]?.shift();
      if (!next) throw new Error(`unexpected GET ${url}`);
      return response(next);
    },
    getTask: async (id) => {
      calls.push(`task ${id}`);
      const next = tasks.shift();
      if (!next) throw new Error('no more task states');
      if (next instanceof Error) throw next;
      return next;
    },
    save: (blob, name) => saved.push({ name, size: blob.size }),
    sleep: async (ms) => {
      slept += ms;
    },
    messages: { failed: 'Export failed', taskFailed: 'The export task failed' },
  };
  return { deps, calls, saved, slept: () => slept };
}

const URL_ = '/api/export?start=a&end=b';

t.test('200: the file is saved at once', async (t) => {
  const h = harness({ [URL_]: [xlsx('logs.xlsx', 'PK1234')] });
  const seen: PolledTask[] = [];
  const result = await runDownload(h.deps, URL_, { onTask: (x) => seen.push(x) });
  t.same(result, { filename: 'logs.xlsx', size: 6 });
  t.same(h.saved, [{ name: 'logs.xlsx', size: 6 }]);
  t.same(seen, [], 'no task');
  t.equal(h.slept(), 0);
});

t.test('200 without a disposition uses the fallback name', async (t) => {
  const h = harness({ [URL_]: [{ status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: 'x' }] });
  t.same(await runDownload(h.deps, URL_, { fallbackName: 'f.xlsx' }), { filename: 'f.xlsx', size: 1 });
});

t.test('202: polls every interval with progress, then downloads the task file', async (t) => {
  const h = harness(
    { [URL_]: [json(202, { taskId: 'exp 1' })], [taskDownloadUrl('exp 1')]: [xlsx('big.xlsx', 'PKPK')] },
    [
      { id: 'exp 1', status: 'waiting', progress: 0 },
      { id: 'exp 1', status: 'active', progress: 40 },
      { id: 'exp 1', status: 'active', progress: 90 },
      { id: 'exp 1', status: 'completed', progress: 100 },
    ],
  );
  const seen: string[] = [];
  const result = await runDownload(h.deps, URL_, { onTask: (x) => seen.push(`${x.status}:${x.progress}`) });
  t.same(result, { filename: 'big.xlsx', size: 4, taskId: 'exp 1' });
  t.same(seen, ['waiting:0', 'waiting:0', 'active:40', 'active:90', 'completed:100'], 'reported at once, then after each poll');
  t.equal(h.slept(), 4000, 'one second before each of the four polls');
  t.same(h.calls, [URL_, 'task exp 1', 'task exp 1', 'task exp 1', 'task exp 1', '/api/tasks/exp%201/download']);
  t.same(h.saved, [{ name: 'big.xlsx', size: 4 }]);
});

t.test('a failed task stops with its error', async (t) => {
  const h = harness({ [URL_]: [json(202, { taskId: 't1' })] }, [
    { id: 't1', status: 'active', progress: 10 },
    { id: 't1', status: 'failed', progress: 10, error: 'ExcelJS: out of memory' },
  ]);
  await t.rejects(runDownload(h.deps, URL_), new DownloadError('ExcelJS: out of memory', 0, 't1'));
  t.same(h.saved, []);
  const quiet = harness({ [URL_]: [json(202, { taskId: 't2' })] }, [{ id: 't2', status: 'failed', progress: 0 }]);
  await t.rejects(runDownload(quiet.deps, URL_), { message: 'The export task failed' });
});

t.test('polling survives a few network hiccups but not a missing task', async (t) => {
  const hiccup = Object.assign(new Error('网络错误'), { status: 0 });
  const h = harness({ [URL_]: [json(202, { taskId: 't3' })], [taskDownloadUrl('t3')]: [xlsx('ok.xlsx')] }, [
    hiccup,
    hiccup,
    { id: 't3', status: 'completed', progress: 100 },
  ]);
  t.equal((await runDownload(h.deps, URL_)).filename, 'ok.xlsx');

  const many = harness({ [URL_]: [json(202, { taskId: 't4' })] }, [hiccup, hiccup, hiccup]);
  await t.rejects(runDownload(many.deps, URL_, { maxPollFailures: 3 }), { message: '网络错误', taskId: 't4' });

  const gone = Object.assign(new Error('任务不存在'), { status: 404 });
  const missing = harness({ [URL_]: [json(202, { taskId: 't5' })] }, [gone, { id: 't5', status: 'completed', progress: 100 }]);
  await t.rejects(runDownload(missing.deps, URL_), { message: '任务不存在', status: 404 });
  t.equal(missing.calls.filter((c) => c.startsWith('task')).length, 1, 'a 404 is not retried');
});

t.test('errors carry the server\'s message', async (t) => {
  const h = harness({ [URL_]: [json(403, null, 403, '权限不足')] });
  await t.rejects(runDownload(h.deps, URL_), { name: 'DownloadError', message: '权限不足', status: 403 });
  const html = harness({ [URL_]: [{ status: 502, headers: { 'Content-Type': 'text/html' }, body: '<html>' }] });
  await t.rejects(runDownload(html.deps, URL_), { message: '网关错误', status: 502 });
  const odd = harness({ [URL_]: [json(200, { hello: 1 })] });
  await t.rejects(runDownload(odd.deps, URL_), { message: 'Export failed' }, 'JSON without a task id');
});

t.test('the task download must be the file', async (t) => {
  const h = harness(
    { [URL_]: [json(202, { taskId: 't6' })], [taskDownloadUrl('t6')]: [json(202, { taskId: 't7' })] },
    [{ id: 't6', status: 'completed', progress: 100 }],
  );
  await t.rejects(runDownload(h.deps, URL_), { message: 'Export failed', taskId: 't6' });
  const expired = harness(
    { [URL_]: [json(202, { taskId: 't8' })], [taskDownloadUrl('t8')]: [json(410, null, 410, '文件已过期')] },
    [{ id: 't8', status: 'completed', progress: 100 }],
  );
  await t.rejects(runDownload(expired.deps, URL_), { message: '文件已过期', status: 410 });
});

t.test('aborting stops the polling', async (t) => {
  const abort = new AbortController();
  const h = harness({ [URL_]: [json(202, { taskId: 't9' })] }, [{ id: 't9', status: 'active', progress: 5 }]);
  h.deps.sleep = async (_ms, signal) => {
    if (signal?.aborted) throw Object.assign(new Error('Aborted'), { name: 'AbortError' });
  };
  const run = runDownload(h.deps, URL_, {
    signal: abort.signal,
    onTask: (task) => {
      if (task.progress === 5) abort.abort();
    },
  });
  await t.rejects(run, { name: 'AbortError' });
  t.same(h.saved, []);
});
