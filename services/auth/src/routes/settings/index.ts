import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import ipRoutes from './ips.js';
import logRoutes from './logs.js';
import menuRoutes from './menus.js';
import roleRoutes from './roles.js';
import userRoutes from './users.js';

/**
 * /api/settings/* (api.md "System settings"). Each route's permission is attached by the service kit's
 * guard from @app/contracts ROUTES, the same table the gateway enforces.
 */
const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(menuRoutes);
  await app.register(roleRoutes);
  await app.register(userRoutes);
  await app.register(ipRoutes);
  await app.register(logRoutes);
};
export default settingsRoutes;
