import { UnrecoverableError, type Job } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import type { Vector } from '@app/db';
import { QUEUES, type VectorBuildJob, type VectorSyncJob } from '@app/contracts';
import { openQueue, openWorker, type JobsConnection } from '@app/service-kit/jobs';
import type { AdvancedConfig, CollectionPlan, JoinSpec, SourceConnection, SourceDoc } from './collection-plan.js';
import type { Embedder } from './embedders/embedder.js';
import { cronRepeat } from './sync-schedule.js';
import { EmbeddingDimensionError } from '../../errors.js';
import type { VectorRepository } from './vector-repository.js';
import type { BuildCheckpoint, VectorTaskRepository } from './vector-task-repository.js';
import type { VectorStore } from './vector-index.js';

/** What the build and sync jobs work with; the same in the HTTP service and in a separate worker. */
export interface VectorJobDeps {
  vectors: VectorRepository;
  tasks: VectorTaskRepository;
  store: VectorStore;
  embedders: { get(model: string): Promise<Embedder> };
  openSource: (dbId: number) => Promise<SourceConnection>;
  log: FastifyBaseLogger;
}

/** A collection's advancedConfig as stored: the plan's, plus the dimension its model gave when it was created. */
export type StoredAdvanced = AdvancedConfig & { dimension: number };

/** The vector store's name of a collection. */
export const storeId = (vectorId: number) => String(vectorId);

export function planOfRecord(v: Pick<Vector, 'tableIds' | 'fieldKeys' | 'joinConfig' | 'advancedConfig'>): CollectionPlan {
  return {
    tables: v.tableIds as string[],
    fields: v.fieldKeys as string[],
    joins: (v.joinConfig ?? []) as unknown as JoinSpec[],
    advanced: v.advancedConfig as unknown as StoredAdvanced,
  };
}

/** The collection's model; its dimension must still be the one the collection was created with. */
async function embedderOf(deps: VectorJobDeps, advanced: StoredAdvanced): Promise<Embedder> {
  const embedder = await deps.embedders.get(advanced.embeddingModel);
  if (embedder.dimension && embedder.dimension !== advanced.dimension) {
    // A retry would meet the same model: fail now, the collection says to rebuild.
    throw new UnrecoverableError(new EmbeddingDimensionError(advanced.embeddingModel, advanced.dimension, embedder.dimension).message);
  }
  return embedder;
}

/** A task cancelled (or its collection deleted) while the job ran: the job stops and writes nothing more. */
class Stopped extends Error {}

const percent = (done: number, total: number) => (total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : 0);

async function embedDocs(embedder: Embedder, docs: SourceDoc[], store: VectorStore, id: string) {
  if (docs.length === 0) return;
  const embeddings = await embedder.embed(docs.map((d) => d.content));
  await store.upsert(id, docs.map((d, i) => ({ key: d.key, content: d.content, hash: d.hash, metadata: d.metadata, embedding: embeddings[i]! })));
}

/**
 * The collection and its task as a job starts; null when either is gone, or the task is over (cancelled, or
 * finished: a job BullMQ hands out again after its lock was lost must not redo finished work).
 */
async function begin(deps: VectorJobDeps, taskId: string, vectorId: number) {
  const [task, vector] = await Promise.all([deps.tasks.find(taskId), deps.vectors.find(vectorId)]);
  if (!task || ['cancelled', 'completed', 'failed'].includes(task.status) || !vector) return null;
  await deps.tasks.started(taskId);
  const plan = planOfRecord(vector);
  return { task, vector, plan, advanced: plan.advanced as StoredAdvanced, id: storeId(vectorId) };
}

async function stopIfCancelled(deps: VectorJobDeps, taskId: string) {
  if (await deps.tasks.isCancelled(taskId)) throw new Stopped();
}

/** The source's pages after `after` to the end, checking before each that the task was not cancelled. */
async function* pagesOf(deps: VectorJobDeps, taskId: string, source: SourceConnection, plan: CollectionPlan, after: unknown[] | null) {
  for (;;) {
    await stopIfCancelled(deps, taskId);
    const page = await source.readPage(plan, after, plan.advanced.pageSize);
    if (page.rows === 0) return;
    yield page;
    if (page.last === null) return;
    after = page.last;
  }
}

/**
 * Builds a collection: reads the source's main table in keyset pages, embeds each page and upserts it,
 * committing a checkpoint after every page, then builds the HNSW index once. A task that already has a
 * checkpoint (its worker was killed, or an attempt failed) carries on after it instead of starting again.
 */
export async function runBuild(deps: VectorJobDeps, { taskId, vectorId }: VectorBuildJob, hold?: (ms: number) => Promise<unknown>) {
  const started = await begin(deps, taskId, vectorId);
  if (!started) return { stopped: true };
  const { task, vector, plan, advanced, id } = started;
  const resumed = (task.result as { checkpoint?: BuildCheckpoint } | null)?.checkpoint ?? null;
  let at: BuildCheckpoint = resumed ?? { after: null, rows: 0, docs: 0 };
  const source = await deps.openSource(vector.dbId ?? 0);
  try {
    const embedder = await embedderOf(deps, advanced);
    if (!resumed) await deps.store.drop(id);
    await deps.store.ensureCollection(id, advanced.dimension, advanced.metric);
    const total = await source.estimateRows(plan);
    for await (const page of pagesOf(deps, taskId, source, plan, at.after)) {
      await embedDocs(embedder, page.docs, deps.store, id);
      at = { after: page.last, rows: at.rows + page.rows, docs: at.docs + page.docs.length };
      await deps.tasks.checkpoint(taskId, percent(at.rows, total), at);
    }
    await stopIfCancelled(deps, taskId);
    // The in-process store builds the index on this thread, which then cannot renew the job's lock: hold it
    // long enough first (≈ 5 ms a row, measured ~1.4 ms), or another worker would start the build again.
    await hold?.(Math.max(60_000, at.docs * 5));
    await deps.store.buildIndex(id, advanced.hnsw);
    const docCount = await deps.store.count(id);
    const result = { rows: at.rows, docs: docCount, resumedFromRows: resumed?.rows ?? 0 };
    // The collection may have been deleted meanwhile: then its vectors go too, and the task is just finished.
    if (!(await deps.vectors.find(vectorId))) {
      await deps.store.drop(id);
      throw new Stopped();
    }
    await deps.vectors.update(vectorId, { status: 'ready', docCount, lastError: null });
    await deps.tasks.completed(taskId, result);
    return result;
  } catch (err) {
    if (err instanceof Stopped) {
      if (!(await deps.vectors.find(vectorId))) await deps.store.drop(id).catch(() => {});
      return { stopped: true };
    }
    throw err;
  } finally {
    await source.close().catch(() => {});
  }
}

/**
 * Syncs a collection with its source: reads every row, re-embeds those whose hash changed, adds the new,
 * and removes vectors whose rows are gone — only after the whole source was read, so a source that fails
 * midway leaves the vectors as they were.
 */
export async function runSync(deps: VectorJobDeps, { taskId, vectorId }: VectorSyncJob & { taskId: string }) {
  const started = await begin(deps, taskId, vectorId);
  if (!started) return { stopped: true };
  const { vector, plan, advanced, id } = started;
  const source = await deps.openSource(vector.dbId ?? 0);
  try {
    const embedder = await embedderOf(deps, advanced);
    const stored = await deps.store.hashes(id);
    const seen = new Set<string>();
    const counts = { added: 0, updated: 0, removed: 0, unchanged: 0 };
    const total = await source.estimateRows(plan);
    let rows = 0;
    for await (const page of pagesOf(deps, taskId, source, plan, null)) {
      const changed = page.docs.filter((d) => {
        seen.add(d.key);
        const had = stored.get(d.key);
        if (had === d.hash) counts.unchanged += 1;
        else if (had === undefined) counts.added += 1;
        else counts.updated += 1;
        return had !== d.hash;
      });
      await embedDocs(embedder, changed, deps.store, id);
      rows += page.rows;
      await deps.tasks.progress(taskId, percent(rows, total));
    }
    await stopIfCancelled(deps, taskId);
    const gone = [...stored.keys()].filter((key) => !seen.has(key));
    counts.removed = await deps.store.delete(id, gone);
    const docCount = await deps.store.count(id);
    await deps.vectors.update(vectorId, { docCount, lastSyncAt: new Date(), lastError: null });
    await deps.tasks.completed(taskId, counts);
    return counts;
  } catch (err) {
    if (err instanceof Stopped) return { stopped: true };
    throw err;
  } finally {
    await source.close().catch(() => {});
  }
}

const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 1000 };
const schedulerId = (vectorId: number) => `sync-${vectorId}`;

export interface VectorJobSettings {
  connection: JobsConnection;
  /** PLATFORM_TIMEZONE: sync schedules run on its clock. */
  zone: string;
  /** How long a worker holds a job without renewing its lock; a killed worker's job is taken over after it. */
  lockMs: number;
  /** Run the workers in this process (a separate worker process runs them otherwise). */
  work: boolean;
  concurrency: number;
}

/**
 * The build and sync queues (producers), their workers when `work` is set, and the sync schedules: one BullMQ
 * job scheduler per collection, keyed by its id, so however many replicas set it there is one schedule.
 */
export function vectorJobs(settings: VectorJobSettings, deps: VectorJobDeps) {
  const c = settings.connection;
  const build = openQueue(QUEUES.vectorBuild, c, JOB_OPTIONS);
  const sync = openQueue(QUEUES.vectorSync, c, JOB_OPTIONS, { repeatStrategy: cronRepeat });

  /** A failure: the last attempt fails the task (and a build, its collection); an earlier one waits for its retry. */
  function failed(kind: 'build' | 'sync', job: Job<VectorBuildJob | VectorSyncJob> | undefined, err: Error) {
    const taskId = job?.data.taskId;
    if (!job || !taskId) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    const reason = err.message.slice(0, 1000);
    void (async () => {
      // A job whose work was done can still "fail" afterwards (its lock lost while finishing): the task stands.
      const task = await deps.tasks.find(taskId);
      if (!task || task.status === 'cancelled' || task.status === 'completed') return;
      if (!final) return void (await deps.tasks.retrying(taskId, reason));
      await deps.tasks.failed(taskId, reason);
      const vector = await deps.vectors.find(job.data.vectorId);
      if (vector) await deps.vectors.update(vector.id, kind === 'build' ? { status: 'error', lastError: reason } : { lastError: `同步失败: ${reason}` });
    })().catch((e: unknown) => deps.log.warn({ err: e, taskId }, 'could not record a failed vector task'));
  }

  const workerOptions = { concurrency: settings.concurrency, lockDuration: settings.lockMs, stalledInterval: settings.lockMs };
  const workers = settings.work
    ? [
        openWorker(QUEUES.vectorBuild, c, (job, token) => runBuild(deps, job.data, (ms) => (token ? job.extendLock(token, ms) : Promise.resolve())), { ...workerOptions, onFailed: (job, err) => failed('build', job, err) }),
        openWorker(
          QUEUES.vectorSync,
          c,
          async (job) => {
            let taskId = job.data.taskId;
            // A scheduled run brings no task: it makes its own, unless the collection is busy or not built.
            if (!taskId) {
              const vector = await deps.vectors.find(job.data.vectorId);
              if (!vector || vector.status !== 'ready') return { skipped: 'not ready' };
              if ((await deps.tasks.open([vector.id])).length > 0) return { skipped: 'busy' };
              taskId = (await deps.tasks.create('vector_sync', vector.id, null)).id;
              await job.updateData({ ...job.data, taskId });
            }
            return runSync(deps, { vectorId: job.data.vectorId, taskId });
          },
          { ...workerOptions, settings: { repeatStrategy: cronRepeat }, onFailed: (job, err) => failed('sync', job, err) },
        ),
      ]
    : [];

  return {
    enqueueBuild: (taskId: string, vectorId: number) => build.queue.add('build', { taskId, vectorId }, { jobId: taskId }),
    enqueueSync: (taskId: string, vectorId: number) => sync.queue.add('sync', { taskId, vectorId }, { jobId: taskId }),

    /** Sets the collection's sync schedule, or removes it (`expression` null). */
    async schedule(vectorId: number, expression: string | null) {
      if (expression === null) await sync.queue.removeJobScheduler(schedulerId(vectorId));
      else {
        await sync.queue.upsertJobScheduler(
          schedulerId(vectorId),
          { pattern: expression, tz: settings.zone },
          { name: 'sync', data: { vectorId }, opts: { attempts: JOB_OPTIONS.attempts, backoff: JOB_OPTIONS.backoff, removeOnComplete: 100, removeOnFail: 100 } },
        );
      }
    },

    /** Makes the job schedulers match the collections' sync settings (at start; idempotent across replicas). */
    async reconcile(wanted: { id: number; syncExpression: string | null }[]) {
      const keep = new Map(wanted.filter((w) => w.syncExpression).map((w) => [schedulerId(w.id), w]));
      for (const s of await sync.queue.getJobSchedulers(0, -1)) {
        if (!keep.has(s.key) && s.key.startsWith('sync-')) await sync.queue.removeJobScheduler(s.key);
      }
      for (const w of keep.values()) await this.schedule(w.id, w.syncExpression);
    },

    /** Removes a task's job if it has not started (a running one stops at its next page, seeing the task cancelled). */
    async discard(taskId: string) {
      for (const q of [build.queue, sync.queue]) {
        const job = await q.getJob(taskId);
        if (job && (await job.isWaiting() || await job.isDelayed())) await job.remove().catch(() => {});
      }
    },

    async close() {
      for (const w of workers) await w.close();
      await build.close();
      await sync.close();
    },
  };
}
export type VectorJobs = ReturnType<typeof vectorJobs>;
