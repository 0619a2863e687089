import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PERMISSIONS } from '@app/contracts';
import {
  DeletedSchema,
  IdParamsSchema,
  PermissionDefSchema,
  RoleCreateSchema,
  RolePermissionsSchema,
  RoleSchema,
  RoleUpdateSchema,
} from '../../schemas/settings.js';
import type { AuthDomain } from '../../plugins/app/domain.js';
import { assertGrantable } from '../../plugins/app/settings/role-admin.js';

/**
 * Role management (seed 004 §8.2). Every write publishes `rolesChanged`, so every service's permission
 * cache drops at once and holders feel the change on their next request.
 */
const roleRoutes: FastifyPluginAsyncTypebox<Pick<AuthDomain, 'roleAdmin' | 'events'>> = async (app, opts) => {
  const { roleAdmin: roles, events } = opts;
  const tags = ['settings'];

  app.get('/api/settings/permissions', { schema: { tags, response: { 200: Type.Array(PermissionDefSchema) } } }, async () =>
    PERMISSIONS.map(({ key, title, module }) => ({ key, title, module })),
  );

  app.get('/api/settings/roles', { schema: { tags, response: { 200: Type.Array(RoleSchema) } } }, async () => roles.list());

  app.post(
    '/api/settings/roles',
    { schema: { tags, body: RoleCreateSchema, response: { 201: RoleSchema } } },
    async (request, reply) => {
      assertGrantable(request.identity!, request.body.permissions ?? []);
      const role = await roles.create(request.body);
      await events.publish('rolesChanged');
      await events.record(request, 'ROLE_CREATE', { id: role.id, roleKey: role.roleKey, permissions: role.permissions, enabled: role.enabled }, 201);
      return reply.code(201).send(role);
    },
  );

  app.put(
    '/api/settings/roles/:id',
    { schema: { tags, params: IdParamsSchema, body: RoleUpdateSchema, response: { 200: RoleSchema } } },
    async (request) => {
      const role = await roles.update(request.params.id, request.body);
      await events.publish('rolesChanged');
      const changed = Object.keys(request.body).filter((k) => k !== 'roleKey' && k in RoleUpdateSchema.properties);
      await events.record(request, 'ROLE_UPDATE', { id: role.id, roleKey: role.roleKey, changed, enabled: role.enabled });
      return role;
    },
  );

  app.delete(
    '/api/settings/roles/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: DeletedSchema } } },
    async (request) => {
      const role = await roles.remove(request.params.id);
      await events.publish('rolesChanged');
      await events.record(request, 'ROLE_DELETE', { id: role.id, roleKey: role.roleKey });
      return { id: role.id, deleted: true };
    },
  );

  app.put(
    '/api/settings/roles/:id/permissions',
    { schema: { tags, params: IdParamsSchema, body: RolePermissionsSchema, response: { 200: RoleSchema } } },
    async (request) => {
      assertGrantable(request.identity!, request.body.permissions);
      const { before, role } = await roles.setPermissions(request.params.id, request.body.permissions);
      await events.publish('rolesChanged');
      await events.record(request, 'ROLE_PERMISSIONS_UPDATE', { id: role.id, roleKey: role.roleKey, before, after: role.permissions });
      return role;
    },
  );
};
export default roleRoutes;
