import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
// The package index loads the whole 1.5 MB UI bundle; the path helper alone is all the server needs.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import { NotFoundError } from '@app/service-kit';
import type { OpenApiDoc } from '../../plugins/app/api-docs.js';
import { ApiDocSchema, DocsAssetParamsSchema } from '../../schemas/api-docs.js';
import { DOCS_CSS, DOCS_INIT, DOCS_PAGE } from '../../plugins/app/api-docs-ui.js';

const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png']);

/**
 * `GET /api/api-docs`: the platform's merged OpenAPI document (plugins/app/api-docs.ts), this gateway's own
 * routes included. `GET /api/docs`: Swagger UI over it (served from the swagger-ui-dist package, no CDN),
 * which the console's API docs page embeds. The UI sends the console's own session token, so it shows the
 * docs to whoever may read them (api:view) and "try it" calls as the signed-in user.
 */
export default async function apiDocsRoutes(app: FastifyInstance, opts: { apiDoc: (own?: OpenApiDoc) => Promise<unknown> }) {
  const dist = getAbsoluteFSPath();

  app.get(
    '/api/api-docs',
    { schema: { summary: '平台合并的 OpenAPI 文档', tags: ['gateway'], response: { 200: ApiDocSchema } } },
    async () => opts.apiDoc(app.swagger() as OpenApiDoc),
  );

  app.get('/api/docs', { schema: { summary: 'API 文档页面（Swagger UI）', tags: ['gateway'] }, config: { envelope: false } }, async (_request, reply) => {
    // The console's API docs page frames this page: allow its own origin to (and no other).
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') reply.header('content-security-policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
    reply.header('x-frame-options', 'SAMEORIGIN');
    return reply.type('text/html; charset=utf-8').send(DOCS_PAGE);
  });

  app.get<{ Params: Static<typeof DocsAssetParamsSchema> }>(
    '/api/docs/:asset',
    { schema: { summary: 'API 文档页面的静态资源', tags: ['gateway'], params: DocsAssetParamsSchema }, config: { envelope: false } },
    async (request, reply) => {
      const { asset } = request.params;
      if (asset === 'init.js') return reply.type('application/javascript').send(DOCS_INIT);
      if (asset === 'xl.css') return reply.type('text/css').send(DOCS_CSS);
      if (!ASSETS.has(asset)) throw new NotFoundError(`资源不存在: ${asset}`);
      const type = asset.endsWith('.css') ? 'text/css' : asset.endsWith('.js') ? 'application/javascript' : 'image/png';
      reply.header('cache-control', 'public, max-age=86400').type(type);
      return reply.send(createReadStream(join(dist, asset)));
    },
  );
}
