import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { internalOnly } from '@app/service-kit';

/** For other services (the dashboard's 向量总数): collections and the vectors they hold. Prefix `/internal`. */
export default async function vectorInternalRoutes(app: FastifyInstance, opts: { internalToken: string }) {
  app.addHook('preHandler', internalOnly(opts.internalToken));
  app.get(
    '/vectors/summary',
    { schema: { hide: true, response: { 200: Type.Object({ collections: Type.Integer(), totalVectors: Type.Integer() }) } } },
    async () => {
      const all = await app.db.vector.aggregate({ _count: { _all: true }, _sum: { docCount: true } });
      return { collections: all._count._all, totalVectors: all._sum.docCount ?? 0 };
    },
  );
}
