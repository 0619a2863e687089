import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ValidationError } from '@app/service-kit';
import { SamplesUnavailableError } from '../../errors.js';
import { SamplesUnavailable, type SamplesBoard } from '../../plugins/app/samples.js';
import { viewOf } from '../../plugins/app/samples-view.js';
import { MAX_HISTORY_WINDOW_MS } from '../../samples-config.js';
import { ServerStatsQuerySchema, ServerStatsSchema, windowMs } from '../../schemas/samples.js';

/**
 * `GET /api/server/stats[?node=][&history=]` (monitor:view): a node's latest sample from memory, never waiting on
 * a probe, and every node known; read-only (seed 000 §2.4: no start, stop or reboot anywhere).
 */
const serverStatsRoutes: FastifyPluginAsyncTypebox<{ board: SamplesBoard }> = async (app, { board }) => {
  app.get('/api/server/stats', { schema: { tags: ['monitor'], querystring: ServerStatsQuerySchema, response: { 200: ServerStatsSchema } } }, async (request) => {
    const { node, history } = request.query;
    const window = history === undefined ? undefined : windowMs(history);
    if (window !== undefined && window > MAX_HISTORY_WINDOW_MS) throw new ValidationError('history 最长 15m');
    await board.ready();
    const view = viewOf(board, node);
    const answer = { ...view.sample, node: view.node.name, status: view.node.status, intervalMs: view.intervalMs, nodes: board.views().map((v) => v.node) };
    if (window === undefined) return answer;
    try {
      return { ...answer, history: await board.history(view, window) };
    } catch (err) {
      if (err instanceof SamplesUnavailable) throw new SamplesUnavailableError();
      throw err;
    }
  });
};
export default serverStatsRoutes;
