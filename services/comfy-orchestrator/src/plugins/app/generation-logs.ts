import type { Redis } from 'ioredis';
import { request } from 'undici';
import { QUEUES, type GenerationLogJob } from '@app/contracts';
import { openQueue, reportError, type JobsConnection } from '@app/service-kit';

export interface Watch {
  promptId: string;
  serviceId: string;
  userId: number;
  projectId: number;
  port: number;
  submittedAt: number;
}

interface HistoryEntry {
  outputs?: Record<string, { images?: unknown[] }>;
  status?: { status_str?: string; completed?: boolean; messages?: [string, { timestamp?: number; exception_message?: string }][] };
}

const WATCHES = 'comfy:watches';
const POLL_MS = 500;

/** Duration and outcome of a finished prompt from its ComfyUI history entry. */
export function outcomeOf(entry: HistoryEntry, submittedAt: number) {
  const messages = entry.status?.messages ?? [];
  const at = (event: string) => messages.find(([name]) => name === event)?.[1];
  const started = at('execution_start')?.timestamp;
  const ended = (at('execution_success') ?? at('execution_error') ?? at('execution_interrupted'))?.timestamp;
  const failed = entry.status?.status_str === 'error';
  const outputCount = Object.values(entry.outputs ?? {}).reduce((n, o) => n + (o.images?.length ?? 0), 0);
  return {
    status: failed ? ('failed' as const) : ('success' as const),
    durationMs: Math.max(0, Math.round(started && ended ? ended - started : Date.now() - submittedAt)),
    outputCount,
    error: at('execution_error')?.exception_message,
  };
}

/**
 * Every prompt sent through the proxy becomes generation-log jobs on a durable BullMQ queue: `running` at
 * once, then `success` or `failed` when ComfyUI's history says so. Job ids are `<promptId>-<status>`, so a
 * retry or a second watcher never counts a prompt twice. Prompts being watched are kept in Redis, so an
 * orchestrator restart resumes them; a publish that fails (Redis away) is retried on the next poll.
 */
export function generationLogs(opts: { jobs: JobsConnection; redis: Redis; isRunning: (serviceId: string) => Promise<boolean> }) {
  const { queue, close: closeQueue } = openQueue(QUEUES.generationLogs, opts.jobs, {
    removeOnComplete: 10_000,
    removeOnFail: 10_000,
    attempts: 10,
    backoff: { type: 'exponential', delay: 1000 },
  });
  const log = opts.jobs.log;
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  // BullMQ refuses ':' in custom ids; '<promptId>-<status>' is as unique (one job per prompt and status).
  const publish = (job: GenerationLogJob) => queue.add(job.status, job, { jobId: `${job.promptId}-${job.status}` });
  const base = (w: Watch) => ({ promptId: w.promptId, userId: w.userId, projectId: w.projectId, serviceId: w.serviceId });

  async function finish(w: Watch, job: GenerationLogJob) {
    await publish(job);
    await opts.redis.hdel(WATCHES, w.promptId);
  }

  function watch(w: Watch) {
    const poll = async (): Promise<void> => {
      if (closed) return;
      try {
        const res = await request(`http://127.0.0.1:${w.port}/history/${encodeURIComponent(w.promptId)}`, { headersTimeout: 3000, bodyTimeout: 3000 });
        const body = (await res.body.json()) as Record<string, HistoryEntry>;
        const entry = body[w.promptId];
        if (entry?.status?.completed || entry?.status?.status_str) {
          const o = outcomeOf(entry, w.submittedAt);
          return await finish(w, {
            ...base(w),
            status: o.status,
            timestamp: new Date().toISOString(),
            durationMs: o.durationMs,
            outputCount: o.outputCount,
            ...(o.error ? { details: { error: o.error } } : {}),
          });
        }
      } catch {
        if (!(await opts.isRunning(w.serviceId).catch(() => true))) {
          return await finish(w, {
            ...base(w),
            status: 'failed',
            timestamp: new Date().toISOString(),
            durationMs: Date.now() - w.submittedAt,
            details: { error: 'the instance stopped before the prompt finished' },
          });
        }
      }
      schedule();
    };
    const schedule = () => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, POLL_MS);
      timers.add(timer);
    };
    // A failed publish or Redis call must neither crash the process nor end the watch: try again later.
    const run = () =>
      void poll().catch((err) => {
        reportError(log, err, { promptId: w.promptId }, 'generation log not published yet; retrying');
        if (!closed) schedule();
      });
    run();
  }

  return {
    /** A prompt ComfyUI accepted: log it as running and watch it to its end. */
    async submitted(w: Watch, details: Record<string, unknown>) {
      await publish({ ...base(w), status: 'running', timestamp: new Date(w.submittedAt).toISOString(), details });
      await opts.redis.hset(WATCHES, w.promptId, JSON.stringify(w));
      watch(w);
    },
    /** After a restart of the orchestrator: pick up the prompts that were still being watched. */
    async resume() {
      const all = await opts.redis.hgetall(WATCHES);
      for (const raw of Object.values(all)) watch(JSON.parse(raw) as Watch);
      return Object.keys(all).length;
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      await closeQueue();
    },
  };
}
export type GenerationLogs = ReturnType<typeof generationLogs>;
