import { startService } from '@app/service-kit';
import { buildApp } from './app.js';
import { ConfigSchema } from './config.js';

await startService({ service: 'comfy-orchestrator', config: ConfigSchema, build: (config) => buildApp(config) });
