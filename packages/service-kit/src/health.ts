import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

export type ReadinessCheck = () => Promise<unknown>;

declare module 'fastify' {
  interface FastifyInstance {
    readiness: { add(name: string, check: ReadinessCheck): void };
  }
}

const CHECK_TIMEOUT_MS = 2000;

const CheckResult = Type.Object({ ok: Type.Boolean(), latencyMs: Type.Integer(), error: Type.Optional(Type.String()) });
const ReadyData = Type.Object({ status: Type.String(), service: Type.String(), checks: Type.Record(Type.String(), CheckResult) });

/** `/healthz`: the process answers. `/readyz`: every registered dependency answers within 2 s. */
export const healthPlugin = fp(
  async (app: FastifyInstance, opts: { service: string }) => {
    const checks = new Map<string, ReadinessCheck>();
    app.decorate('readiness', { add: (name: string, check: ReadinessCheck) => void checks.set(name, check) });

    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', service: opts.service, uptime: Math.round(process.uptime()) }));

    app.get(
      '/readyz',
      { schema: { hide: true, response: { 200: ReadyData, 503: ReadyData } } },
      async (_request, reply) => {
        const results = Object.fromEntries(
          await Promise.all([...checks].map(async ([name, check]) => [name, await timed(check)] as const)),
        );
        const ready = Object.values(results).every((r) => r.ok);
        reply.code(ready ? 200 : 503);
        return { status: ready ? 'ready' : 'not_ready', service: opts.service, checks: results };
      },
    );
  },
  { name: 'service-kit-health' },
);

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
