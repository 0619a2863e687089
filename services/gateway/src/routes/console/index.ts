import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { NotFoundError, MSG, ServiceUnavailableError } from '@app/service-kit';

/**
 * Serves the built web console. Client-side routes (`/settings/users`…) fall back to index.html;
 * unknown `/api`, `/comfy` and probe paths stay 404 envelopes, never HTML.
 */
// Never a console page: the API, ComfyUI (its own origin), services' internals and the probes (internal port).
const NOT_PAGES = ['/api', '/comfy', '/internal', '/readyz', '/metrics', '/documentation'];

export default async function consoleRoutes(app: FastifyInstance, opts: { webDist: string }) {
  const root = resolve(opts.webDist);
  const built = existsSync(resolve(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  } else {
    app.log.warn({ root }, 'web console not built: run `npm run build:web`');
  }

  app.get('/*', { schema: { hide: true }, config: { envelope: false } }, async (request, reply) => {
    const path = request.url.split('?')[0];
    if (NOT_PAGES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) {
      throw new NotFoundError(`${MSG.notFound}: ${request.method} ${path}`);
    }
    if (!built) throw new ServiceUnavailableError('web console not built: run `npm run build:web`');
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
}
