import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { NotFoundError, internalOnly } from '@app/service-kit';
import type { roleRepository } from '../../plugins/app/role-repository.js';

const RolePermissions = Type.Object({ roleKey: Type.String(), permissions: Type.Array(Type.String()) });

/** Routes for other services only: the gateway never exposes /internal, and they demand INTERNAL_TOKEN. */
export default async function internalRoutes(
  app: FastifyInstance,
  opts: { internalToken: string; roles: ReturnType<typeof roleRepository> },
) {
  app.addHook('preHandler', internalOnly(opts.internalToken));
  app.get(
    '/roles/:roleKey',
    {
      schema: {
        hide: true,
        params: Type.Object({ roleKey: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: RolePermissions },
      },
    },
    async (request) => {
      const { roleKey } = request.params as { roleKey: string };
      if (!(await opts.roles.exists(roleKey))) throw new NotFoundError(`role ${roleKey} not found`);
      return { roleKey, permissions: await opts.roles.permissionsOf(roleKey) };
    },
  );
}
