import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HealthBoard } from '../../plugins/app/health.js';
import { DashboardNodesSchema } from '../../schemas/nodes.js';

/**
 * `GET /api/dashboard/nodes`: the health of every service, PostgreSQL, Redis, the vector store and the ComfyUI
 * instances, from the board's latest round (at most one interval old, at most one probe timeout late).
 * Everyone with dashboard:view sees the platform's parts; ComfyUI instances only their owner (and `*` holders).
 */
const nodesRoutes: FastifyPluginAsyncTypebox<{ board: HealthBoard }> = async (app, opts) => {
  app.get('/api/dashboard/nodes', { schema: { tags: ['dashboard'], response: { 200: DashboardNodesSchema } } }, async (request) => {
    const who = request.identity!;
    const round = await opts.board.current();
    return { ...round, items: round.items.filter((i) => who.isSuper || i.ownerId === undefined || i.ownerId === who.userId) };
  });
};
export default nodesRoutes;
