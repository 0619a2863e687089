import type { FastifyInstance } from 'fastify';
import { internalOnly } from '@app/service-kit';
import type { VectorRepository } from '../../plugins/app/vector-repository.js';
import { VectorSummarySchema } from '../../schemas/vectors.js';

/** For other services (the dashboard's 向量总数): collections and the vectors they hold. Prefix `/internal`. */
export default async function vectorInternalRoutes(app: FastifyInstance, opts: { internalToken: string; vectors: VectorRepository }) {
  app.addHook('preHandler', internalOnly(opts.internalToken));
  app.get('/vectors/summary', { schema: { hide: true, response: { 200: VectorSummarySchema } } }, () => opts.vectors.summary());
}
