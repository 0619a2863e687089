import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { QUEUES, type AuditJob } from '@app/contracts';
import { openQueue, scrub } from '@app/service-kit';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// The auth service writes its own, richer record of these (with the username that was tried).
const SELF_LOGGED = new Set(['/api/auth/login']);

/**
 * Every mutating /api request becomes an audit job (who, what, IP, status, duration, scrubbed query and
 * body) on a durable BullMQ queue; the auth service stores them in the system logs. Queueing never delays
 * or fails the request.
 */
export function auditRecorder(app: FastifyInstance, opts: { redisUrl: string; keyPrefix: string }) {
  const { queue, close } = openQueue(QUEUES.audit, { ...opts, log: app.log }, {
    removeOnComplete: 1000,
    removeOnFail: 5000,
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
  });
  app.addHook('onClose', close);

  /** The onResponse hook of every route `audited()` says yes to. */
  const onResponse = async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url ?? '';
    const job: AuditJob = {
      userId: request.identity?.userId ?? null,
      ip: request.ip,
      method: request.method,
      path: request.url.split('?')[0],
      route,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
      requestId: request.id,
      at: new Date().toISOString(),
      detail: scrub({ params: request.params, query: request.query, body: request.body }),
    };
    queue.add('audit', job).catch((err) => request.log.error({ err, audit: job }, 'audit record not queued'));
  };
  return { onResponse, audited: (method: string, route: string) => MUTATING.has(method) && route.startsWith('/api/') && !SELF_LOGGED.has(route) };
}
