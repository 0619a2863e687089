import { Type } from 'typebox';
import { BaseConfig, UrlString } from '@app/service-kit/config';

/**
 * The server monitor's sampling (GET /api/server/stats, /api/dashboard/resources), read by the monitor and by
 * its per-node agent (`src/agent.ts`). MONITOR_INTERVAL_MS, the sampling interval, is in each one's schema.
 */
export const SamplesConfig = {
  MONITOR_NODE_NAME: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: "this node's name in the monitor (unset: the host name); in Kubernetes the node's name (spec.nodeName)" })),
  MONITOR_HISTORY_MS: Type.Integer({ default: 900_000, minimum: 1000, description: 'how much history each node keeps (the ring in memory, the list in Redis): 15 minutes' }),
  MONITOR_DISK_INTERVAL_MS: Type.Integer({ default: 30_000, minimum: 100, description: 'disks are read this often (systeminformation spawns df), not every sample' }),
  MONITOR_HOST_ROOT: Type.Optional(Type.String({ pattern: '^/', description: "where the node's / is mounted when sampling a node from a container (the monitor-agent DaemonSet: /host): only filesystems under it are its disks, shown at their place on the node" })),
  MONITOR_REDIS_URL: Type.Optional(UrlString(['redis', 'rediss'], 'the Redis the agents publish their samples to (unset: REDIS_URL)')),
};

/** `?history=` accepts windows up to this. */
export const MAX_HISTORY_WINDOW_MS = 15 * 60_000;

/** What the per-node agent (`src/agent.ts`, k8s DaemonSet monitor-agent) reads: no HTTP, no database, no keys. */
export const AgentConfigSchema = Type.Object({
  LOG_LEVEL: BaseConfig.LOG_LEVEL,
  SHUTDOWN_GRACE_MS: BaseConfig.SHUTDOWN_GRACE_MS,
  REDIS_URL: UrlString(['redis', 'rediss'], 'redis://host:port'),
  REDIS_KEY_PREFIX: Type.String({ default: '' }),
  MONITOR_INTERVAL_MS: Type.Integer({ default: 2000, minimum: 100, description: 'how often the agent samples and publishes; 3 missed intervals and the monitor shows the node down' }),
  ...SamplesConfig,
});
