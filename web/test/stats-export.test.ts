import t from 'tap';
import {
  decideExport, fallbackFilename, filenameFromDisposition, isFileResponse, taskPercent, taskStep, XLSX_MIME,
} from '../src/lib/export-answer.js';

t.test('file names from Content-Disposition', async (t) => {
  t.equal(filenameFromDisposition('attachment; filename="logs.xlsx"'), 'logs.xlsx');
  t.equal(filenameFromDisposition('attachment; filename=logs.xlsx'), 'logs.xlsx');
  t.equal(filenameFromDisposition('attachment;filename="a; b.xlsx"'), 'a; b.xlsx', 'a quoted ; stays');
  t.equal(filenameFromDisposition('attachment; filename="say \\"hi\\".xlsx"'), 'say _hi_.xlsx', 'escaped quotes, then made safe');
  t.equal(
    filenameFromDisposition("attachment; filename=\"export.xlsx\"; filename*=UTF-8''%E7%94%9F%E6%88%90%E6%97%A5%E5%BF%97.xlsx"),
    '生成日志.xlsx',
    'filename* wins',
  );
  t.equal(filenameFromDisposition("attachment; filename*=utf-8'zh-CN'%E7%BB%9F%E8%AE%A1.xlsx"), '统计.xlsx', 'language tag');
  t.equal(filenameFromDisposition("attachment; filename*=ISO-8859-1''caf%E9.xlsx"), 'café.xlsx');
  t.equal(filenameFromDisposition('attachment; filename="%E7%BB%9F%E8%AE%A1.xlsx"'), '统计.xlsx', 'percent-encoded plain filename');
  t.equal(filenameFromDisposition('attachment; filename="100%.xlsx"'), '100%.xlsx', 'a lone % is kept');
  t.equal(filenameFromDisposition("attachment; filename*=UTF-8''%E0%A4%A; filename=\"ok.xlsx\""), 'ok.xlsx', 'a broken filename* falls back');
  t.equal(filenameFromDisposition('inline; FILENAME="Upper.xlsx"'), 'Upper.xlsx', 'parameter names are case-insensitive');
  t.equal(filenameFromDisposition('attachment; filename="../../etc/passwd"'), 'passwd', 'no directories');
  t.equal(filenameFromDisposition('attachment; filename="C:\\\\temp\\\\x.xlsx"'), 'x.xlsx');
  t.equal(filenameFromDisposition('attachment; filename="..."'), null, 'nothing usable');
  t.equal(filenameFromDisposition('attachment'), null);
  t.equal(filenameFromDisposition(''), null);
  t.equal(filenameFromDisposition(null), null);
});

t.test('a fallback name carries a local timestamp', async (t) => {
  t.equal(fallbackFilename(new Date(2026, 0, 2, 3, 4, 5)), 'generation-logs-20260102-030405.xlsx');
  t.equal(fallbackFilename(new Date(2026, 10, 12, 13, 14, 15), 'x', 'csv'), 'x-20261112-131415.csv');
});

t.test('the file itself or not', async (t) => {
  t.ok(isFileResponse(200, XLSX_MIME, 'attachment; filename="a.xlsx"'));
  t.ok(isFileResponse(200, 'application/octet-stream', null), 'a binary body without disposition');
  t.ok(isFileResponse(200, 'application/json', 'attachment; filename="a.json"'), 'attachment wins over type');
  t.notOk(isFileResponse(202, XLSX_MIME, null), '202 is never the file');
  t.notOk(isFileResponse(200, 'application/json; charset=utf-8', null));
  t.notOk(isFileResponse(200, 'application/problem+json', null));
  t.notOk(isFileResponse(200, 'text/html', null), 'an SPA fallback page is not a file');
  t.notOk(isFileResponse(404, XLSX_MIME, 'attachment'));
  t.notOk(isFileResponse(204, null, null));
});

t.test('200 file versus 202 task versus error', async (t) => {
  const json = { contentType: 'application/json; charset=utf-8' };
  t.same(decideExport(200, { contentType: XLSX_MIME, disposition: 'attachment; filename="x.xlsx"' }), { kind: 'file' });
  t.same(decideExport(202, json, { code: 202, msg: 'accepted', data: { taskId: 'exp-1' } }), { kind: 'task', taskId: 'exp-1' });
  t.same(decideExport(202, json, { taskId: 42 }), { kind: 'task', taskId: '42' }, 'a bare body and a numeric id');
  t.same(decideExport(200, json, { code: 200, msg: 'ok', data: { taskId: 'x' } }), { kind: 'task', taskId: 'x' }, 'a task in a 200 envelope');
  t.same(decideExport(202, json, { code: 202, data: { id: 'job-7' } }), { kind: 'task', taskId: 'job-7' }, 'id alias');
  t.same(decideExport(403, json, { code: 403, msg: '权限不足', data: null }), { kind: 'error', status: 403, code: 403, message: '权限不足' });
  t.same(decideExport(503, { contentType: 'text/html' }, undefined), { kind: 'error', status: 503, code: 503, message: '服务暂不可用' });
  t.same(decideExport(200, json, { code: 200, data: { ok: true } }), { kind: 'error', status: 200, code: 200, message: '' }, 'no task id');
  t.same(decideExport(202, json, { code: 202, data: { taskId: '' } }), { kind: 'error', status: 202, code: 202, message: '' }, 'an empty id');
  t.same(decideExport(200, { contentType: 'application/json' }, { code: 400, msg: 'start 格式错误' }).kind, 'error', 'an error envelope in a 200');
});

t.test('task progress and the next step', async (t) => {
  t.equal(taskPercent(null), 0);
  t.equal(taskPercent({ status: 'waiting', progress: 0 }), 0);
  t.equal(taskPercent({ status: 'active', progress: 42.4 }), 42);
  t.equal(taskPercent({ status: 'active', progress: '57' }), 57);
  t.equal(taskPercent({ status: 'active', progress: 0.5 }), 50, 'a 0–1 fraction');
  t.equal(taskPercent({ status: 'active', progress: 250 }), 100);
  t.equal(taskPercent({ status: 'active', progress: -3 }), 0);
  t.equal(taskPercent({ status: 'active', progress: null }), 0);
  t.equal(taskPercent({ status: 'completed', progress: 80 }), 100, 'completed is 100');
  t.equal(taskStep({ status: 'waiting' }), 'poll');
  t.equal(taskStep({ status: 'active' }), 'poll');
  t.equal(taskStep({ status: 'delayed' }), 'poll', 'other queue states keep polling');
  t.equal(taskStep({ status: 'completed' }), 'download');
  t.equal(taskStep({ status: 'failed', error: 'boom' }), 'failed');
  t.equal(taskStep(undefined), 'poll');
});
