import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { InstanceHealth, NodeHealth, NodeKind } from '@app/contracts';
import type { PrismaClient } from '@app/db';
import type { ServiceClient } from '@app/service-kit';

/** A health item as the board keeps it: `ownerId` marks a user's own ComfyUI instance (never serialised). */
export type BoardItem = NodeHealth & { ownerId?: number };

/**
 * One thing the health view asks. `run` answers its items (one, or several: the vectors service also
 * reports its vector store, the orchestrator its instances); when it throws or is cut off at the round's
 * timeout, `failed` says what to show instead.
 */
export interface Probe {
  run(): Promise<BoardItem[]>;
  failed(detail: string, latencyMs: number): BoardItem[];
}

const item = (name: string, kind: NodeKind, node: string | null, status: NodeHealth['status'], latencyMs: number | null, detail: string | null): BoardItem => ({
  name,
  kind,
  status,
  latencyMs,
  detail,
  node,
});

/** `host:port` of a URL, what the view shows as where a component answers. */
export function nodeOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

const timer = () => {
  const started = performance.now();
  return () => Math.round(performance.now() - started);
};

interface ReadyCheck {
  ok?: boolean;
  latencyMs?: number;
  error?: string;
}
/** What service-kit's `/readyz` answers in its envelope's `data`. */
interface ReadyData {
  status?: string;
  checks?: Record<string, ReadyCheck>;
}

/** The failing checks of a `/readyz` answer, as one line: `postgres: timed out after 2000 ms; redis: …`. */
const failing = (checks: Record<string, ReadyCheck>) =>
  Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([name, c]) => `${name}: ${c.error ?? 'not ready'}`)
    .join('; ');

/**
 * A platform service by its `/readyz` (service-kit's health plugin): ready → up; answering but not ready →
 * degraded, naming the checks that fail; no answer → down. `store` also reports one of its readiness checks
 * as a component of its own (the vectors service's `vector-store`). `client` is the service's, at `baseUrl`.
 */
export function serviceProbe(name: string, client: ServiceClient, baseUrl: string, timeoutMs: number, store?: { check: string; name: string; kind: NodeKind }): Probe {
  const node = nodeOf(baseUrl);
  return {
    async run() {
      const elapsed = timer();
      // The round cuts the probe off at timeoutMs; undici's own timeouts only free the socket later. They run on
      // its coarse timers (ticks of about half a second, measured from a clock that may lag as much), so they may
      // fire up to a second early: a second of margin lets the round's own cut-off always speak first.
      const res = await client.call<ReadyData | undefined>('/readyz', { timeoutMs: timeoutMs + 1000 });
      const latencyMs = elapsed();
      const data = res.body?.data;
      const checks = data?.checks ?? {};
      const items: BoardItem[] = [];
      if (res.status === 200 && data?.status === 'ready') items.push(item(name, 'service', node, 'up', latencyMs, null));
      else if (res.status === 503 && data?.status === 'not_ready') items.push(item(name, 'service', node, 'degraded', latencyMs, `not ready: ${failing(checks)}`));
      else items.push(item(name, 'service', node, 'degraded', latencyMs, `/readyz answered ${res.status}`));
      if (store) {
        const check = checks[store.check];
        if (!check) items.push(item(store.name, store.kind, node, 'down', null, `${name} does not report it`));
        else items.push(item(store.name, store.kind, node, check.ok ? 'up' : 'down', check.latencyMs ?? null, check.ok ? `reported by ${name}` : `${check.error ?? 'not ready'} (reported by ${name})`));
      }
      return items;
    },
    failed(detail, latencyMs) {
      const items = [item(name, 'service', node, 'down', latencyMs, detail)];
      if (store) items.push(item(store.name, store.kind, node, 'down', null, `unknown: ${name} is down`));
      return items;
    },
  };
}

/** This service itself: it answers (it is serving this request), so it is up, or degraded while not ready. */
export function selfProbe(app: FastifyInstance, name: string, node: string | null): Probe {
  return {
    async run() {
      const elapsed = timer();
      const report = await app.readiness.report();
      return [item(name, 'service', node, report.status === 'ready' ? 'up' : 'degraded', elapsed(), report.status === 'ready' ? null : `not ready: ${failing(report.checks)}`)];
    },
    failed: (detail, latencyMs) => [item(name, 'service', node, 'degraded', latencyMs, `readiness checks: ${detail}`)],
  };
}

/** PostgreSQL through the service's own Prisma client; its version as the detail. */
export function postgresProbe(db: PrismaClient, url: string): Probe {
  const node = nodeOf(url);
  return {
    async run() {
      const elapsed = timer();
      const [row] = await db.$queryRaw<{ version: string }[]>`SELECT current_setting('server_version') AS version`;
      return [item('postgres', 'postgres', node, 'up', elapsed(), `PostgreSQL ${row.version}`)];
    },
    failed: (detail, latencyMs) => [item('postgres', 'postgres', node, 'down', latencyMs, detail)],
  };
}

/** Redis by PING over a connection of its own (the service's busy one would queue the probe behind its work). */
export function redisProbe(redis: Redis, url: string): Probe {
  const node = nodeOf(url);
  return {
    async run() {
      const elapsed = timer();
      await redis.ping();
      const latencyMs = elapsed();
      const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1];
      return [item('redis', 'redis', node, 'up', latencyMs, version ? `Redis ${version}` : null)];
    },
    failed: (detail, latencyMs) => [item('redis', 'redis', node, 'down', latencyMs, detail)],
  };
}

type Instance = InstanceHealth['instances'][number];

/** An instance as the orchestrator sees it and as its probe of this round found it. */
function instanceItem(host: string, i: Instance): BoardItem {
  const node = i.port === null ? host : `${host}:${i.port}`;
  const what = `project ${i.projectId}${i.gpu ? `, GPU ${i.gpu}` : ''}`;
  const latencyMs = i.probe?.latencyMs ?? null;
  const answered = i.probe?.ok === true;
  let status: NodeHealth['status'];
  let detail: string;
  if (i.status === 'running') [status, detail] = answered ? ['up', what] : ['down', `${what}: ${i.probe?.error ?? 'no port'}`];
  else if (i.status === 'crashed') [status, detail] = ['down', `${what}: crashed${i.lastError ? ` (${i.lastError})` : ''}`];
  else [status, detail] = ['degraded', `${what}: ${i.status}`];
  return { ...item(`comfyui:${i.serviceId}`, 'comfyui', node, status, latencyMs, detail), ownerId: i.userId };
}

/**
 * The ComfyUI instances, which listen on the orchestrator's host only: it probes them (`/internal/instances/health`)
 * within part of the round's time, leaving the rest for the call itself. Without the orchestrator nobody can
 * reach them (its proxy is their only way in), so they show as one `down` item.
 */
export function comfyProbe(orchestrator: ServiceClient, timeoutMs: number): Probe {
  const instanceTimeoutMs = Math.max(50, Math.floor((timeoutMs * 2) / 3));
  return {
    async run() {
      const res = await orchestrator.call<InstanceHealth>(`/internal/instances/health?timeoutMs=${instanceTimeoutMs}`, { timeoutMs: timeoutMs + 1000 }); // the round cuts it off first (see serviceProbe)
      if (res.status !== 200) throw new Error(`comfy-orchestrator answered ${res.status}`);
      const { host, instances } = res.body.data;
      return instances.map((i) => instanceItem(host, i));
    },
    failed: (detail) => [item('comfyui', 'comfyui', null, 'down', null, `instances unknown: ${detail}`)],
  };
}
