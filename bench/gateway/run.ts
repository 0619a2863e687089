// Gateway overhead: the same protected GET, (a) direct, (b) through a bare @fastify/http-proxy, (b') through
// bare reply-from with the gateway's pool settings, (c) through the gateway.
// Each server runs in its own process; autocannon drives them from this one. Figures are printed, never
// asserted. Options: BENCH_SECONDS (10), BENCH_CONNECTIONS (50), DATABASE_URL, REDIS_URL.
import autocannon from 'autocannon';
import pg from 'pg';
import { childProcesses, ready } from '../lib.js';
import { createPrisma } from '@app/db';
import { migrate } from '@app/db/migrate';
import { seed } from '@app/db/seed';
import { adminDatabaseUrl, databaseUrlFor, freePort, signTestToken, testServiceEnv } from '@app/testing';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PATH = '/api/settings/permissions'; // protected (system:roles), no database work: the cost is the checks

const { run, stopAll } = childProcesses();

async function measure(name: string, url: string, token: string) {
  // A short warm-up fills JIT, keep-alive pools and the verified-token cache, as in steady state.
  await autocannon({ url, connections, duration: 2, headers: { authorization: `Bearer ${token}` } });
  const r = await autocannon({ url, connections, duration: seconds, headers: { authorization: `Bearer ${token}` } });
  const bad = r.non2xx + r.errors + r.timeouts;
  console.log(`${name.padEnd(28)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms${bad ? `   (${bad} failed)` : ''}`);
  return r.requests.average;
}

const db = `bench_gateway_${process.pid}`;
const admin = new pg.Client({ connectionString: adminDatabaseUrl() });
await admin.connect();
await admin.query(`CREATE DATABASE "${db}"`);
const dbUrl = databaseUrlFor(db);
try {
  await migrate(dbUrl, { log: () => {} });
  const prisma = createPrisma(dbUrl);
  await seed(prisma, { adminPassword: 'Bench-pass-123', log: () => {} });
  await prisma.$disconnect();

  const [authPort, barePort, replyFromPort, gatewayPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env = {
    ...testServiceEnv(dbUrl, 'bench-gateway'),
    REDIS_KEY_PREFIX: `bench:${process.pid}:`,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    AUTH_URL: `http://127.0.0.1:${authPort}`,
  };
  run('services/auth/src/server.ts', { ...env, PORT: String(authPort) });
  run('bench/gateway/bare-proxy.ts', { PORT: String(barePort), UPSTREAM: env.AUTH_URL });
  run('bench/gateway/bare-reply-from.ts', { PORT: String(replyFromPort), UPSTREAM: env.AUTH_URL });
  run('services/gateway/src/server.ts', { ...env, PORT: String(gatewayPort), COMFY_ORIGIN_PORT: '0', INTERNAL_PORT: '0' });
  const token = signTestToken({ sub: '1', role: 'admin' }, 3600);
  for (const port of [authPort, barePort, replyFromPort, gatewayPort]) await ready(`http://127.0.0.1:${port}${PATH}`, { authorization: `Bearer ${token}` });

  console.log(`GET ${PATH} — ${connections} connections, ${seconds} s each, ${new Date().toISOString()}`);
  const a = await measure('(a) service directly', `http://127.0.0.1:${authPort}${PATH}`, token);
  const b = await measure('(b) bare @fastify/http-proxy', `http://127.0.0.1:${barePort}${PATH}`, token);
  const b2 = await measure("(b') bare reply-from", `http://127.0.0.1:${replyFromPort}${PATH}`, token);
  const c = await measure('(c) gateway (JWT+IP+RBAC)', `http://127.0.0.1:${gatewayPort}${PATH}`, token);
  console.log(`ratio c/a = ${(c / a).toFixed(2)}   ratio c/b = ${(c / b).toFixed(2)} (target ≥ 0.90)   ratio c/b' = ${(c / b2).toFixed(2)}`);
} finally {
  await stopAll();
  await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await admin.end();
}
