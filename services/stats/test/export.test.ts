import t from 'tap';
import { ADMIN_PASSWORD, startPlatform, type Platform } from '../../gateway/test/platform.js';
import { workbookOf } from './exports.js';

/** `n` logs of the caller in a project of their own (logs are accepted for one's own projects only). */
async function seedLogs(p: Platform, token: string, n: number, code: string) {
  const created = await p.fetch('/api/projects', { method: 'POST', token, body: JSON.stringify({ name: code, code }) });
  if (created.status !== 201) throw new Error(await created.text());
  const projectId: number = (await created.json()).data.id;
  const logs = Array.from({ length: n }, (_, i) => ({
    id: `e-${projectId}-${i}`,
    projectId,
    status: i % 4 === 0 ? 'failed' : 'success',
    durationMs: 100 + i,
    timestamp: new Date(Date.UTC(2026, 10, 10 + (i % 3), 8, i % 60)).toISOString(),
  }));
  const res = await p.fetch('/api/logs', { method: 'POST', token, body: JSON.stringify(logs) });
  if (res.status !== 201) throw new Error(await res.text());
}

t.test('a short export streams back on the same request, and equals the query', async (t) => {
  const p = await startPlatform(t, { backends: ['projects', 'stats'] });
  await p.createUser('ella', 'user');
  await p.createUser('emil', 'user');
  const ella = await p.token('ella', 'ella-Pass-123');
  const emil = await p.token('emil', 'emil-Pass-123');
  await seedLogs(p, ella, 120, 'ELLA-1');
  await seedLogs(p, emil, 30, 'EMIL-1');

  const res = await p.fetch('/api/export?start=2026-11-01T00:00:00Z&end=2026-11-30T00:00:00Z', { token: ella });
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /spreadsheetml/);
  t.match(res.headers.get('content-disposition'), /^attachment; filename="generation-logs-\d{4}-\d{2}-\d{2}\.xlsx"/);
  const wb = await workbookOf(res);
  const sheet = wb.getWorksheet('生成日志')!;
  t.same(sheet.getRow(1).values, [undefined, '日志ID', '时间 (UTC)', '用户ID', '项目ID', '状态', '耗时 (ms)', 'Prompt ID', '实例', '并发ID', '用户', '项目']);
  const rows: { logId: string; time: Date; status: string; durationMs: number; userId: number }[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const v = row.values as unknown[];
    rows.push({ logId: String(v[1]), time: v[2] as Date, userId: Number(v[3]), status: String(v[5]), durationMs: Number(v[6]) });
  });
  const api = (await (await p.fetch('/api/logs?size=100&current=1', { token: ella })).json()).data;
  const api2 = (await (await p.fetch('/api/logs?size=100&current=2', { token: ella })).json()).data;
  const expected = [...api.records, ...api2.records].sort((a, b) => a.timestamp.localeCompare(b.timestamp) || Number(a.logId) - Number(b.logId));
  t.equal(rows.length, 120, 'only the caller’s logs, all of them');
  t.same(
    rows.map((r) => [r.logId, r.time.toISOString(), r.status, r.durationMs, r.userId]),
    expected.map((r: { logId: string; timestamp: string; status: string; durationMs: number; userId: number }) => [r.logId, r.timestamp, r.status, r.durationMs, r.userId]),
    'row for row the query, with real date cells',
  );
  const summary = wb.getWorksheet('每日汇总')!;
  const perDay: unknown[][] = [];
  summary.eachRow((row, n) => n > 1 && perDay.push((row.values as unknown[]).slice(1)));
  const stats = (await (await p.fetch('/api/stats?start=2026-11-10&end=2026-11-12', { token: ella })).json()).data;
  t.same(perDay, stats.series.map((s: { key: string; total: number; success: number; failed: number }) => [s.key, s.total, s.success, s.failed]), 'the per-day totals');
});

t.test('a long export answers 202; its task reports progress and hands the file to its owner only', async (t) => {
  const p = await startPlatform(t, { backends: ['projects', 'stats'], env: { EXPORT_WAIT_MS: '0' } });
  await p.createUser('fay', 'user');
  await p.createUser('finn', 'user');
  const fay = await p.token('fay', 'fay-Pass-123');
  const finn = await p.token('finn', 'finn-Pass-123');
  const admin = await p.token('admin', ADMIN_PASSWORD);
  await seedLogs(p, fay, 40, 'FAY-1');
  const res = await p.fetch('/api/export', { token: fay });
  t.equal(res.status, 202);
  const { taskId } = (await res.json()).data;
  let task;
  for (let i = 0; i < 100; i++) {
    task = (await (await p.fetch(`/api/tasks/${taskId}`, { token: fay })).json()).data;
    if (task.status === 'completed' || task.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  t.match(task, { id: taskId, type: 'export', status: 'completed', progress: 100, result: { rows: 40 } });
  t.equal((await p.fetch(`/api/tasks/${taskId}`, { token: finn })).status, 403, 'another user cannot see it');
  t.equal((await p.fetch(`/api/tasks/${taskId}/download`, { token: finn })).status, 403, 'nor download it');
  t.equal((await p.fetch(`/api/tasks/${taskId}/download`, { token: admin })).status, 403, 'not even an admin: files are personal');
  t.equal((await p.fetch('/api/tasks/00000000-0000-4000-8000-000000000000', { token: fay })).status, 404);
  const file = await p.fetch(`/api/tasks/${taskId}/download`, { token: fay });
  t.equal(file.status, 200);
  const wb = await workbookOf(file);
  t.equal(wb.getWorksheet('生成日志')!.rowCount, 41);
});
