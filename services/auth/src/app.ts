import { createPlatformService } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { roleRepository } from './plugins/app/role-repository.js';
import internalRoutes from './routes/internal/index.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  // Auth owns the roles table, so it resolves permissions from its database instead of over HTTP.
  let roles: ReturnType<typeof roleRepository> | undefined;
  const app = await createPlatformService({
    service: 'auth',
    config,
    logger: opts.logger,
    loadRole: (roleKey) => roles!.permissionsOf(roleKey),
  });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  roles = roleRepository(app.db);
  await app.register(internalRoutes, { prefix: '/internal', internalToken: config.INTERNAL_TOKEN, roles });
  return app;
}
