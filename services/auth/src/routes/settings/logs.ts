import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequestError, rangeOf, type InstantRange } from '@app/service-kit';
import { IdParamsSchema, LogDeleteResultSchema, LogDeleteSchema, LogListQuerySchema, LogPageSchema, SystemLogSchema } from '../../schemas/settings.js';
import type { AuthDomain } from '../../plugins/app/domain.js';
import { listPage } from '../../plugins/app/list-page.js';
import { systemLogView } from '../../plugins/app/settings/log-view.js';

const range = (r: InstantRange) => ({ from: r.start, to: r.end });

/** System logs (seed 004 §8.5): newest first. */
const logRoutes: FastifyPluginAsyncTypebox<Pick<AuthDomain, 'logs' | 'events'> & { zone: string }> = async (app, opts) => {
  const { logs, events, zone } = opts;
  const tags = ['settings'];

  app.get(
    '/api/settings/logs',
    { schema: { tags, querystring: LogListQuerySchema, response: { 200: LogPageSchema } } },
    async (request) => {
      const q = request.query;
      const filter = {
        type: q.type?.trim(),
        action: q.action?.trim(),
        usernameContains: q.username?.trim(),
        userId: q.userId,
        ip: q.ip?.trim(),
        ...range(rangeOf({ start: q.startTime ?? q.start, end: q.endTime ?? q.end }, zone)),
      };
      return listPage(q, (page) => logs.page(filter, page), systemLogView);
    },
  );

  app.get(
    '/api/settings/logs/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: SystemLogSchema } } },
    async (request) => systemLogView(await logs.get(request.params.id)),
  );

  // `{ ids }` removes those rows, `{ before }` everything older; the record of this deletion is written after.
  app.delete(
    '/api/settings/logs',
    { schema: { tags, body: LogDeleteSchema, response: { 200: LogDeleteResultSchema } } },
    async (request) => {
      const { ids, before } = request.body ?? {};
      if (ids === undefined && before === undefined) throw new BadRequestError('body.ids 或 body.before 必须提供其一');
      if (ids !== undefined && before !== undefined) throw new BadRequestError('body.ids 与 body.before 只能提供其一');
      const deleted = ids ? await logs.deleteIds([...new Set(ids)]) : await logs.deleteBefore(rangeOf({ start: before }, zone, 'body').start!);
      await events.record(request, 'LOG_DELETE', ids ? { ids, deleted } : { before, deleted });
      return { deleted };
    },
  );
};
export default logRoutes;
