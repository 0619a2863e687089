import type { ServiceName } from '@app/contracts';
import type { Config } from '../../config.js';

/** The base URL of each backend service the gateway proxies to. */
export type Upstreams = Partial<Record<ServiceName, string>>;

export function upstreamsOf(config: Config): Upstreams {
  return {
    auth: config.AUTH_URL,
    projects: config.PROJECTS_URL,
    'comfy-orchestrator': config.COMFY_ORCHESTRATOR_URL,
    stats: config.STATS_URL,
    monitor: config.MONITOR_URL,
    vectors: config.VECTORS_URL,
  };
}
