import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppRouteRecordSchema, UserInfoSchema } from '../../schemas/auth.js';
import type { AuthDomain } from '../../plugins/app/domain.js';
import { currentUser } from '../../plugins/app/current-user.js';
import { toRouteRecords, visibleTree } from '../../plugins/app/menu-tree.js';
import { expandedPermissions } from '../../plugins/app/users.js';

/** The shapes art-design-pro's API layer expects. */
const userRoutes: FastifyPluginAsyncTypebox<Pick<AuthDomain, 'users' | 'menuTree'>> = async (app, { users, menuTree }) => {
  app.get('/api/user/info', { schema: { tags: ['auth'], response: { 200: UserInfoSchema } } }, async (request) => {
    const { user, permissions } = await currentUser(users, request.identity!);
    return {
      userId: user.id,
      userName: user.username,
      email: user.email ?? '',
      avatar: user.avatar ?? undefined,
      roles: [user.roleKey],
      buttons: expandedPermissions(permissions),
    };
  });

  // Both consoles read this tree: art-design-pro (VITE_ACCESS_MODE=backend) and ours.
  app.get('/api/v3/system/menus', { schema: { tags: ['auth'], response: { 200: Type.Array(AppRouteRecordSchema) } } }, async (request) => {
    const { user, permissions } = await currentUser(users, request.identity!);
    return toRouteRecords(visibleTree(await menuTree(), { roleKey: user.roleKey, permissions }, { keepHidden: true }));
  });
};
export default userRoutes;
