import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { BACKEND_SERVICES } from '@app/contracts';
import { closeRedis, createRedis, createServiceClient, type ServiceClient } from '@app/service-kit';
import type { Config } from '../../config.js';
import { comfyProbe, postgresProbe, redisProbe, selfProbe, serviceProbe, type Probe } from './health-probes.js';

/** Each backend's URL in the monitor's settings (the monitor itself answers in-process). */
const urlOf = (config: Config, service: (typeof BACKEND_SERVICES)[number]): string | undefined =>
  ({ auth: config.AUTH_URL, projects: config.PROJECTS_URL, 'comfy-orchestrator': config.COMFY_ORCHESTRATOR_URL, stats: config.STATS_URL, vectors: config.VECTORS_URL, monitor: undefined })[service];

/**
 * What the health view probes: every backend's `/readyz` (the vectors service's also stands for the vector
 * store, which lives behind it), the gateway's when its internal listener is known, PostgreSQL (the monitor's
 * own client), Redis (`redisUrl`, REDIS_URL unless a caller watches another) and the ComfyUI instances (through
 * the orchestrator). Opens the connections it needs and closes them with `app`; needs `app.db`.
 */
export function platformProbes(app: FastifyInstance, config: Config, redisUrl = config.REDIS_URL): Probe[] {
  const timeoutMs = config.HEALTH_PROBE_TIMEOUT_MS;
  const clients: ServiceClient[] = [];
  const client = (url: string, name: string) => {
    const c = createServiceClient(url, { internalToken: config.INTERNAL_TOKEN, name });
    clients.push(c);
    return c;
  };
  const probes: Probe[] = [];
  for (const service of BACKEND_SERVICES) {
    const url = urlOf(config, service);
    // Where the monitor runs: the node name its samples carry too.
    if (service === 'monitor') probes.push(selfProbe(app, service, config.MONITOR_NODE_NAME ?? hostname()));
    else if (url) probes.push(serviceProbe(service, client(url, service), url, timeoutMs, service === 'vectors' ? { check: 'vector-store', name: 'vector-store', kind: 'vector-store' } : undefined));
  }
  if (config.GATEWAY_INTERNAL_URL) probes.push(serviceProbe('gateway', client(config.GATEWAY_INTERNAL_URL, 'gateway'), config.GATEWAY_INTERNAL_URL, timeoutMs));
  probes.push(postgresProbe(app.db, config.DATABASE_URL));
  const redis = createRedis(redisUrl, { name: 'monitor-health', log: app.log });
  probes.push(redisProbe(redis, redisUrl));
  probes.push(comfyProbe(client(config.COMFY_ORCHESTRATOR_URL, 'comfy-orchestrator'), timeoutMs));
  app.addHook('onClose', async () => {
    await Promise.all([closeRedis(redis), ...clients.map((c) => c.close())]);
  });
  return probes;
}
