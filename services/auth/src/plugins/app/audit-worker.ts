import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { QUEUES, type AuditJob } from '@app/contracts';
import { openWorker } from '@app/service-kit';

/** Stores the gateway's audit records (one per mutating request) in xl_system_logs, with the username. */
export const auditWorker = fp(
  async (app: FastifyInstance, opts: { redisUrl: string; keyPrefix: string }) => {
    const { close } = openWorker<AuditJob>(
      QUEUES.audit,
      { ...opts, log: app.log },
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
      { concurrency: 4 },
    );
    app.addHook('onClose', close);
  },
  { name: 'auth-audit-worker', dependencies: ['auth-domain'] },
);
