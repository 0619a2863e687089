import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeletedSchema, IdParamsSchema, MenuCreateSchema, MenuNodeSchema, MenuTreeSchema, MenuUpdateSchema } from '../../schemas/settings.js';
import type { AuthDomain } from '../../plugins/app/domain.js';

/** Menu management (seed 004 §8.1): the whole tree, hidden entries included. */
const menuRoutes: FastifyPluginAsyncTypebox<Pick<AuthDomain, 'menuAdmin' | 'menuTree' | 'events'>> = async (app, opts) => {
  const { menuAdmin: menus, events } = opts;
  const tags = ['settings'];

  app.get('/api/settings/menus', { schema: { tags, response: { 200: MenuTreeSchema } } }, async () => opts.menuTree());

  app.post(
    '/api/settings/menus',
    { schema: { tags, body: MenuCreateSchema, response: { 201: MenuNodeSchema } } },
    async (request, reply) => {
      const menu = await menus.create(request.body);
      await events.record(request, 'MENU_CREATE', { id: menu.id, type: menu.type, title: menu.title, parentId: menu.parentId }, 201);
      return reply.code(201).send(menu);
    },
  );

  // Also what drag-and-drop reordering sends: `{ parentId, sort }`.
  app.put(
    '/api/settings/menus/:id',
    { schema: { tags, params: IdParamsSchema, body: MenuUpdateSchema, response: { 200: MenuNodeSchema } } },
    async (request) => {
      const menu = await menus.update(request.params.id, request.body);
      const changed = Object.keys(request.body).filter((k) => k in MenuUpdateSchema.properties);
      await events.record(request, 'MENU_UPDATE', { id: menu.id, title: menu.title, changed });
      return menu;
    },
  );

  app.delete(
    '/api/settings/menus/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: DeletedSchema } } },
    async (request) => {
      const menu = await menus.remove(request.params.id);
      await events.record(request, 'MENU_DELETE', { id: menu.id, title: menu.title });
      return { id: menu.id, deleted: true };
    },
  );
};
export default menuRoutes;
