import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SearchAnswerSchema } from '@app/contracts';
import type { Embedder } from '../../plugins/app/embedders/embedder.js';
import { searchCollection } from '../../plugins/app/search.js';
import type { VectorRepository } from '../../plugins/app/vector-repository.js';
import type { VectorStore } from '../../plugins/app/vector-index.js';
import { SearchBody } from '../../schemas/search.js';
import { CollectionNotFoundError } from '../../errors.js';

type Options = {
  vectors: VectorRepository;
  store: VectorStore;
  embedders: { get(model: string): Promise<Embedder> };
  tokenize: (text: string) => string[];
};

/**
 * Search of seed 004 §5: one collection by vector, keyword or both. The gateway's audit record of each call
 * is stored by auth as a system log of type `search` (the dashboard's daily count).
 */
const searchRoutes: FastifyPluginAsyncTypebox<Options> = async (app, opts) => {
  app.post('/api/search/vector', { schema: { tags: ['search'], body: SearchBody, response: { 200: SearchAnswerSchema } } }, async (request) => {
    const started = performance.now();
    const { vectorId, ...req } = request.body;
    const vector = await opts.vectors.find(vectorId);
    if (!vector) throw new CollectionNotFoundError();
    const results = await searchCollection(opts, vector, req);
    return { results, type: req.type, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  });
};
export default searchRoutes;
