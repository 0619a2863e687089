import { NODE_KINDS, type DashboardNodes } from '@app/contracts';
import type { BoardItem, Probe } from './health-probes.js';

export interface HealthRound extends Omit<DashboardNodes, 'items'> {
  items: BoardItem[];
}

/** Runs `probe`, but answers by `timeoutMs` whatever it does: then with its `failed` items. */
async function bounded(probe: Probe, timeoutMs: number): Promise<BoardItem[]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const cutOff = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([probe.run(), cutOff]);
  } catch (err) {
    const elapsed = Math.round(performance.now() - started);
    // Out of time, whichever timer fired first (ours, or the client's own a little later on a busy loop).
    return probe.failed(elapsed >= timeoutMs ? `no answer within ${timeoutMs} ms` : describe(err), elapsed);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A probe's failure in a line: the deepest cause's message, which names what went wrong at the socket
 * (`connect ECONNREFUSED 10.0.0.5:3002`) where the wrapping errors only say a call failed.
 */
function describe(err: unknown): string {
  let e = err as { message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e?.cause && typeof e.cause === 'object' && depth < 5; depth++) e = e.cause as typeof e;
  return typeof e?.message === 'string' && e.message ? e.message : String(err);
}

const KIND_ORDER = new Map(NODE_KINDS.map((k, i) => [k, i]));

/**
 * The health view: every probe at once, each cut off at `timeoutMs`, so a round takes at most about that long
 * however many components hang. A round is shared by every request while it runs and for `intervalMs` after
 * it started: the dashboard's polling (one request per viewer every interval) costs one round per interval.
 */
export function healthBoard(probes: Probe[], opts: { intervalMs: number; timeoutMs: number }) {
  let last: { startedAt: number; round: Promise<HealthRound> } | null = null;

  async function round(startedAt: number): Promise<HealthRound> {
    const results = await Promise.all(probes.map((probe) => bounded(probe, opts.timeoutMs)));
    // Services, then PostgreSQL, Redis, the vector store, ComfyUI instances; within a kind, probe order.
    const items = results.flat().sort((a, b) => KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!);
    return { checkedAt: new Date(startedAt).toISOString(), intervalMs: opts.intervalMs, items };
  }

  return {
    /** The latest round, or a new one when it is older than the interval. Never rejects. */
    current(): Promise<HealthRound> {
      const now = Date.now();
      if (!last || now - last.startedAt >= opts.intervalMs) last = { startedAt: now, round: round(now) };
      return last.round;
    },
  };
}
export type HealthBoard = ReturnType<typeof healthBoard>;
