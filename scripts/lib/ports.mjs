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
