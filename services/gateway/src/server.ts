import { startService } from '@app/service-kit';
import { buildApp } from './app.js';
import { ConfigSchema } from './config.js';

await startService({ service: 'gateway', config: ConfigSchema, build: (config) => buildApp(config) });
