import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { UserInfoSchema } from '../../schemas/auth.js';
import { toRouteRecords, visibleTree } from '../../plugins/app/menu-tree.js';
import { expandedPermissions } from '../../plugins/app/users.js';
import { currentUser } from '../auth/index.js';

/** The shapes art-design-pro's API layer expects. */
const artDesignProRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/user/info', { schema: { tags: ['auth'], response: { 200: UserInfoSchema } } }, async (request) => {
    const { user, permissions } = await currentUser(app, request.identity!.userId, request.identity!.permissions);
    return {
      userId: user.id,
      userName: user.username,
      email: user.email,
      avatar: user.avatar,
      roles: [user.roleKey],
      buttons: expandedPermissions(permissions),
    };
  });

  app.get('/api/v3/system/menus', { schema: { tags: ['auth'], response: { 200: Type.Array(Type.Unknown()) } } }, async (request) => {
    const { user, permissions } = await currentUser(app, request.identity!.userId, request.identity!.permissions);
    return toRouteRecords(visibleTree(await app.menuTree(), { roleKey: user.roleKey, permissions }));
  });
};
export default artDesignProRoutes;
