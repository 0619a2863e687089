import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

const DURATION = 'http_request_duration_seconds';

/** Prometheus `/metrics`: process defaults plus a request-duration histogram by route and status. */
export const metricsPlugin = fp(
  async (app: FastifyInstance, opts: { service: string; route?: boolean; registry?: Registry }) => {
    // One registry per app, so several apps in one process (tests, the start script) never collide; an app
    // that is another listener of the same service (the gateway's ComfyUI origin) shares its registry.
    const shared = opts.registry?.getSingleMetric(DURATION) as Histogram | undefined;
    const registry = opts.registry ?? new Registry();
    if (!opts.registry) {
      registry.setDefaultLabels({ service: opts.service });
      collectDefaultMetrics({ register: registry });
    }
    const duration =
      shared ??
      new Histogram({
        name: DURATION,
        help: 'HTTP request duration in seconds',
        labelNames: ['method', 'route', 'status_code'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      });
    app.decorate('metrics', registry);

    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route !== '/metrics') duration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
      done();
    });

    if (opts.route === false) return; // served by another listener (see probeRoutes)
    app.get('/metrics', { schema: { hide: true }, config: { envelope: false } }, async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'service-kit-metrics' },
);
