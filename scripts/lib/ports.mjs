// Mirrors SERVICE_PORTS of packages/contracts (plain JS: the start script runs before dependencies exist).
// packages/contracts/test checks the two stay equal.
export const SERVICE_PORTS = {
  gateway: 8080,
  auth: 3001,
  projects: 3002,
  'comfy-orchestrator': 3003,
  stats: 3004,
  monitor: 3005,
  vectors: 3006,
};

/** The gateway's other listeners: the ComfyUI origin (COMFY_PUBLIC_URL) and the internal port (probes, metrics). */
export const GATEWAY_PORTS = { comfy: 8081, internal: 9080 };
