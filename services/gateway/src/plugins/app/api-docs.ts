import type { FastifyInstance } from 'fastify';
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
