import { Transform } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import replyFrom from '@fastify/reply-from';
import websocket from '@fastify/websocket';
import { request } from 'undici';
import WebSocket from 'ws';
import type { ComfyuiService } from '@app/db';
import { ForbiddenError, PayloadTooLargeError, envelope } from '@app/service-kit';
import { SESSION_COOKIE, type ComfyAccess } from '../../plugins/app/access.js';
import type { ComfyuiServiceRepository } from '../../plugins/app/comfyui-service-repository.js';
import type { GenerationLogs } from '../../plugins/app/generation-logs.js';
import type { Supervisor } from '../../plugins/app/supervisor.js';
import { InstanceNotFoundError, InstanceNotRunningError, InstanceUnreachableError, LinkExpiredError, OpenFromWorkbenchError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    comfy?: { row: ComfyuiService; userId: number; rest: string };
  }
}

export interface ProxyOptions {
  instances: ComfyuiServiceRepository;
  access: ComfyAccess;
  supervisor: Supervisor;
  logs: GenerationLogs;
  sessionTtlSec: number;
  /** Largest POST /prompt body, which is read whole (COMFY_MAX_PROMPT_BYTES). */
  maxPromptBytes: number;
  /** Largest body of any other request, which is streamed (COMFY_MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
}

const tooLarge = (cap: number) => new PayloadTooLargeError(`请求体过大（上限 ${cap} 字节）`);

/** The declared Content-Length, or null for a chunked body (counted as it streams instead). */
function declaredLength(request: FastifyRequest): number | null {
  const value = request.headers['content-length'];
  return value === undefined ? null : Number(value);
}

const TOUCH_EVERY_MS = 30_000;
// Headers of ours that ComfyUI must never see: the session cookie, any token.
const DROP = ['cookie', 'authorization', 'x-internal-token'];

// A built frontend's file names carry a hash of their content (`GraphView-BbaN9fO4.js`): they never change.
const HASHED_ASSET = /^\/assets\/[^?]*-[A-Za-z0-9_-]{8}\.(?:js|css|woff2?|ttf|eot|svg|json|png|webp)(?:\?|$)/;

/**
 * Caching of what an instance serves, behind its owner's cookie: hashed assets for a year (private, immutable:
 * a shared cache must not keep them), the page itself and everything else revalidated (a frontend upgrade or
 * another instance on this path must show at once), the API never stored.
 */
export function cacheHeaders(rest: string, headers: IncomingHttpHeaders): IncomingHttpHeaders {
  if (HASHED_ASSET.test(rest)) return { ...headers, 'cache-control': 'private, max-age=31536000, immutable' };
  const api = rest.replace(/^\/api(?=\/)/, '');
  if (rest.startsWith('/api/') || /^\/(?:prompt|queue|history|system_stats|object_info|settings|userdata|users)\b/.test(api)) {
    // Images (`/view`) may be revalidated; everything else of the API is live state.
    return { ...headers, 'cache-control': api.startsWith('/view') ? 'private, no-cache' : 'no-store' };
  }
  return { ...headers, 'cache-control': 'private, no-cache' };
}

function restOf(request: FastifyRequest): string {
  const { serviceId } = request.params as { serviceId: string };
  const url = request.url.slice(`/comfy/${serviceId}`.length) || '/';
  return url.startsWith('/') ? url : `/${url}`;
}

/**
 * `/comfy/:serviceId/*` and its WebSocket: ComfyUI's own UI and API, reachable only by the user who
 * started the instance. Host and Origin are rewritten to the instance's, so ComfyUI's origin check passes.
 * Every accepted POST /prompt becomes a generation log.
 */
export default async function proxyRoutes(app: FastifyInstance, opts: ProxyOptions) {
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 * 1024 } });
  await app.register(replyFrom, { undici: { connections: 32, pipelining: 1, keepAliveTimeout: 30_000 } as never, disableRequestLogging: true });
  // The body goes to ComfyUI untouched (JSON, multipart uploads…): no parsing in this scope.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const touched = new Map<string, number>();

  async function authorize(request: FastifyRequest, reply: FastifyReply) {
    const { serviceId } = request.params as { serviceId: string };
    const row = await opts.instances.find(serviceId).catch(() => null);
    if (!row) throw new InstanceNotFoundError();
    const query = request.query as { ticket?: string };
    if (query.ticket) {
      const grant = await opts.access.redeem(query.ticket, serviceId);
      if (grant === null || grant.userId !== row.userId) throw new LinkExpiredError();
      const sid = await opts.access.createSession(grant);
      const secure = request.headers['x-forwarded-proto'] === 'https' || request.protocol === 'https';
      reply.setCookie(SESSION_COOKIE, sid, { path: `/comfy/${serviceId}/`, httpOnly: true, sameSite: 'lax', secure, maxAge: opts.sessionTtlSec });
      const clean = new URL(request.url, 'http://x');
      clean.searchParams.delete('ticket');
      return reply.redirect(`${clean.pathname.endsWith('/') ? clean.pathname : `${clean.pathname}/`}${clean.search}`, 302);
    }
    // No valid session: 401 (open it from the workbench). A valid session of someone else: 403.
    const grant = await opts.access.sessionGrant(request.cookies[SESSION_COOKIE]);
    if (!grant) throw new OpenFromWorkbenchError();
    if (grant.userId !== row.userId) throw new ForbiddenError('权限不足');
    if (grant.serviceId !== serviceId) throw new OpenFromWorkbenchError();
    const userId = grant.userId;
    if (row.status !== 'running' || !row.port) throw new InstanceNotRunningError(`实例未运行（${row.status}）`);
    request.comfy = { row, userId, rest: restOf(request) };
    const last = touched.get(serviceId) ?? 0;
    if (Date.now() - last > TOUCH_EVERY_MS) {
      touched.set(serviceId, Date.now());
      void opts.supervisor.touch(serviceId).catch(() => {});
    }
  }

  const upstreamHeaders = (port: number) => (_req: FastifyRequest, headers: Record<string, unknown>) => {
    for (const h of DROP) delete headers[h];
    headers.host = `127.0.0.1:${port}`;
    if (headers.origin) headers.origin = `http://127.0.0.1:${port}`;
    if (headers.referer) delete headers.referer;
    return headers;
  };

  /**
   * Any other request (uploads, userdata, the UI's own calls) streams through, never buffered. Its body is
   * capped: a declared length over the cap is refused before the instance is contacted; a chunked body is
   * counted as it flows, and passing the cap aborts the upstream request, so the instance sees a broken
   * request (no complete upload), and the client gets 413.
   */
  const forward = (request: FastifyRequest, reply: FastifyReply) => {
    const { row, rest } = request.comfy!;
    const cap = opts.maxUploadBytes;
    const declared = declaredLength(request);
    if ((declared ?? 0) > cap) throw tooLarge(cap);
    let over = false;
    const payload = request.body as NodeJS.ReadableStream | undefined;
    if (payload && declared === null) {
      let size = 0;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size <= cap) return done(null, chunk);
          over = true;
          payload.unpipe(counted);
          payload.resume(); // the rest is dropped, as in readCapped
          done(tooLarge(cap));
        },
      });
      request.body = payload.pipe(counted);
    }
    return reply.from(`http://127.0.0.1:${row.port}${rest}`, {
      rewriteRequestHeaders: upstreamHeaders(row.port!) as never,
      rewriteHeaders: (headers) => cacheHeaders(rest, headers),
      onError: (rep, { error }) => {
        if (over) {
          const error = tooLarge(cap);
          return rep.code(413).send(envelope(413, error.message, null, error.code));
        }
        rep.log.warn({ err: error, serviceId: row.serviceId }, 'instance unreachable');
        const unreachable = new InstanceUnreachableError();
        rep.code(503).send(envelope(503, unreachable.message, null, unreachable.code));
      },
    });
  };

  /**
   * Reads a whole body, at most `cap` bytes. Over it: 413 before anything is sent on, and the rest of the
   * body is read and dropped (as nginx's lingering close does): closing at once would reset the connection
   * under a client still sending, and it would never see the 413.
   */
  function readCapped(request: FastifyRequest, cap: number): Promise<Buffer> {
    const payload = request.body as NodeJS.ReadableStream | undefined;
    if ((declaredLength(request) ?? 0) > cap) return Promise.reject(tooLarge(cap));
    if (!payload) return Promise.resolve(Buffer.alloc(0));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size <= cap) return void chunks.push(chunk);
        payload.removeListener('data', onData);
        chunks.length = 0;
        reject(tooLarge(cap));
      };
      payload.on('data', onData);
      payload.once('end', () => resolve(Buffer.concat(chunks)));
      payload.once('error', reject);
    });
  }

  // POST /prompt is read, not just passed through: an accepted prompt is logged and watched to its end.
  async function prompt(request: FastifyRequest, reply: FastifyReply) {
    const { row, userId, rest } = request.comfy!;
    const body = await readCapped(request, opts.maxPromptBytes);
    const res = await request_(`http://127.0.0.1:${row.port}${rest}`, body, request.headers['content-type']);
    const text = await res.body.text();
    if (res.statusCode === 200) {
      try {
        const accepted = JSON.parse(text) as { prompt_id?: string; number?: number };
        const sent = JSON.parse(body.toString() || '{}') as { client_id?: string; prompt?: Record<string, { class_type?: string }> };
        if (accepted.prompt_id) {
          await opts.logs.submitted(
            { promptId: accepted.prompt_id, serviceId: row.serviceId, userId, projectId: row.projectId, port: row.port!, submittedAt: Date.now() },
            { number: accepted.number, nodes: Object.keys(sent.prompt ?? {}).length, clientId: sent.client_id },
          );
        }
      } catch (err) {
        request.log.warn({ err }, 'could not log a prompt');
      }
    }
    reply.code(res.statusCode).header('content-type', res.headers['content-type'] ?? 'application/json').send(text);
  }
  const request_ = (url: string, body: Buffer, type: string | undefined) =>
    request(url, { method: 'POST', body, headers: { 'content-type': type ?? 'application/json' }, headersTimeout: 60_000, bodyTimeout: 60_000 });

  // The WebSocket: frames both ways untouched (binary previews included), Origin rewritten.
  function socket(client: WebSocket, request: FastifyRequest) {
    const { row, rest } = request.comfy!;
    const path = rest.startsWith('/api/ws') ? rest : rest.replace(/^\/ws/, '/ws');
    const upstream = new WebSocket(`ws://127.0.0.1:${row.port}${path}`, { headers: { origin: `http://127.0.0.1:${row.port}` } });
    const pending: [WebSocket.RawData, boolean][] = [];
    upstream.on('open', () => {
      for (const [data, binary] of pending.splice(0)) upstream.send(data, { binary });
    });
    upstream.on('message', (data, binary) => client.readyState === WebSocket.OPEN && client.send(data, { binary }));
    client.on('message', (data, binary) => (upstream.readyState === WebSocket.OPEN ? upstream.send(data, { binary }) : pending.push([data, binary])));
    const closeBoth = () => {
      if (client.readyState === WebSocket.OPEN) client.close();
      if (upstream.readyState === WebSocket.OPEN || upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
    };
    upstream.on('close', closeBoth);
    upstream.on('error', closeBoth);
    client.on('close', closeBoth);
    client.on('error', closeBoth);
  }

  const hooks = { preHandler: authorize, schema: { hide: true }, config: { envelope: false } };
  for (const path of ['/comfy/:serviceId/ws', '/comfy/:serviceId/api/ws']) {
    app.route({ method: 'GET', url: path, ...hooks, handler: forward, wsHandler: socket });
  }
  for (const path of ['/comfy/:serviceId/prompt', '/comfy/:serviceId/api/prompt']) app.post(path, hooks, prompt);
  app.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'], url: '/comfy/:serviceId/*', ...hooks, handler: forward });
  // The cookie is scoped to `/comfy/<id>/`: send the bare path there first (query, e.g. a ticket, kept).
  app.get('/comfy/:serviceId', { schema: { hide: true }, config: { envelope: false } }, async (request, reply) => {
    const url = new URL(request.url, 'http://x');
    return reply.redirect(`${url.pathname}/${url.search}`, 302);
  });
}
