import { createPlatformService } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import type { Config } from './config.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'comfy-orchestrator', config, logger: opts.logger });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  return app;
}
