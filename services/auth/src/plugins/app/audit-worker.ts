import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Worker } from 'bullmq';
import { QUEUES, type AuditJob } from '@app/contracts';
import { closeRedis, createRedis } from '@app/service-kit';

/** Stores the gateway's audit records (one per mutating request) in xl_system_logs, with the username. */
export const auditWorker = fp(
  async (app: FastifyInstance, opts: { redisUrl: string; keyPrefix: string }) => {
    const connection = createRedis(opts.redisUrl, { name: 'auth-audit-worker', forWorker: true });
    const worker = new Worker<AuditJob>(
      QUEUES.audit,
      async (job) => {
        const a = job.data;
        const user = a.userId === null ? null : await app.db.user.findUnique({ where: { id: a.userId }, select: { username: true } });
        await app.systemLogs.write({
          type: 'operation',
          action: `${a.method} ${a.route}`,
          userId: a.userId,
          username: user?.username ?? null,
          ip: a.ip,
          method: a.method,
          path: a.path,
          status: a.status,
          durationMs: a.durationMs,
          detail: { requestId: a.requestId, at: a.at, ...(a.detail as object) },
        });
      },
      { connection, prefix: `${opts.keyPrefix}bull`, concurrency: 4 },
    );
    worker.on('error', (err) => app.log.warn({ err }, 'audit worker error'));
    worker.on('failed', (job, err) => app.log.error({ err, jobId: job?.id }, 'audit record not stored'));
    app.addHook('onClose', async () => {
      await worker.close();
      await closeRedis(connection);
    });
  },
  { name: 'auth-audit-worker', dependencies: ['auth-domain'] },
);
