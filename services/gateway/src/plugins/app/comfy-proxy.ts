import type { FastifyInstance } from 'fastify';
import proxy from '@fastify/http-proxy';
import { INTERNAL_HEADER } from '@app/service-kit';

/**
 * `/comfy/:serviceId/*` (HTTP and WebSocket) to the comfy-orchestrator, which checks the browser's
 * instance cookie and owner itself (a new tab cannot carry the bearer token). The IP blocklist has run.
 */
export default async function comfyProxy(app: FastifyInstance, opts: { upstream: string; timeoutMs: number }) {
  await app.register(proxy, {
    upstream: opts.upstream,
    prefix: '/comfy',
    rewritePrefix: '/comfy',
    websocket: true,
    config: { envelope: false },
    undici: { connections: 64, pipelining: 1, headersTimeout: opts.timeoutMs, bodyTimeout: 0 } as never,
    replyOptions: {
      rewriteRequestHeaders: (request: { id: string; ip: string }, headers: Record<string, unknown>) => {
        const { [INTERNAL_HEADER]: _dropped, ...rest } = headers;
        return { ...rest, 'x-request-id': request.id, 'x-forwarded-for': request.ip };
      },
    },
    // Supported at runtime by @fastify/http-proxy, missing from its types.
    wsClientOptions: {
      // Replaces the library's default, which is what forwarded the cookie: keep it, the orchestrator
      // authenticates the socket by it.
      rewriteRequestHeaders: (headers: Record<string, string>, request: { id: string; ip: string; headers: Record<string, string | undefined> }) => ({
        ...headers,
        ...(request.headers.cookie ? { cookie: request.headers.cookie } : {}),
        'x-request-id': request.id,
        'x-forwarded-for': request.ip,
      }),
    },
  } as never);
}
