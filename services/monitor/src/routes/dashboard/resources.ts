import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NodeResources } from '@app/contracts';
import type { NodeView, SamplesBoard } from '../../plugins/app/samples.js';
import { DashboardResourcesSchema } from '../../schemas/samples.js';
import { viewOf } from '../../plugins/app/samples-view.js';

const resourcesOf = ({ node, sample }: NodeView): NodeResources => ({
  name: node.name,
  status: node.status,
  lastSeen: node.lastSeen,
  cpu: sample.cpu.usage,
  memory: sample.memory.usage,
  disk: sample.disk.usage,
  gpu: (sample.gpu ?? []).map((g) => ({ index: g.index, name: g.name, utilization: g.utilization, memory: g.memoryUsage, temperature: g.temperature })),
});

/**
 * `GET /api/dashboard/resources` (dashboard:view): seed 004 §3.2's `{ cpu, memory, disk }` percentages of the
 * monitor's own node, and the same (with GPUs) for every node, from memory.
 */
const resourcesRoutes: FastifyPluginAsyncTypebox<{ board: SamplesBoard }> = async (app, { board }) => {
  app.get('/api/dashboard/resources', { schema: { tags: ['dashboard'], response: { 200: DashboardResourcesSchema } } }, async () => {
    await board.ready();
    const own = viewOf(board, undefined);
    const nodes = board.views().map(resourcesOf);
    return { cpu: own.sample.cpu.usage, memory: own.sample.memory.usage, disk: own.sample.disk.usage, timestamp: own.sample.timestamp, nodes };
  });
};
export default resourcesRoutes;
