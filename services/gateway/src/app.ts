import { createPlatformService } from '@app/service-kit';
import type { Config } from './config.js';
import consolePlugin from './plugins/app/console.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  const app = await createPlatformService({ service: 'gateway', config, logger: opts.logger });
  await app.register(consolePlugin, { webDist: config.WEB_DIST });
  return app;
}
