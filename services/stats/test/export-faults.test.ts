// Exports survive their worker: a worker killed mid-export hands the job to another, which completes the file.
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createPrisma } from '@app/db';
import { until } from '@app/testing';
import { generationLogRepository, type LogItem } from '../src/plugins/app/generation-log-repository.js';
import { startPlatform, type Platform } from '../../gateway/test/platform.js';
import { exportTask, startExportWorker } from './exports.js';

const ROWS = 60_000;

async function seed(p: Platform, userId: number) {
  const db = createPrisma(p.env.DATABASE_URL);
  const logs = generationLogRepository(db);
  const items: LogItem[] = Array.from({ length: ROWS }, (_, i) => ({
    key: `f-${i}`,
    userId,
    projectId: 1 + (i % 5),
    status: i % 5 === 0 ? 'failed' : 'success',
    timestamp: new Date(Date.UTC(2026, 9, 1 + (i % 30), i % 24)),
    durationMs: i % 1000,
  }));
  for (let i = 0; i < items.length; i += 5000) await logs.ingest(items.slice(i, i + 5000), 'UTC');
  await db.$disconnect();
}

t.test('a worker killed mid-export: the job is retried by another worker and the file completes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'exports-'));
  const p = await startPlatform(t, { backends: ['stats'], env: { EXPORT_WAIT_MS: '0', EXPORT_WORKER: 'off', EXPORT_DIR: dir, EXPORT_LOCK_MS: '1000' } });
  const uid = await p.createUser('kim', 'user');
  const token = await p.token('kim', 'kim-Pass-123');
  await seed(p, uid);
  const workerEnv = { ...p.env, EXPORT_DIR: dir, EXPORT_LOCK_MS: '1000', LOG_LEVEL: 'silent' };
  const first = startExportWorker(t, workerEnv);
  const { taskId } = (await (await p.fetch('/api/export', { token })).json()).data;
  const midway = await until(() => exportTask(p, token, taskId), (x) => x.status === 'active' && x.progress > 0 && x.progress < 90, 60_000, 'the export under way', 50);
  t.ok(midway.progress > 0, `killed at ${midway.progress} %`);
  first.kill('SIGKILL');
  await once(first, 'exit');
  startExportWorker(t, workerEnv);
  const done = await until(() => exportTask(p, token, taskId), (x) => x.status === 'completed' || x.status === 'failed', 90_000, 'the export finished');
  t.match(done, { status: 'completed', result: { rows: ROWS } }, 'completed by the second worker');
  const file = await p.fetch(`/api/tasks/${taskId}/download`, { token });
  t.equal(file.status, 200);
  t.ok(Number(file.headers.get('content-length') ?? (await file.arrayBuffer()).byteLength) > 100_000, 'a whole file');
});
