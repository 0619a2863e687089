import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { QUEUES } from '@app/contracts';
import { openWorker } from '@app/service-kit';
import { generationLogRepository } from './generation-log-repository.js';

/** The ingest key of a ComfyUI prompt: one log per prompt, whichever of its jobs arrives first. */
export const promptKey = (promptId: string) => `comfy:${promptId}`;

/**
 * Consumes the generation-log jobs the comfy-orchestrator publishes. One at a time, so a prompt's
 * `running` and its end are applied in order; ingest is idempotent, so a retried job changes nothing.
 * The jobs wait in Redis while this service is down: nothing is lost.
 */
export const generationConsumer = fp(
  async (app: FastifyInstance, opts: { redisUrl: string; keyPrefix: string; zone: string }) => {
    const logs = generationLogRepository(app.db);
    const { close } = openWorker(
      QUEUES.generationLogs,
      { redisUrl: opts.redisUrl, keyPrefix: opts.keyPrefix, log: app.log },
      async (job) => {
        const j = job.data;
        await logs.ingest([
          {
            key: promptKey(j.promptId),
            userId: j.userId,
            projectId: j.projectId,
            serviceId: j.serviceId,
            status: j.status,
            timestamp: new Date(j.timestamp),
            promptId: j.promptId,
            durationMs: j.durationMs ?? null,
            details: { ...(j.details ?? {}), ...(j.outputCount !== undefined ? { outputCount: j.outputCount } : {}) },
          },
        ], opts.zone);
      },
      { concurrency: 1 },
    );
    app.addHook('onClose', close);
  },
  { name: 'stats-generation-consumer', dependencies: ['db'] },
);
