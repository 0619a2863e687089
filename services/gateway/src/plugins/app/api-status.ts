import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROUTES } from '@app/contracts';

const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
// Routes answering a third party's protocol (Dify's external knowledge API), whose caller reads the real HTTP
// status and a body of its own shape: never rewritten.
const FOREIGN = new Set(ROUTES.filter((r) => r.access === 'kb-api-key').map((r) => r.path));
const isJson = (type: unknown) => typeof type === 'string' && /^application\/(?:[\w.+-]+\+)?json\b/i.test(type);

/**
 * `API_ERROR_STATUS=ok` (api.md Conventions; `mirror`, the default, sends the envelope's code as the HTTP
 * status too): every JSON answer under `/api` leaves with HTTP 200, its code in the body only. Clients built on
 * art-design-pro read a business error's `msg` only from a 2xx response (any other status shows a fixed
 * text), and count every body code but 200 as a failure, so a 201 or 202 success says `code: 200` in its
 * body as well (a 202's `data` still holds the `taskId`). Registered on the listener that serves `/api`: the
 * ComfyUI origin and the internal port (probes) keep real statuses, as do pages, files and non-JSON answers.
 */
export function okStatusHook(app: FastifyInstance): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const status = reply.statusCode;
    const sentAsIs = status < 201 || (status >= 300 && status < 400);
    if (sentAsIs || !isApi(request.url) || !isJson(reply.getHeader('content-type')) || FOREIGN.has(request.routeOptions.url ?? '')) return payload;
    sendAs200(reply.raw);
    if (status >= 400) return payload; // the body already carries the code (the envelope's code is the status)
    // A 201/202 body says 200 too; its other fields are left as they are.
    const bytes = await bytesOf(payload);
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      return bytes;
    }
    if (typeof body !== 'object' || body === null || typeof (body as { code?: unknown }).code !== 'number') return bytes;
    reply.removeHeader('content-length');
    return JSON.stringify({ ...body, code: 200 });
  });
}

/**
 * Puts 200 on the wire while `reply.statusCode` keeps the real status: the login guard, the audit log,
 * the metrics and the access log all judge the answer by what it was, not by how it was sent.
 */
function sendAs200(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    // The reason phrase goes with the status: "200 OK", never "200 Bad Request".
    if (typeof rest[0] === 'string') rest.shift();
    this.statusMessage = STATUS_CODES[200]!;
    const sent = (writeHead as (...args: unknown[]) => ServerResponse).call(this, 200, ...rest);
    this.statusCode = status;
    return sent;
  } as ServerResponse['writeHead'];
}

/** A payload's bytes: a string, a buffer, or a proxied answer's stream (a create's answer: small). */
async function bytesOf(payload: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(payload)) return payload;
  if (typeof payload === 'string') return Buffer.from(payload);
  if (payload && typeof (payload as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of payload as AsyncIterable<Buffer | string>) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  return Buffer.from(String(payload ?? ''));
}
