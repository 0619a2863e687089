import { request } from 'undici';
import type { Upstreams } from './upstreams.js';

interface OpenApiDoc {
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> };
  tags?: { name: string }[];
}

const CACHE_MS = 30_000;

/**
 * One OpenAPI document for the whole platform, merged from every service's own (`/documentation/json`), public
 * paths only, kept 30 s. A service that is down is listed in `x-unavailable`.
 */
export function platformApiDoc(upstreams: Upstreams): () => Promise<unknown> {
  let cached: { at: number; doc: unknown } | undefined;

  async function merge() {
    const paths: Record<string, unknown> = {};
    const schemas: Record<string, unknown> = {};
    const unavailable: string[] = [];
    await Promise.all(
      Object.entries(upstreams).map(async ([service, base]) => {
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

  return async () => {
    if (!cached || Date.now() - cached.at > CACHE_MS) cached = { at: Date.now(), doc: await merge() };
    return cached.doc;
  };
}
