import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QueueEvents, UnrecoverableError, type Job } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { QUEUES, type ExportJob } from '@app/contracts';
import { bullPrefix, openQueue, openWorker, reportError } from '@app/service-kit/jobs';
import { closeRedis, createRedis } from '@app/service-kit/redis';
import { writeExport } from './export-writer.js';
import { taskProgress } from './task-repository.js';
import type { Names } from './names.js';

export interface ExportSettings {
  redisUrl: string;
  keyPrefix: string;
  databaseUrl: string;
  dir: string;
  ttlHours: number;
  lockMs: number;
  /** PLATFORM_TIMEZONE: the workbook's times and days. */
  zone: string;
}

export const exportFile = (dir: string, taskId: string) => join(resolve(dir), `${taskId}.xlsx`);

/** The producer side, in the HTTP service: enqueue, and wait for a short export to finish. */
export function exportQueue(settings: ExportSettings, log: FastifyBaseLogger) {
  const { queue, close } = openQueue(QUEUES.exports, { ...settings, log }, {
    attempts: 3,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: 1000,
    removeOnFail: 1000,
  });
  // Finish notifications for waitUntilFinished: a blocking reader, so a connection of its own.
  const events = createRedis(settings.redisUrl, { name: 'stats-export-events', forWorker: true, log });
  const queueEvents = new QueueEvents(QUEUES.exports, { connection: events, prefix: bullPrefix(settings.keyPrefix) });
  queueEvents.on('error', (err) => reportError(log, err, {}, 'export queue events error'));
  return {
    async enqueue(job: ExportJob): Promise<Job<ExportJob>> {
      return queue.add('export', job, { jobId: job.taskId });
    },
    /** True when the job finished within `ms` (either way); false when it is still running. */
    async finishedWithin(job: Job<ExportJob>, ms: number): Promise<boolean> {
      if (ms <= 0) return false;
      try {
        await job.waitUntilFinished(queueEvents, ms);
        return true;
      } catch (err) {
        return !/timed out/i.test((err as Error).message);
      }
    },
    async close() {
      await queueEvents.close();
      await closeRedis(events);
      await close();
    },
  };
}

/**
 * The worker side: runs in the stats service (EXPORT_WORKER=inprocess) and/or in separate processes
 * (worker.ts), the same image with another command. A worker that dies mid-export leaves a stalled job
 * that BullMQ hands to another worker; the file is written from scratch, so the retry completes it. Plain
 * pg, no Prisma: the separate worker stays small (its memory is the export's budget).
 */
export function exportWorker(settings: ExportSettings, log: FastifyBaseLogger, names?: Names) {
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 4 });
  const tasks = taskProgress(pool);
  const { worker, close } = openWorker(
    QUEUES.exports,
    { ...settings, log },
    async (job) => {
      const { taskId, filters, userId, allUsers } = job.data;
      await tasks.started(taskId);
      let last = 0;
      const result = await writeExport(pool, exportFile(settings.dir, taskId), filters, settings.zone, async (done, total) => {
        const progress = total ? Math.min(99, Math.floor((done / total) * 100)) : 99;
        if (progress === last) return;
        last = progress;
        await job.updateProgress(progress);
        await tasks.progress(taskId, progress);
      }, names, allUsers ? undefined : userId);
      const expiresAt = new Date(Date.now() + settings.ttlHours * 3_600_000).toISOString();
      await tasks.completed(taskId, { ...result, expiresAt });
      return result;
    },
    {
      concurrency: 2,
      lockDuration: settings.lockMs,
      stalledInterval: settings.lockMs,
      onFailed: (job, err) => {
        if (!job) return;
        // The last attempt failed (or one that is not retried: a payload that does not match): the task says
        // so; an earlier one goes back to waiting for its retry.
        const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
        void (final ? tasks.failed(job.data.taskId) : tasks.retrying(job.data.taskId)).catch(() => {});
      },
    },
  );
  // Expired exports are removed once an hour.
  const sweep = setInterval(() => removeExpired(settings.dir, settings.ttlHours), 3_600_000);
  sweep.unref();
  return {
    worker,
    async close() {
      clearInterval(sweep);
      await close();
      await pool.end();
    },
  };
}

export function removeExpired(dir: string, ttlHours: number) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (Date.now() - statSync(path).mtimeMs > ttlHours * 3_600_000) rmSync(path, { force: true });
  }
}
