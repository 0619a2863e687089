import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { QUEUES, SEARCH_ROUTES } from '@app/contracts';
import { openWorker } from '@app/service-kit';
import type { SystemLogRepository } from './system-log-repository.js';
import type { UserRepository } from './user-repository.js';

export interface AuditWorkerOptions {
  redisUrl: string;
  keyPrefix: string;
  users: UserRepository;
  logs: SystemLogRepository;
}

/** Stores the gateway's audit records (one per mutating request) in xl_system_logs, with the username; searches as type `search`. */
export const auditWorker = fp(
  async (app: FastifyInstance, { users, logs, ...connection }: AuditWorkerOptions) => {
    const { close } = openWorker(
      QUEUES.audit,
      { ...connection, log: app.log },
      async (job) => {
        const a = job.data;
        const search = SEARCH_ROUTES[a.route];
        await logs.write({
          type: search ? 'search' : 'operation',
          action: search ?? `${a.method} ${a.route}`,
          userId: a.userId,
          username: a.userId === null ? null : await users.usernameOf(a.userId),
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
  { name: 'auth-audit-worker' },
);
