import type { FastifyBaseLogger } from 'fastify';

/**
 * Outages of what a service depends on (Redis, PostgreSQL): the error that shows one, and a log that says so
 * once, then with backoff (1 s doubling to 60 s, with how many failures it did not repeat), and once more
 * when it is over. Without it an outage writes hundreds of identical lines a second (every BullMQ worker,
 * queue and client reports each reconnect attempt).
 */
export type Dependency = 'redis' | 'postgres';

const REDIS_MESSAGES = [/^Connection is closed\.$/, /^Stream isn't writeable/, /^Reached the max retries per request limit/, /^Command timed out$/];
/** node-postgres's own words for a session the server dropped (it reaches us unwrapped, with no code). */
const PG_MESSAGES = [/^Connection terminated/, /^Client has encountered a connection error and is not queryable/];
const PRISMA_OUTAGE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, starting up). */
const PG_OUTAGE_STATE = /^(08|57P0)/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
/** Prisma driver-adapter error kinds that mean the database cannot be reached. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TlsConnectionError', 'TooManyConnections']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** The error, its causes, and the driver error Prisma keeps in `meta` (where PostgreSQL's SQLSTATE is). */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const pending: unknown[] = [err];
  while (pending.length && out.length < 8) {
    const e = pending.shift();
    if (!e || typeof e !== 'object') continue;
    out.push(e as ErrorLike);
    pending.push((e as ErrorLike).cause, (e as ErrorLike).meta?.driverAdapterError);
  }
  return out;
}

/**
 * Which dependency's outage `err` shows, if any. A bare socket error (ECONNREFUSED…) names no client: it is
 * PostgreSQL's inside a Prisma error, else `socketsAre`'s when the caller knows whose connection it was.
 */
export function outageOf(err: unknown, socketsAre?: Dependency): Dependency | undefined {
  const errors = chain(err);
  const prisma = errors.some((e) => typeof e.name === 'string' && /^(PrismaClient|DriverAdapter)/.test(e.name));
  for (const e of errors) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    const original = typeof e.originalCode === 'string' ? e.originalCode : undefined;
    if (e.name === 'MaxRetriesPerRequestError') return 'redis';
    if (typeof e.message === 'string' && REDIS_MESSAGES.some((re) => re.test(e.message as string)) && !prisma) return 'redis';
    if (e.name === 'PrismaClientInitializationError') return 'postgres';
    if (typeof e.message === 'string' && PG_MESSAGES.some((re) => re.test(e.message as string))) return 'postgres';
    if (code && PRISMA_OUTAGE_CODES.has(code)) return 'postgres';
    if ((code && PG_OUTAGE_STATE.test(code)) || (original && PG_OUTAGE_STATE.test(original))) return 'postgres';
    if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return 'postgres';
    if (code && SOCKET_CODES.has(code)) return prisma ? 'postgres' : socketsAre;
  }
  return undefined;
}

const FIRST_REPEAT_MS = 1000;
const MAX_REPEAT_MS = 60_000;

export interface OutageLog {
  /** A failure that shows the dependency is down. */
  down(err: unknown): void;
  /** The dependency answers again. */
  up(): void;
  /**
   * How to tell the outage is over when nothing else will (a database is only touched by requests): tried
   * while down, 1 s apart growing to 10 s; `up()` once it succeeds. Returns a function that removes it.
   */
  setProbe(probe: () => Promise<unknown>): () => void;
}

const reporters = new WeakMap<object, Map<string, OutageLog>>();

/** The outage log of `dependency` for this logger (one per service process, shared by all its clients). */
export function outageLog(log: FastifyBaseLogger, dependency: Dependency, now: () => number = Date.now): OutageLog {
  let byName = reporters.get(log);
  if (!byName) reporters.set(log, (byName = new Map()));
  let reporter = byName.get(dependency);
  if (!reporter) byName.set(dependency, (reporter = createOutageLog(log, dependency, now)));
  return reporter;
}

/** What the log needs of the error: its name, code and last line (Prisma's messages start with the call site). */
function brief(err: unknown) {
  const e = err as ErrorLike | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return { type: typeof e?.name === 'string' ? e.name : 'Error', code: e?.code, message: message.trim().split('\n').pop()?.slice(0, 300) };
}

function createOutageLog(log: FastifyBaseLogger, dependency: Dependency, now: () => number): OutageLog {
  let since: number | undefined;
  let repeats = 0;
  let interval = FIRST_REPEAT_MS;
  let nextAt = 0;
  let probe: (() => Promise<unknown>) | undefined;
  let probeTimer: NodeJS.Timeout | undefined;
  const scheduleProbe = (delay: number) => {
    if (!probe || probeTimer) return;
    probeTimer = setTimeout(async () => {
      probeTimer = undefined;
      if (since === undefined || !probe) return;
      try {
        await probe();
        reporter.up();
      } catch {
        scheduleProbe(Math.min(delay * 2, 10_000));
      }
    }, delay);
    probeTimer.unref();
  };
  const reporter: OutageLog = {
    setProbe(fn) {
      probe = fn;
      return () => {
        probe = undefined;
        clearTimeout(probeTimer);
        probeTimer = undefined;
      };
    },
    down(err) {
      const t = now();
      if (since === undefined) {
        since = t;
        repeats = 0;
        interval = FIRST_REPEAT_MS;
        nextAt = t + interval;
        log.warn({ dependency, cause: brief(err) }, `${dependency} unavailable: answering 503 for what needs it`);
        scheduleProbe(FIRST_REPEAT_MS);
        return;
      }
      repeats += 1;
      if (t < nextAt) return;
      log.warn({ dependency, cause: brief(err), repeats, downForMs: t - since }, `${dependency} still unavailable`);
      repeats = 0;
      interval = Math.min(interval * 2, MAX_REPEAT_MS);
      nextAt = t + interval;
    },
    up() {
      if (since === undefined) return;
      log.info({ dependency, downForMs: now() - since }, `${dependency} available again`);
      since = undefined;
    },
  };
  return reporter;
}
