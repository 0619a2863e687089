import type { ServiceName } from './routes.js';

/** Default ports (architecture.md); each overridable by `<NAME>_PORT` / `<NAME>_URL` env. */
export const SERVICE_PORTS: Record<ServiceName, number> = {
  gateway: 8080,
  auth: 3001,
  projects: 3002,
  'comfy-orchestrator': 3003,
  stats: 3004,
  monitor: 3005,
  vectors: 3006,
};

export const BACKEND_SERVICES = ['auth', 'projects', 'comfy-orchestrator', 'stats', 'monitor', 'vectors'] as const satisfies readonly ServiceName[];
