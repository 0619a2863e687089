import { createPlatformService, createServiceClient, nameResolver } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';
import { orchestratorClient } from './plugins/app/orchestrator.js';
import { projectRepository } from './plugins/app/project-repository.js';
import projectInternalRoutes from './routes/internal/index.js';
import projectRoutes from './routes/projects/index.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'projects', config, logger: opts.logger });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  const client = createServiceClient(config.COMFY_ORCHESTRATOR_URL, { internalToken: config.INTERNAL_TOKEN, name: 'comfy-orchestrator' });
  // Owners' usernames come from auth (cached 60 s); without auth, projects are listed without them.
  const auth = createServiceClient(config.AUTH_URL, { internalToken: config.INTERNAL_TOKEN, name: 'auth' });
  app.addHook('onClose', async () => {
    await client.close();
    await auth.close();
  });
  const userNames = nameResolver(auth, '/internal/users/names', app.log);
  const projects = projectRepository(app.db);
  await app.register(projectRoutes, { projects, orchestrator: orchestratorClient(client), userNames });
  await app.register(projectInternalRoutes, { prefix: '/internal', internalToken: config.INTERNAL_TOKEN, projects });
  return app;
}
