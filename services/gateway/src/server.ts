import { startService } from '@app/service-kit';
import { buildApp } from './app.js';
import { ConfigSchema } from './config.js';
import { listenAll } from './plugins/app/listeners.js';

await startService({
  service: 'gateway',
  config: ConfigSchema,
  build: (config) => buildApp(config),
  // The console and /api on PORT, the ComfyUI origin on COMFY_ORIGIN_PORT, probes on INTERNAL_PORT.
  listen: async (app, config) => {
    const ports = await listenAll(app, {
      host: config.HOST,
      port: config.PORT,
      comfyPort: config.COMFY_ORIGIN_PORT,
      internalHost: config.INTERNAL_HOST ?? config.HOST,
      internalPort: config.INTERNAL_PORT,
    });
    app.log.info(ports, 'gateway listening: console and /api, ComfyUI origin, internal');
  },
});
