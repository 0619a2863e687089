import type { FastifyBaseLogger } from 'fastify';
import type { MonitorNode, MonitorNodeStatus, ServerSample } from '@app/contracts';
import type { ClusterSamples, PublishedNode } from './samples-cluster.js';
import type { Probe } from './samples-probe.js';

/** The last `capacity` samples, oldest first. */
export class Ring<T> {
  private items: T[] = [];
  constructor(readonly capacity: number) {}
  push(item: T) {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }
  latest(): T | undefined {
    return this.items.at(-1);
  }
  all(): T[] {
    return [...this.items];
  }
}

/** Samples this node's figures every `intervalMs` in the background, keeping `historyMs` of them. */
export function startSampler(probe: Probe, opts: { intervalMs: number; historyMs: number; log: FastifyBaseLogger; onSample?: (s: ServerSample) => void }) {
  const ring = new Ring<ServerSample>(Math.ceil(opts.historyMs / opts.intervalMs) + 1);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let resolveFirst!: () => void;
  const first = new Promise<void>((r) => (resolveFirst = r));
  let tick: Promise<void> = Promise.resolve();

  async function once() {
    const started = Date.now();
    try {
      const sample = await probe.sample();
      ring.push(sample);
      opts.onSample?.(sample);
    } catch (err) {
      opts.log.warn({ err }, 'sampling failed');
    } finally {
      resolveFirst();
    }
    // The next sample is due one interval after this one started, however long this one took.
    if (!stopped) timer = setTimeout(() => (tick = once()), Math.max(0, opts.intervalMs - (Date.now() - started)));
  }
  tick = once();

  return {
    ring,
    /** Resolves once the first sample has been taken, or has failed (right after start). */
    first: () => first,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await tick;
      await probe.close();
    },
  };
}
export type Sampler = ReturnType<typeof startSampler>;

/** Missing this many of its intervals makes a node `down`. */
export const MISSED_INTERVALS = 3;

export interface NodeView {
  node: MonitorNode;
  intervalMs: number;
  sample: ServerSample;
  /** where the sample comes from: the monitor's own sampler, or an agent's publishing to Redis */
  source: 'sampler' | 'agent';
}

export class UnknownNode extends Error {}
export class SamplesUnavailable extends Error {}

/**
 * What the monitor serves: its own node from its sampler (never touching Redis), every other node from the
 * agents' samples in Redis, read once per interval in the background. While Redis is down the other nodes keep
 * their last known samples, and turn `down` as those age; the monitor's own node is answered as ever.
 * When an agent runs on the monitor's own node too (Kubernetes: the DaemonSet, both named after the node), its
 * samples are preferred while it is up: it sees the node's disks and interfaces, the monitor's container only
 * its own. Once it is down, or Redis is, the monitor's own sampler answers again.
 */
export function samplesBoard(opts: { self: string; intervalMs: number; sampler: Sampler; cluster: ClusterSamples | null; log: FastifyBaseLogger }) {
  let others = new Map<string, PublishedNode>();
  let agentOfSelf: PublishedNode | null = null;
  let refreshing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  async function refresh() {
    if (!opts.cluster || refreshing) return;
    refreshing = opts.cluster
      .nodes()
      .then((nodes) => {
        others = new Map(nodes.filter((n) => n.name !== opts.self).map((n) => [n.name, n]));
        agentOfSelf = nodes.find((n) => n.name === opts.self) ?? null;
      })
      .catch((err) => opts.log.debug({ err }, 'agents samples unreadable'))
      .finally(() => {
        refreshing = null;
      });
    await refreshing;
  }
  if (opts.cluster) {
    void refresh();
    const loop = () => {
      timer = setTimeout(() => {
        void refresh().finally(() => {
          if (!closed) loop();
        });
      }, opts.intervalMs);
    };
    loop();
  }

  const statusOf = (lastSeen: number, intervalMs: number, now: number): MonitorNodeStatus => (now - lastSeen > MISSED_INTERVALS * intervalMs ? 'down' : 'up');

  function selfView(): NodeView | null {
    const agent = agentOfSelf;
    if (agent && statusOf(agent.lastSeen, agent.intervalMs, Date.now()) === 'up') {
      return { node: { name: opts.self, status: 'up', lastSeen: new Date(agent.lastSeen).toISOString(), self: true }, intervalMs: agent.intervalMs, sample: agent.sample, source: 'agent' };
    }
    const sample = opts.sampler.ring.latest();
    if (!sample) return null;
    return { node: { name: opts.self, status: 'up', lastSeen: sample.timestamp, self: true }, intervalMs: opts.intervalMs, sample, source: 'sampler' };
  }

  function otherView(n: PublishedNode, now: number): NodeView {
    return { node: { name: n.name, status: statusOf(n.lastSeen, n.intervalMs, now), lastSeen: new Date(n.lastSeen).toISOString(), self: false }, intervalMs: n.intervalMs, sample: n.sample, source: 'agent' };
  }

  return {
    /** Waits for the monitor's own first sampling (only ever waits right after start). */
    ready: () => opts.sampler.first(),

    /** Every node: the monitor's own first, then the others by name. */
    views(): NodeView[] {
      const now = Date.now();
      const own = selfView();
      const rest = [...others.values()].sort((a, b) => a.name.localeCompare(b.name)).map((n) => otherView(n, now));
      return own ? [own, ...rest] : rest;
    },

    /**
     * One node (the monitor's own by default); UnknownNode when no such node published within the history,
     * SamplesUnavailable when the monitor could not sample its own node even once.
     */
    view(name?: string): NodeView {
      if (name === undefined || name === opts.self) {
        const own = selfView();
        if (!own) throw new SamplesUnavailable('no sample of this node yet');
        return own;
      }
      const other = others.get(name);
      if (!other) throw new UnknownNode(name);
      return otherView(other, Date.now());
    },

    /** A node's samples of the `windowMs` up to its latest, oldest first; SamplesUnavailable when Redis cannot be read. */
    async history(view: NodeView, windowMs: number): Promise<ServerSample[]> {
      let samples: ServerSample[];
      if (view.source === 'sampler') samples = opts.sampler.ring.all();
      else {
        try {
          samples = await opts.cluster!.history(view.node.name);
        } catch (err) {
          // The monitor's own node has its own history to fall back on.
          if (!view.node.self) throw new SamplesUnavailable((err as Error).message);
          samples = opts.sampler.ring.all();
        }
      }
      const since = Date.parse(view.sample.timestamp) - windowMs;
      return samples.filter((s) => Date.parse(s.timestamp) > since);
    },

    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await refreshing;
    },
  };
}
export type SamplesBoard = ReturnType<typeof samplesBoard>;
