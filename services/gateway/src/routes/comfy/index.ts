import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { PassThrough } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import proxy from '@fastify/http-proxy';
import { INTERNAL_HEADER } from '@app/service-kit';

/**
 * `/comfy/:serviceId/*` (HTTP and WebSocket) to the comfy-orchestrator, which checks the browser's
 * instance cookie and owner itself (a new tab cannot carry the bearer token). The IP blocklist has run.
 */
export default async function comfyProxyRoutes(app: FastifyInstance, opts: { upstream: string; timeoutMs: number }) {
  // The proxy would close the connection with the body unread (a reset at the client): it is read out instead.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.body instanceof PassThrough && !request.raw.complete) reply.removeHeader('connection');
    done(null, payload);
  });
  await app.register(proxy, {
    preHandler: streamBody,
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

const DRAIN_MS = 30_000;

/**
 * A body the orchestrator refuses early (413 over a cap) must reach the browser as that 413, not as a reset:
 * the proxy reads the body through a stream of its own (the HTTP client may destroy it when the answer comes
 * first, the socket stays), keeps the connection open and reads the rest of the body into nothing, as nginx
 * does, for at most 30 s. Memory stays flat: nothing is kept.
 */
function streamBody(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  const raw = request.raw;
  if (request.body !== raw) return done();
  const body = new PassThrough();
  raw.pipe(body);
  request.body = body;
  body.once('close', () => {
    if (!raw.complete) discardRest(raw);
  });
  reply.raw.once('finish', () => {
    if (!raw.complete) discardRest(raw);
  });
  done();
}

const discarding = new WeakSet<IncomingMessage>();

function discardRest(raw: IncomingMessage) {
  if (discarding.has(raw) || raw.destroyed) return;
  discarding.add(raw);
  raw.unpipe();
  const timer = setTimeout(() => raw.destroy(), DRAIN_MS);
  timer.unref();
  raw.once('end', () => clearTimeout(timer));
  raw.once('close', () => clearTimeout(timer));
  raw.resume();
}
