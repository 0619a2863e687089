import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Task, Vector } from '@app/db';
import {
  CollectionSchema, CronPreviewSchema, RecallAnswerSchema, RecallRequestSchema, SearchConfigRequestSchema, type Collection, type CollectionTask,
} from '@app/contracts';
import { Page, pageOf } from '@app/service-kit';
import type { CollectionPlan, SourceConnection } from '../../plugins/app/collection-plan.js';
import { collectionsWorkbook } from '../../plugins/app/collection-export.js';
import type { ConnectionRepository } from '../../plugins/app/connection-repository.js';
import type { Embedder } from '../../plugins/app/embedders/embedder.js';
import { checkCron, nextRuns } from '../../plugins/app/sync-schedule.js';
import { efSearchOf, recallCheck } from '../../plugins/app/search.js';
import { planOfRecord, storeId, type StoredAdvanced, type VectorJobs } from '../../plugins/app/vector-jobs.js';
import type { VectorRepository } from '../../plugins/app/vector-repository.js';
import type { VectorTaskRepository, VectorTaskType } from '../../plugins/app/vector-task-repository.js';
import type { VectorStore } from '../../plugins/app/vector-index.js';
import { PlanRequestSchema, planOf } from '../../schemas/plan.js';
import {
  CheckNameBody, CollectionListQuery, CollectionParams, CollectionTitle, CronPreviewQuery, DeleteBody, ExportQuery, RebuildBody,
  RenameBody, StatusBody, SyncConfigBody,
} from '../../schemas/collections.js';
import { CollectionBusyError, CollectionNotFoundError, CollectionNotReadyError, CollectionTitleTakenError, CronInvalidError } from '../../errors.js';

const tags = ['vectors'];

type Options = {
  vectors: VectorRepository;
  tasks: VectorTaskRepository;
  connections: ConnectionRepository;
  jobs: VectorJobs;
  store: VectorStore;
  embedders: { get(model: string): Promise<Embedder>; defaultModel: string };
  openSource: (dbId: number) => Promise<SourceConnection>;
  /** PLATFORM_TIMEZONE */
  zone: string;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentTask(t: Task | undefined): CollectionTask | null {
  if (!t) return null;
  return {
    id: t.id, type: t.type, status: t.status as CollectionTask['status'], progress: t.progress, error: t.error,
    // While a build runs, `result` is its checkpoint `{ checkpoint: { after, rows, docs } }`: how far it got.
    result: t.result, createdAt: t.createdAt.toISOString(), finishedAt: iso(t.finishedAt),
  };
}

function present(v: Vector, task: Task | undefined, connectionName: string | null): Collection {
  const advanced = (v.advancedConfig ?? {}) as Partial<StoredAdvanced>;
  return {
    id: v.id,
    title: v.title,
    dbId: v.dbId,
    connectionName,
    tableIds: v.tableIds as string[],
    fieldKeys: v.fieldKeys as string[],
    joinConfig: (v.joinConfig ?? []) as Collection['joinConfig'],
    advancedConfig: advanced as Record<string, unknown>,
    embeddingModel: advanced.embeddingModel ?? '',
    dimension: advanced.dimension ?? 0,
    metric: advanced.metric ?? 'cosine',
    efSearch: efSearchOf(v),
    docCount: v.docCount,
    status: v.status as Collection['status'],
    lastError: v.lastError,
    isEnabled: v.isEnabled,
    syncEnabled: v.syncEnabled,
    syncExpression: v.syncExpression,
    lastSyncAt: iso(v.lastSyncAt),
    task: presentTask(task),
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

const Accepted = Type.Object({ id: Type.Integer(), taskId: Type.String(), collection: CollectionSchema });

/**
 * Collections of seed 004 §4 (api.md "Vectors"): list, one, enable, rename, bulk delete, check-name,
 * simple-list, Excel export, create and rebuild (a build task, 202), sync now and on a schedule, cancel.
 */
const collectionRoutes: FastifyPluginAsyncTypebox<Options> = async (app, opts) => {
  async function presentAll(rows: Vector[]): Promise<Collection[]> {
    const ids = rows.map((v) => v.id);
    const dbIds = [...new Set(rows.map((v) => v.dbId).filter((id): id is number => id !== null))];
    const [tasks, names] = await Promise.all([opts.tasks.latestFor(ids), opts.connections.names(dbIds)]);
    return rows.map((v) => present(v, tasks.get(v.id), v.dbId === null ? null : (names.get(v.dbId) ?? null)));
  }
  const presentOne = async (v: Vector) => (await presentAll([v]))[0]!;

  async function existing(id: number) {
    const found = await opts.vectors.find(id);
    if (!found) throw new CollectionNotFoundError();
    return found;
  }

  async function notBusy(id: number) {
    if ((await opts.tasks.open([id])).length > 0) throw new CollectionBusyError();
  }

  /** The model's embedder and its dimension (an OpenAI-compatible one is asked once when it has not said yet). */
  async function modelOf(name: string): Promise<{ model: string; dimension: number }> {
    const embedder = await opts.embedders.get(name);
    const dimension = embedder.dimension || (await embedder.embed(['dimension']))[0]!.length;
    return { model: embedder.model, dimension };
  }

  /** Records a task and queues its job; should queueing fail, the task goes again (nothing half-written). */
  async function startTask(type: VectorTaskType, vectorId: number, userId: number | null) {
    const task = await opts.tasks.create(type, vectorId, userId);
    try {
      await (type === 'vector_build' ? opts.jobs.enqueueBuild(task.id, vectorId) : opts.jobs.enqueueSync(task.id, vectorId));
    } catch (err) {
      await opts.tasks.remove(task.id).catch(() => {});
      throw err;
    }
    return task;
  }

  app.get('/api/vectors', { schema: { tags, querystring: CollectionListQuery, response: { 200: Page(CollectionSchema) } } }, async (request) => {
    const { current, size, skip, take } = pageOf(request.query);
    const [rows, total] = await opts.vectors.page({ keyword: request.query.keyword?.trim() || undefined, status: request.query.status, skip, take });
    return { records: await presentAll(rows), total, current, size };
  });

  app.get('/api/vectors/simple-list', { schema: { tags, response: { 200: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String() })) } } }, () =>
    opts.vectors.simpleList(),
  );

  app.get('/api/vectors/export', { schema: { tags, querystring: ExportQuery } }, async (request, reply) => {
    const ids = request.query.ids?.split(',').map((s) => Number(s.trim()));
    const body = await collectionsWorkbook(await presentAll(await opts.vectors.all(ids)), opts.zone);
    const name = `vector-collections-${new Date().toISOString().slice(0, 10)}.xlsx`;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(body);
  });

  app.get('/api/vectors/cron-preview', { schema: { tags, querystring: CronPreviewQuery, response: { 200: CronPreviewSchema } } }, (request) => {
    const expression = checkCron(request.query.expression, opts.zone);
    return { expression, zone: opts.zone, next: nextRuns(expression, opts.zone, request.query.count ?? 5) };
  });

  // Available: a title create would accept (the same schema) that no collection has.
  const titleValid = Compile(CollectionTitle);
  app.post('/api/vectors/check-name', { schema: { tags, body: CheckNameBody, response: { 200: Type.Object({ available: Type.Boolean() }) } } }, async (request) => {
    const title = request.body.title.trim();
    return { available: titleValid.Check(title) && !(await opts.vectors.titleTaken(title)) };
  });

  app.get('/api/vectors/:id', { schema: { tags, params: CollectionParams, response: { 200: CollectionSchema } } }, async (request) =>
    presentOne(await existing(request.params.id)),
  );

  app.put('/api/vectors/:id/status', { schema: { tags, params: CollectionParams, body: StatusBody, response: { 200: CollectionSchema } } }, async (request) => {
    await existing(request.params.id);
    return presentOne(await opts.vectors.update(request.params.id, { isEnabled: request.body.isEnabled }));
  });

  app.put('/api/vectors/:id', { schema: { tags, params: CollectionParams, body: RenameBody, response: { 200: CollectionSchema } } }, async (request) => {
    await existing(request.params.id);
    return presentOne(await opts.vectors.update(request.params.id, { title: request.body.title.trim() }));
  });

  // Cancels what runs, removes the schedules, drops the vectors, then the records: the whole list or nothing
  // unknown (an id that does not exist is a 404 before anything is touched).
  app.delete('/api/vectors', { schema: { tags, body: DeleteBody, response: { 200: Type.Object({ deleted: Type.Array(Type.Integer()) }) } } }, async (request) => {
    const { ids } = request.body;
    const found = await opts.vectors.findMany(ids);
    if (found.length !== ids.length) throw new CollectionNotFoundError();
    for (const task of await opts.tasks.open(ids)) {
      await opts.tasks.cancel(task.id);
      await opts.jobs.discard(task.id);
    }
    for (const id of ids) {
      await opts.jobs.schedule(id, null);
      await opts.store.drop(storeId(id));
    }
    await opts.vectors.removeMany(ids);
    return { deleted: ids };
  });

  app.post('/api/vectors/create', { schema: { tags, body: Type.Object({ title: CollectionTitle, ...PlanRequestSchema.properties }, { additionalProperties: false }), response: { 202: Accepted } } }, async (request, reply) => {
    const { title: rawTitle, ...body } = request.body;
    const title = rawTitle.trim();
    if (await opts.vectors.titleTaken(title)) throw new CollectionTitleTakenError();
    const wanted: CollectionPlan = planOf(body, opts.embedders.defaultModel);
    const { model, dimension } = await modelOf(wanted.advanced.embeddingModel);
    const source = await opts.openSource(body.dbId);
    let plan: CollectionPlan;
    try {
      plan = await source.validate(wanted);
    } finally {
      await source.close().catch(() => {});
    }
    const advanced: StoredAdvanced = { ...plan.advanced, embeddingModel: model, dimension };
    const vector = await opts.vectors.create({
      title, dbId: body.dbId, tableIds: plan.tables, fieldKeys: plan.fields, joinConfig: plan.joins as object[], advancedConfig: advanced as object,
      status: 'building', createdBy: request.identity?.userId ?? null,
    });
    let task: Task;
    try {
      task = await startTask('vector_build', vector.id, request.identity?.userId ?? null);
    } catch (err) {
      await opts.vectors.removeMany([vector.id]).catch(() => {});
      throw err;
    }
    reply.code(202);
    return { id: vector.id, taskId: task.id, collection: await presentOne(vector) };
  });

  // Rebuilds from scratch, with another embedding model if given (its dimension replaces the old one).
  app.post('/api/vectors/:id/rebuild', { schema: { tags, params: CollectionParams, body: RebuildBody, response: { 202: Accepted } } }, async (request, reply) => {
    const vector = await existing(request.params.id);
    await notBusy(vector.id);
    const advanced = planOfRecord(vector).advanced as StoredAdvanced;
    const { model, dimension } = await modelOf(request.body.embeddingModel ?? advanced.embeddingModel);
    const updated = await opts.vectors.update(vector.id, {
      status: 'building', lastError: null, docCount: 0, advancedConfig: { ...advanced, embeddingModel: model, dimension } as object,
    });
    const task = await startTask('vector_build', vector.id, request.identity?.userId ?? null);
    reply.code(202);
    return { id: vector.id, taskId: task.id, collection: await presentOne(updated) };
  });

  app.post('/api/vectors/:id/cancel', { schema: { tags, params: CollectionParams, response: { 200: Type.Object({ cancelled: Type.Array(Type.String()) }) } } }, async (request) => {
    const vector = await existing(request.params.id);
    const cancelled: string[] = [];
    for (const task of await opts.tasks.open([vector.id])) {
      if (!(await opts.tasks.cancel(task.id))) continue;
      cancelled.push(task.id);
      await opts.jobs.discard(task.id);
      if (task.type === 'vector_build') await opts.vectors.update(vector.id, { status: 'error', lastError: '构建已取消' });
    }
    return { cancelled };
  });

  app.post('/api/vectors/:id/sync', { schema: { tags, params: CollectionParams, response: { 202: Type.Object({ taskId: Type.String() }) } } }, async (request, reply) => {
    const vector = await existing(request.params.id);
    if (vector.status !== 'ready') throw new CollectionNotReadyError();
    await notBusy(vector.id);
    const task = await startTask('vector_sync', vector.id, request.identity?.userId ?? null);
    reply.code(202);
    return { taskId: task.id };
  });

  app.post('/api/vectors/:id/sync-config', { schema: { tags, params: CollectionParams, body: SyncConfigBody, response: { 200: Type.Object({ ...CollectionSchema.properties, nextRuns: Type.Array(Type.String()) }) } } }, async (request) => {
    const vector = await existing(request.params.id);
    const { enabled } = request.body;
    // Disabling keeps the expression, so switching it on again needs none.
    const given = request.body.expression?.trim() || vector.syncExpression;
    if (enabled && !given) throw new CronInvalidError('缺少表达式');
    const expression = given ? checkCron(given, opts.zone) : null;
    await opts.jobs.schedule(vector.id, enabled ? expression : null);
    const updated = await opts.vectors.update(vector.id, { syncEnabled: enabled, syncExpression: expression });
    return { ...(await presentOne(updated)), nextRuns: enabled && expression ? nextRuns(expression, opts.zone) : [] };
  });

  // The collection's hnsw.ef_search: every vector (and hybrid) search of it, from now on, in every process.
  app.put('/api/vectors/:id/search-config', { schema: { tags, params: CollectionParams, body: SearchConfigRequestSchema, response: { 200: CollectionSchema } } }, async (request) => {
    const vector = await existing(request.params.id);
    const advanced = (vector.advancedConfig ?? {}) as Record<string, unknown>;
    return presentOne(await opts.vectors.update(vector.id, { advancedConfig: { ...advanced, efSearch: request.body.efSearch } as object }));
  });

  // Recall@k of the HNSW index against exact search over random stored rows, at the collection's ef_search or another.
  app.post('/api/vectors/:id/recall', { schema: { tags, params: CollectionParams, body: RecallRequestSchema, response: { 200: RecallAnswerSchema } } }, async (request) => {
    const vector = await existing(request.params.id);
    const { sample = 50, topK = 10, efSearch = efSearchOf(vector) } = request.body ?? {};
    return recallCheck(opts.store, vector, { sample, topK, efSearch });
  });
};
export default collectionRoutes;
