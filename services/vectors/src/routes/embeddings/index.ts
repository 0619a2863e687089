import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EmbeddingModelSchema } from '@app/contracts';
import type { Embedders } from '../../plugins/app/embedders/registry.js';

/** `GET /api/vectors/embedding-models` (api.md "Vectors"): the models a collection can be built with. */
const embeddingRoutes: FastifyPluginAsyncTypebox<{ embedders: Embedders }> = async (app, opts) => {
  app.get('/api/vectors/embedding-models', { schema: { tags: ['vectors'], response: { 200: Type.Array(EmbeddingModelSchema) } } }, () => opts.embedders.list());
};

export default embeddingRoutes;
