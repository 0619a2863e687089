import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import type { Static, TObject, TProperties } from 'typebox';
import { ConfigError, loadConfig } from './config.js';

interface ListenSettings {
  PORT: number;
  HOST: string;
  SHUTDOWN_GRACE_MS: number;
}

export interface StartOptions<P extends TProperties> {
  service: string;
  config: TObject<P>;
  build: (config: Static<TObject<P>>) => Promise<FastifyInstance>;
  /** Listens on `PORT`/`HOST` unless the service has listeners of its own (the gateway has three). */
  listen?: (app: FastifyInstance, config: Static<TObject<P>> & ListenSettings) => Promise<unknown>;
}

/**
 * Process entry of every service: validate config (exit 1 naming what is wrong), build, listen, and on
 * SIGINT/SIGTERM close the app — every resource closes in its own onClose hook — within the grace period.
 */
export async function startService<P extends TProperties>(opts: StartOptions<P>): Promise<FastifyInstance> {
  let config: Static<TObject<P>> & ListenSettings;
  let app: FastifyInstance;
  try {
    config = loadConfig(opts.config) as Static<TObject<P>> & ListenSettings;
    // A build may refuse settings that are wrong together (auth: REVOCATION_TTL_SEC below ACCESS_TOKEN_TTL_SEC).
    app = await opts.build(config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${opts.service}: ${err.message}\n`);
    process.exit(1);
  }
  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'fatal error, shutting down');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });
  if (opts.listen) await opts.listen(app, config);
  else await app.listen({ port: config.PORT, host: config.HOST });
  return app;
}
