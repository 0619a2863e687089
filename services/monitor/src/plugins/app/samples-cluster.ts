import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerSample } from '@app/contracts';
import { outageLog } from '@app/service-kit';

// Redis layout (under REDIS_KEY_PREFIX):
//   monitor:nodes              hash  node name → {"lastSeen": ms, "intervalMs": n}
//   monitor:samples:<node>     list  the node's samples as JSON, newest first, capped at its history, expiring
//                                    `historyMs` after the last publish (an agent that stopped leaves nothing behind)
const NODES_KEY = 'monitor:nodes';
const samplesKey = (node: string) => `monitor:samples:${node}`;

export interface PublishedNode {
  name: string;
  lastSeen: number;
  intervalMs: number;
  sample: ServerSample;
}

/** A Redis client for samples: fails at once while Redis is down (no offline queue) instead of queueing. */
export function samplesRedis(url: string, keyPrefix: string, log?: FastifyBaseLogger, name = 'monitor-samples'): Redis {
  const client = new Redis(url, {
    keyPrefix: keyPrefix || undefined,
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1500,
    // Keep trying, at most every 2 s: Redis coming back is noticed within a sample or two.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  const outage = log && outageLog(log, 'redis');
  client.on('error', (err) => outage?.down(err));
  client.on('ready', () => outage?.up());
  return client;
}

/** Nodes' samples in Redis: what agents publish and the monitor reads. */
export function clusterSamples(redis: Redis, opts: { historyMs: number }) {
  return {
    /** One sample of `node` (the agent, every interval). Rejects while Redis is down. */
    async publish(node: string, sample: ServerSample, intervalMs: number): Promise<void> {
      const key = samplesKey(node);
      const keep = Math.ceil(opts.historyMs / intervalMs) + 1;
      await redis
        .multi()
        .hset(NODES_KEY, node, JSON.stringify({ lastSeen: Date.parse(sample.timestamp), intervalMs }))
        .lpush(key, JSON.stringify(sample))
        .ltrim(key, 0, keep - 1)
        .pexpire(key, opts.historyMs)
        .exec();
    },

    /**
     * Every node that published within the history window, with its latest sample. A node whose samples
     * have expired is forgotten (removed from the hash too).
     */
    async nodes(): Promise<PublishedNode[]> {
      const entries = Object.entries(await redis.hgetall(NODES_KEY));
      if (entries.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const [name] of entries) pipeline.lindex(samplesKey(name), 0);
      const latest = (await pipeline.exec()) ?? [];
      const out: PublishedNode[] = [];
      const gone: string[] = [];
      entries.forEach(([name, meta], i) => {
        const [err, raw] = latest[i] ?? [null, null];
        if (err) throw err;
        if (typeof raw !== 'string') {
          gone.push(name);
          return;
        }
        try {
          const { lastSeen, intervalMs } = JSON.parse(meta) as { lastSeen: number; intervalMs: number };
          out.push({ name, lastSeen, intervalMs, sample: JSON.parse(raw) as ServerSample });
        } catch {
          gone.push(name);
        }
      });
      if (gone.length > 0) await redis.hdel(NODES_KEY, ...gone);
      return out;
    },

    /** `node`'s samples, oldest first. Rejects while Redis is down. */
    async history(node: string): Promise<ServerSample[]> {
      const raw = await redis.lrange(samplesKey(node), 0, -1);
      return raw.reverse().map((r) => JSON.parse(r) as ServerSample);
    },
  };
}
export type ClusterSamples = ReturnType<typeof clusterSamples>;
