import { createPlatformService } from '@app/service-kit';
import type { Config } from './config.js';

export async function buildApp(config: Config, opts: { logger?: boolean | object } = {}) {
  return createPlatformService({ service: 'monitor', config, logger: opts.logger });
}
