import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import fastJson from 'fast-json-stringify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Registry } from 'prom-client';
import { dateFormats } from './dates.js';
import { Ok, envelope, isEnvelope } from './envelope.js';
import { MSG, ServiceUnavailableError } from './errors.js';
import { outageLog, outageOf } from './outage.js';
import { healthPlugin } from './health.js';
import { metricsPlugin } from './metrics.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set to false on routes that return a raw document (OpenAPI JSON, metrics, files). */
    envelope?: boolean;
  }
}

export interface ServerOptions {
  service: string;
  version?: string;
  logLevel?: string;
  requestTimeoutMs?: number;
  bodyLimitBytes?: number;
  trustProxy?: boolean | string | ((addr: string, hop: number) => boolean);
  /** Extra pino options, e.g. a destination stream in tests. */
  logger?: FastifyServerOptions['logger'];
  /**
   * false: `/readyz`, `/metrics` and `/documentation/json` are not routes of this app; another listener serves
   * them (`probeRoutes`). The gateway keeps its public listeners to `/healthz`, `/api`, the console, `/comfy`.
   */
  probes?: boolean;
  /** Another listener of the same service shares its metrics registry. */
  metrics?: Registry;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Codes api.md lets through as-is; other 4xx become 400, other 5xx a masked 500. */
const PASSTHROUGH = new Set([400, 401, 403, 404, 409, 413, 429, 503]);
/** Codes of `defineError` errors (`KIT_…`, `AUTH_…`): they are the envelope's `errorKey`. */
const OWN_CODE = /^(?!FST_|ERR_)[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;

export type App = FastifyInstance & { withTypeProvider: FastifyInstance['withTypeProvider'] };

/**
 * The Fastify factory every service uses: JSON logs with secrets redacted, request ids propagated
 * (`x-request-id`), timeouts, the api.md envelope on every response, masked 5xx, health, metrics, OpenAPI.
 */
export async function createServer(opts: ServerOptions) {
  const app = Fastify({
    logger: opts.logger ?? {
      level: opts.logLevel ?? 'info',
      base: { service: opts.service },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-internal-token"]', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Plugins that load a lot at start (vectors' PGlite + pgvector WASM) take more than Fastify's 10 s on a
    // busy machine; a service that truly hangs at start is caught by its supervisor's / Kubernetes' probes.
    pluginTimeout: 60_000,
    connectionTimeout: opts.requestTimeoutMs ?? 30_000,
    requestTimeout: opts.requestTimeoutMs ?? 30_000,
    keepAliveTimeout: 72_000,
    bodyLimit: opts.bodyLimitBytes ?? 1_048_576,
    trustProxy: opts.trustProxy ?? false,
    // `formats`: the kit's own (the one date grammar, dates.ts); ajv-formats adds the standard ones.
    ajv: { customOptions: { removeAdditional: true, coerceTypes: 'array', useDefaults: true, allErrors: false, formats: dateFormats } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Route response schemas describe `data` only: handlers return plain data (typed by the schema), and
  // the serializer writes the envelope around it. Fields a schema does not declare are never serialised.
  app.setSerializerCompiler(({ schema }) => fastJson(Ok(schema as never) as never));

  // Requests still running when shutdown begins finish normally, but their keep-alive socket must not
  // hold server.close() open until the idle timeout: answer them with `Connection: close`.
  // (Callback-style hooks: these run on every request, and a promise each is measurable at the gateway.)
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.routeOptions.config?.envelope === false || isEnvelope(payload)) return payload;
    const status = reply.statusCode;
    return envelope(status, status < 400 ? 'success' : (STATUS_CODES[status] ?? 'error'), payload);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const raw = error.statusCode ?? 500;
    let status: number;
    let msg: string;
    // Framework and Node codes (FST_…, ERR_…) are not part of the API; they get their status's key.
    let errorKey = error.code && OWN_CODE.test(error.code) ? error.code : undefined;
    const outage = error.validation ? undefined : outageOf(error);
    if (outage) {
      // Redis or PostgreSQL is down: a 503 the client may retry, and one log line per outage, not per request.
      outageLog(app.log, outage).down(error);
      return reply.code(503).send(envelope(503, MSG.unavailable, null, new ServiceUnavailableError(MSG.unavailable).code));
    }
    if (error.validation) {
      status = 400;
      msg = validationMessage(error);
      errorKey = 'VALIDATION_FAILED';
    } else if (raw >= 500) {
      const ours = raw === 503 && errorKey !== undefined;
      status = ours ? 503 : 500;
      msg = ours ? error.message : MSG.internal;
      if (!ours) errorKey = 'INTERNAL';
    } else {
      status = PASSTHROUGH.has(raw) ? raw : 400;
      msg = error.message;
    }
    // A 503 of our own (a dependency is down) was logged where it was decided; a masked 500 is a bug.
    if (status === 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status, msg }, 'request rejected');
    return reply.code(status).send(envelope(status, msg, null, errorKey));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(envelope(404, `${MSG.notFound}: ${request.method} ${request.url.split('?')[0]}`, null));
  });

  await app.register(swagger, {
    transform: ({ schema, url }) => ({ schema: documentEnvelope(schema), url }),
    openapi: {
      info: { title: `${opts.service} service`, version: opts.version ?? '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  const probes = opts.probes !== false;
  if (probes) app.get('/documentation/json', { schema: { hide: true }, config: { envelope: false } }, async () => app.swagger());

  await app.register(healthPlugin, { service: opts.service, readyRoute: probes });
  await app.register(metricsPlugin, { service: opts.service, route: probes, registry: opts.metrics });
  return app;
}

export type Server = Awaited<ReturnType<typeof createServer>>;

/** OpenAPI shows what goes over the wire: every declared response inside the envelope. */
function documentEnvelope<S>(schema: S): S {
  const response = (schema as { response?: Record<string, unknown> } | undefined)?.response;
  if (!response) return schema;
  return { ...schema, response: Object.fromEntries(Object.entries(response).map(([status, s]) => [status, Ok(s as never)])) } as S;
}

function validationMessage(error: FastifyError): string {
  const first = error.validation![0];
  const where = error.validationContext ?? 'body';
  const missing = (first.params as { missingProperty?: string }).missingProperty;
  const field = [where, ...first.instancePath.split('/').filter(Boolean), ...(missing ? [missing] : [])].join('.');
  return missing ? `${field} is required` : `${field} ${first.message ?? 'is invalid'}`;
}
