import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';

export type ReadinessCheck = () => Promise<unknown>;

const CheckResult = Type.Object({ ok: Type.Boolean(), latencyMs: Type.Integer(), error: Type.Optional(Type.String()) });
const ReadyData = Type.Object({ status: Type.String(), service: Type.String(), checks: Type.Record(Type.String(), CheckResult) });
export type ReadyReport = Static<typeof ReadyData>;

declare module 'fastify' {
  interface FastifyInstance {
    readiness: {
      add(name: string, check: ReadinessCheck): void;
      /** Runs every check now: what `/readyz` answers, wherever it is served. */
      report(): Promise<ReadyReport>;
    };
  }
}

const CHECK_TIMEOUT_MS = 2000;

export interface HealthOptions {
  service: string;
  /** false: the checks exist but `/readyz` is served elsewhere (the gateway's internal listener). */
  readyRoute?: boolean;
}

/** `/healthz`: the process answers. `/readyz`: every registered dependency answers within 2 s. */
export const healthPlugin = fp(
  async (app: FastifyInstance, opts: HealthOptions) => {
    const checks = new Map<string, ReadinessCheck>();
    const report = async (): Promise<ReadyReport> => {
      const results = Object.fromEntries(await Promise.all([...checks].map(async ([name, check]) => [name, await timed(check)] as const)));
      const ready = Object.values(results).every((r) => r.ok);
      return { status: ready ? 'ready' : 'not_ready', service: opts.service, checks: results };
    };
    app.decorate('readiness', { add: (name: string, check: ReadinessCheck) => void checks.set(name, check), report });

    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', service: opts.service, uptime: Math.round(process.uptime()) }));
    if (opts.readyRoute !== false) readyRoute(app, report);
  },
  { name: 'service-kit-health' },
);

function readyRoute(target: FastifyInstance, report: () => Promise<ReadyReport>) {
  target.get('/readyz', { schema: { hide: true, response: { 200: ReadyData, 503: ReadyData } } }, async (_request, reply) => {
    const result = await report();
    reply.code(result.status === 'ready' ? 200 : 503);
    return result;
  });
}

/**
 * The probe routes of `source` (`/readyz`, `/metrics`, `/documentation/json`) served by another app (which
 * has its own `/healthz`): the gateway keeps them off its public listeners and answers them on an internal port.
 */
export async function probeRoutes(target: FastifyInstance, opts: { source: FastifyInstance }) {
  const { source } = opts;
  readyRoute(target, () => source.readiness.report());
  target.get('/metrics', { schema: { hide: true }, config: { envelope: false } }, async (_request, reply) => {
    reply.type(source.metrics.contentType);
    return source.metrics.metrics();
  });
  target.get('/documentation/json', { schema: { hide: true }, config: { envelope: false } }, async () => source.swagger());
}

async function timed(check: ReadinessCheck) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
