import type { FastifyInstance } from 'fastify';
import { createServer, probeRoutes, serverOptionsOf, NotFoundError, MSG } from '@app/service-kit';
import type { Config } from '../../config.js';
import comfyProxyRoutes from '../../routes/comfy/index.js';

type Logger = boolean | object | undefined;

// The main listener's settings, without probe routes of their own, counting into the main listener's metrics.
const serverOptions = (main: FastifyInstance, config: Config, logger: Logger) => ({
  ...serverOptionsOf('gateway', config),
  logger: logger as never,
  probes: false,
  metrics: main.metrics,
});

/**
 * The ComfyUI origin (`COMFY_PUBLIC_URL`): `/comfy/...` and nothing else. ComfyUI pages run users' custom
 * nodes' scripts; on an origin of their own they cannot read the console's stored tokens or call its API
 * with them. The IP blocklist applies here as on the console's origin.
 */
export async function comfyOrigin(main: FastifyInstance, config: Config, logger: Logger): Promise<FastifyInstance> {
  const app = await createServer(serverOptions(main, config, logger));
  app.addHook('onRequest', main.ipCheck);
  app.addHook('onRequest', (request, reply, done) => {
    const path = request.url.split('?')[0];
    done(path === '/comfy' || path.startsWith('/comfy/') ? undefined : new NotFoundError(`${MSG.notFound}: ${request.method} ${path}`));
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    // Its own pages may frame themselves; no other site may frame them.
    reply.header('content-security-policy', "frame-ancestors 'self'");
    reply.header('referrer-policy', 'no-referrer');
    done(null, payload);
  });
  await app.register(comfyProxyRoutes, { upstream: config.COMFY_ORCHESTRATOR_URL, timeoutMs: config.UPSTREAM_TIMEOUT_MS });
  return app;
}

/** `/healthz`, `/readyz` with its details, `/metrics` and `/documentation/json`: for probes and Prometheus only. */
export async function internalListener(main: FastifyInstance, config: Config, logger: Logger): Promise<FastifyInstance> {
  const app = await createServer(serverOptions(main, config, logger));
  await app.register(probeRoutes, { source: main });
  return app;
}

export interface GatewayListen {
  host: string;
  port: number;
  comfyPort: number;
  internalHost: string;
  internalPort: number;
}

/** Listens on all three ports; a port that cannot be had stops the start (and closes what did listen). */
export async function listenAll(main: FastifyInstance, at: GatewayListen) {
  const { comfy, internal } = main.gatewayListeners;
  try {
    await internal.listen({ port: at.internalPort, host: at.internalHost });
    await comfy.listen({ port: at.comfyPort, host: at.host });
    await main.listen({ port: at.port, host: at.host });
  } catch (err) {
    await main.close();
    throw err;
  }
  const portOf = (app: FastifyInstance) => (app.server.address() as { port: number }).port;
  return { port: portOf(main), comfyPort: portOf(comfy), internalPort: portOf(internal) };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The gateway's other two listeners, closed with it. */
    gatewayListeners: { comfy: FastifyInstance; internal: FastifyInstance };
  }
}
