import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
// The package index loads the whole 1.5 MB UI bundle; the path helper alone is all the server needs.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import { NotFoundError } from '@app/service-kit';
import { ApiDocSchema, DocsAssetParamsSchema } from '../../schemas/api-docs.js';

const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png']);

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>XL Platform API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"><link rel="icon" href="/api/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>`;

// The console's CSP allows no inline script: the set-up lives in a file of its own.
const INIT = `const token = localStorage.getItem('xl.token');
SwaggerUIBundle({
  url: '/api/api-docs',
  dom_id: '#swagger-ui',
  requestInterceptor: (req) => { if (token) req.headers.Authorization = 'Bearer ' + token; return req; },
  // The gateway wraps every answer in its envelope: hand Swagger UI the document inside.
  responseInterceptor: (res) => { if (res.url.endsWith('/api/api-docs') && res.body && res.body.data) { res.body = res.body.data; res.text = JSON.stringify(res.body); res.data = res.text; res.obj = res.body; } return res; },
});
`;

/**
 * `GET /api/api-docs`: the platform's merged OpenAPI document (plugins/app/api-docs.ts). `GET /api/docs`: Swagger
 * UI over it (served from the swagger-ui-dist package, no CDN). The UI sends the console's own session token,
 * so it shows the docs to whoever may read them (api:view).
 */
export default async function apiDocsRoutes(app: FastifyInstance, opts: { apiDoc: () => Promise<unknown> }) {
  const dist = getAbsoluteFSPath();

  app.get('/api/api-docs', { schema: { hide: true, response: { 200: ApiDocSchema } } }, async () => opts.apiDoc());

  app.get('/api/docs', { schema: { hide: true }, config: { envelope: false } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));

  app.get<{ Params: Static<typeof DocsAssetParamsSchema> }>('/api/docs/:asset', { schema: { hide: true, params: DocsAssetParamsSchema }, config: { envelope: false } }, async (request, reply) => {
    const { asset } = request.params;
    if (asset === 'init.js') return reply.type('application/javascript').send(INIT);
    if (!ASSETS.has(asset)) throw new NotFoundError(`资源不存在: ${asset}`);
    const type = asset.endsWith('.css') ? 'text/css' : asset.endsWith('.js') ? 'application/javascript' : 'image/png';
    reply.header('cache-control', 'public, max-age=86400').type(type);
    return reply.send(createReadStream(join(dist, asset)));
  });
}
