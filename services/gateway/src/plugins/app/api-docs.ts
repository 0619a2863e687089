import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
// The package index loads the whole 1.5 MB UI bundle; the path helper alone is all the server needs.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import { NotFoundError } from '@app/service-kit';
import { Type } from 'typebox';
import { request } from 'undici';
import type { Upstreams } from './upstreams.js';

interface OpenApiDoc {
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> };
  tags?: { name: string }[];
}

const CACHE_MS = 30_000;

/**
 * `GET /api/api-docs`: one OpenAPI document for the whole platform, merged from every service's own
 * (`/documentation/json`), public paths only. A service that is down is listed in `x-unavailable`.
 */
export default async function apiDocs(app: FastifyInstance, opts: { upstreams: Upstreams }) {
  let cached: { at: number; doc: unknown } | undefined;

  async function merge() {
    const paths: Record<string, unknown> = {};
    const schemas: Record<string, unknown> = {};
    const unavailable: string[] = [];
    await Promise.all(
      Object.entries(opts.upstreams).map(async ([service, base]) => {
        try {
          const res = await request(`${base}/documentation/json`, { headersTimeout: 3000, bodyTimeout: 3000 });
          const doc = (await res.body.json()) as OpenApiDoc;
          for (const [path, item] of Object.entries(doc.paths ?? {})) if (path.startsWith('/api/')) paths[path] = item;
          Object.assign(schemas, doc.components?.schemas ?? {});
        } catch {
          unavailable.push(service);
        }
      }),
    );
    return {
      openapi: '3.0.3',
      info: { title: 'XL Platform API', version: '0.1.0', description: 'Every public route, behind the gateway at /api.' },
      servers: [{ url: '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } }, schemas },
      security: [{ bearer: [] }],
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
      'x-unavailable': unavailable.sort(),
    };
  }

  app.get('/api/api-docs', { schema: { hide: true, response: { 200: Type.Unknown() } } }, async () => {
    if (!cached || Date.now() - cached.at > CACHE_MS) cached = { at: Date.now(), doc: await merge() };
    return cached.doc;
  });
}

const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png']);

/**
 * `GET /api/docs`: Swagger UI (served from the swagger-ui-dist package, no CDN) over the merged document.
 * It sends the console's own session token, so it shows the docs to whoever may read them (api:view).
 */
export async function apiDocsUi(app: FastifyInstance) {
  const dist = getAbsoluteFSPath();
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>XL Platform API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"><link rel="icon" href="/api/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>`;
  // The console's CSP allows no inline script: the set-up lives in a file of its own.
  const init = `const token = localStorage.getItem('xl.token');
SwaggerUIBundle({
  url: '/api/api-docs',
  dom_id: '#swagger-ui',
  requestInterceptor: (req) => { if (token) req.headers.Authorization = 'Bearer ' + token; return req; },
  // The gateway wraps every answer in its envelope: hand Swagger UI the document inside.
  responseInterceptor: (res) => { if (res.url.endsWith('/api/api-docs') && res.body && res.body.data) { res.body = res.body.data; res.text = JSON.stringify(res.body); res.data = res.text; res.obj = res.body; } return res; },
});
`;
  app.get('/api/docs', { schema: { hide: true }, config: { envelope: false } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/api/docs/:asset', { schema: { hide: true }, config: { envelope: false } }, async (request, reply) => {
    const { asset } = request.params as { asset: string };
    if (asset === 'init.js') return reply.type('application/javascript').send(init);
    if (!ASSETS.has(asset)) throw new NotFoundError(`资源不存在: ${asset}`);
    const type = asset.endsWith('.css') ? 'text/css' : asset.endsWith('.js') ? 'application/javascript' : 'image/png';
    reply.header('cache-control', 'public, max-age=86400').type(type);
    return reply.send(createReadStream(join(dist, asset)));
  });
}
