import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Worker } from 'bullmq';
import { QUEUES, type GenerationLogJob } from '@app/contracts';
import { closeRedis, createRedis } from '@app/service-kit';
import { ingest } from './ingest.js';

/** The ingest key of a ComfyUI prompt: one log per prompt, whichever of its jobs arrives first. */
export const promptKey = (promptId: string) => `comfy:${promptId}`;

/**
 * Consumes the generation-log jobs the comfy-orchestrator publishes. One at a time, so a prompt's
 * `running` and its end are applied in order; ingest is idempotent, so a retried job changes nothing.
 * The jobs wait in Redis while this service is down: nothing is lost.
 */
export const generationConsumer = fp(
  async (app: FastifyInstance, opts: { redisUrl: string; keyPrefix: string }) => {
    const connection = createRedis(opts.redisUrl, { name: 'stats-generation-logs', forWorker: true });
    const worker = new Worker<GenerationLogJob>(
      QUEUES.generationLogs,
      async (job) => {
        const j = job.data;
        await ingest(app.db, [
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
        ]);
      },
      { connection, prefix: `${opts.keyPrefix}bull`, concurrency: 1 },
    );
    worker.on('error', (err) => app.log.warn({ err }, 'generation-log worker error'));
    worker.on('failed', (job, err) => app.log.error({ err, jobId: job?.id }, 'generation log not stored (will retry)'));
    app.addHook('onClose', async () => {
      await worker.close();
      await closeRedis(connection);
    });
  },
  { name: 'stats-generation-consumer', dependencies: ['db'] },
);
