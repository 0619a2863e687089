import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, pageOf } from '@app/service-kit';
import { KbApiKeyCreatedSchema, KbApiKeySchema, KbRetrievalAnswerSchema, KnowledgeBaseSchema, type KbRetrievalConfig } from '@app/contracts';
import type { KbApiKey, KnowledgeBase } from '@app/db';
import type { Embedder } from '../../plugins/app/embedders/embedder.js';
import { newKey, type KbRepository } from '../../plugins/app/kb-repository.js';
import { retrievalConfigOf, retrieve, vectorIdsOf } from '../../plugins/app/kb-retrieval.js';
import type { MetadataFilter, VectorStore } from '../../plugins/app/vector-index.js';
import type { VectorRepository } from '../../plugins/app/vector-repository.js';
import { DifyAnswer, DifyError, DifyRetrievalBody, KbBody, KbIdParams, KbKeyBody, KbKeyParams, KbListQuery, KbRetrievalBody } from '../../schemas/kb.js';
import { KbKeyNotFoundError, KbNotFoundError, KbVectorsNotFoundError } from '../../errors.js';

type Options = {
  kbs: KbRepository;
  vectors: VectorRepository;
  store: VectorStore;
  embedders: { get(model: string): Promise<Embedder> };
  tokenize: (text: string) => string[];
};

const tags = ['kb'];

const present = (kb: KnowledgeBase) => ({
  id: kb.id,
  name: kb.name,
  description: kb.description,
  vectorIds: vectorIdsOf(kb),
  retrievalConfig: retrievalConfigOf(kb),
  createdBy: kb.createdBy,
  createdAt: kb.createdAt.toISOString(),
  updatedAt: kb.updatedAt.toISOString(),
});

/** A key as listed: its prefix and last four characters, never the key (only its hash is stored anyway). */
const presentKey = (k: KbApiKey) => ({
  id: k.id,
  name: k.name,
  masked: `${k.keyPrefix}…${k.last4}`,
  createdBy: k.createdBy,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

const tookMs = (started: number) => Math.round((performance.now() - started) * 100) / 100;

/** Dify's error answer (docs.dify.ai "External Knowledge API"): its own shape, never the platform envelope. */
class DifyFailure extends Error {
  constructor(readonly status: number, readonly errorCode: number, message: string) {
    super(message);
  }
}
const MALFORMED = () => new DifyFailure(403, 1001, "Invalid Authorization header format. Expected 'Bearer <api-key>' format.");
const REFUSED = () => new DifyFailure(403, 1002, 'Authorization failed');
const NO_KB = () => new DifyFailure(404, 2001, 'The knowledge does not exist');

type DifyCondition = { name: string | string[]; comparison_operator: string; value?: string | number | (string | number)[] };

/**
 * Dify's metadata_condition as this service's metadata filters, which are equality (any of a list) joined
 * by AND: `is`, `=` and `in` under `and` (or one condition under `or`). Every other operator (contains,
 * start with, ≠, >, before, empty…) and `or` over several conditions cannot be expressed: 400 rather than
 * an answer that silently ignores part of the condition.
 */
export function difyFilters(cond: { logical_operator?: string; conditions: DifyCondition[] } | undefined): MetadataFilter | undefined {
  if (!cond || cond.conditions.length === 0) return undefined;
  const op = cond.logical_operator ?? 'and';
  if (op !== 'and' && op !== 'or') throw new DifyFailure(400, 400, `unsupported logical_operator: ${op}`);
  if (op === 'or' && cond.conditions.length > 1) throw new DifyFailure(400, 400, 'logical_operator "or" over several conditions is not supported');
  const filters: MetadataFilter = {};
  for (const c of cond.conditions) {
    if (!['is', '=', 'in'].includes(c.comparison_operator)) {
      throw new DifyFailure(400, 400, `unsupported comparison_operator: ${c.comparison_operator} (supported: is, =, in)`);
    }
    if (c.value === undefined || (Array.isArray(c.value) && c.value.length === 0)) throw new DifyFailure(400, 400, `condition on ${String(c.name)} needs a value`);
    for (const name of Array.isArray(c.name) ? c.name : [c.name]) {
      if (name in filters) throw new DifyFailure(400, 400, `metadata ${name} is named by more than one condition`);
      filters[name] = c.value;
    }
  }
  return filters;
}

/**
 * Knowledge bases (seed 004 §6): groups of collections searched as one, their configuration and API keys,
 * and the same retrieval in the shape of Dify's external knowledge API.
 */
const kbRoutes: FastifyPluginAsyncTypebox<Options> = async (app, opts) => {
  const { kbs } = opts;

  async function found(id: number) {
    const kb = await kbs.find(id);
    if (!kb) throw new KbNotFoundError();
    return kb;
  }
  async function checkVectors(ids: number[]) {
    const known = new Set((await opts.vectors.findMany(ids)).map((v) => v.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new KbVectorsNotFoundError(unknown.join(', '));
  }
  const write = (body: { name: string; description?: string | null; vectorIds: number[]; retrievalConfig: KbRetrievalConfig }) => ({
    name: body.name.trim(),
    description: body.description ?? null,
    vectorIds: body.vectorIds,
    retrievalConfig: body.retrievalConfig,
  });

  app.get('/api/kb/config', { schema: { tags, querystring: KbListQuery, response: { 200: Page(KnowledgeBaseSchema) } } }, async (request) => {
    const { current, size, skip, take } = pageOf(request.query);
    const [rows, total] = await kbs.page({ keyword: request.query.keyword?.trim() || undefined, skip, take });
    return { records: rows.map(present), total, current, size };
  });

  app.get('/api/kb/config/:id', { schema: { tags, params: KbIdParams, response: { 200: KnowledgeBaseSchema } } }, async (request) =>
    present(await found(request.params.id)));

  app.post('/api/kb/config', { schema: { tags, body: KbBody, response: { 201: KnowledgeBaseSchema } } }, async (request, reply) => {
    await checkVectors(request.body.vectorIds);
    const kb = await kbs.create({ ...write(request.body), createdBy: request.identity?.userId ?? null });
    return reply.code(201).send(present(kb));
  });

  app.put('/api/kb/config/:id', { schema: { tags, params: KbIdParams, body: KbBody, response: { 200: KnowledgeBaseSchema } } }, async (request) => {
    await found(request.params.id);
    await checkVectors(request.body.vectorIds);
    return present(await kbs.update(request.params.id, write(request.body)));
  });

  app.delete('/api/kb/config/:id', { schema: { tags, params: KbIdParams, response: { 200: Type.Object({ deleted: Type.Integer() }) } } }, async (request) => {
    if (!(await kbs.remove(request.params.id))) throw new KbNotFoundError();
    return { deleted: request.params.id };
  });

  app.get('/api/kb/config/:id/keys', { schema: { tags, params: KbIdParams, response: { 200: Type.Array(KbApiKeySchema) } } }, async (request) => {
    await found(request.params.id);
    return (await kbs.keys(request.params.id)).map(presentKey);
  });

  app.post('/api/kb/config/:id/keys', { schema: { tags, params: KbIdParams, body: KbKeyBody, response: { 201: KbApiKeyCreatedSchema } } }, async (request, reply) => {
    await found(request.params.id);
    const { key, ...stored } = newKey();
    const row = await kbs.createKey({ kbId: request.params.id, name: request.body.name.trim(), ...stored, createdBy: request.identity?.userId ?? null });
    return reply.code(201).send({ ...presentKey(row), key });
  });

  app.delete('/api/kb/config/:id/keys/:keyId', { schema: { tags, params: KbKeyParams, response: { 200: KbApiKeySchema } } }, async (request) => {
    const revoked = await kbs.revokeKey(request.params.id, request.params.keyId);
    if (!revoked) throw new KbKeyNotFoundError();
    return presentKey(revoked);
  });

  app.post('/api/kb/retrieval', { schema: { tags, body: KbRetrievalBody, response: { 200: KbRetrievalAnswerSchema } } }, async (request) => {
    const started = performance.now();
    const kb = await found(request.body.kbId);
    const { results, skipped } = await retrieve(opts, kb, { query: request.body.query, topK: request.body.topK });
    return { results, skipped, tookMs: tookMs(started) };
  });

  // Dify's external knowledge API. Authenticated by a knowledge-base API key only (the contracts' `kb-api-key`
  // access: neither the gateway nor the guard asks for a user token); answers and errors in Dify's own shapes.
  // The key is checked first (1001 malformed, 1002 unknown or revoked), then the knowledge base: 2001 when
  // knowledge_id names none, 1002 when it names another knowledge base than the key's.
  app.post(
    '/api/kb/dify/retrieval',
    {
      schema: { tags, body: DifyRetrievalBody, response: { 200: DifyAnswer, '4xx': DifyError } },
      config: { envelope: false },
      // The kit's serializer wraps every schema in the envelope: this route writes Dify's shapes as they are.
      serializerCompiler: () => (data) => JSON.stringify(data),
      preValidation: async (request) => {
        const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
        if (!match) throw MALFORMED();
        const key = await kbs.useKey(match[1]!);
        if (!key) throw REFUSED();
        (request as FastifyRequest & { kbKey?: KbApiKey }).kbKey = key;
      },
      errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
        if (error instanceof DifyFailure) return reply.code(error.status).send({ error_code: error.errorCode, error_msg: error.message });
        if (error.validation) return reply.code(400).send({ error_code: 400, error_msg: error.message });
        request.log.error({ err: error }, 'dify retrieval failed');
        return reply.code(500).send({ error_code: 500, error_msg: 'internal error' });
      },
    },
    async (request) => {
      const key = (request as FastifyRequest & { kbKey?: KbApiKey }).kbKey!;
      const id = /^\d{1,10}$/.test(request.body.knowledge_id) ? Number(request.body.knowledge_id) : NaN;
      const kb = Number.isSafeInteger(id) && id <= 2147483647 ? await kbs.find(id) : null;
      if (!kb) throw NO_KB();
      if (kb.id !== key.kbId) throw REFUSED();
      const { top_k, score_threshold } = request.body.retrieval_setting;
      const filters = difyFilters(request.body.metadata_condition);
      const { results } = await retrieve(opts, kb, { query: request.body.query, topK: top_k, scoreThreshold: score_threshold, filters });
      const titles = new Map((await opts.vectors.findMany([...new Set(results.map((r) => r.vectorId))])).map((v) => [v.id, v.title]));
      return {
        records: results.map((r) => ({
          content: r.content,
          score: r.score,
          // Dify shows the title as the source: the collection's title and the row's key in it.
          title: `${titles.get(r.vectorId) ?? r.vectorId} #${r.id}`,
          metadata: { ...r.metadata, vectorId: r.vectorId, id: r.id },
        })),
      };
    },
  );
};
export default kbRoutes;
