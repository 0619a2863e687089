// The platform's processes and the environment each one gets on a one-machine start.
import { GATEWAY_PORTS, SERVICE_PORTS } from './ports.mjs';

export const SERVICES = ['auth', 'projects', 'comfy-orchestrator', 'stats', 'monitor', 'vectors', 'gateway'];

/** The source of a service's HTTP process (npm start runs it, or its build in dist/: scripts/lib/built.mjs). */
export const serviceEntry = (service) => `services/${service}/src/server.ts`;

/** The one-shot database commands npm start runs before the services. */
export const DB_ENTRIES = { migrate: 'packages/db/src/cli/migrate.ts', seed: 'packages/db/src/cli/seed.ts' };

const envName = (service) => service.toUpperCase().replace(/-/g, '_');

/**
 * Port of each service: `<NAME>_PORT` (e.g. GATEWAY_PORT, COMFY_ORCHESTRATOR_PORT) or the default; plus the
 * gateway's two other listeners: the ComfyUI origin (GATEWAY_COMFY_PORT) and its internal port
 * (GATEWAY_INTERNAL_PORT: probes and metrics).
 */
export function servicePorts(env = process.env) {
  return {
    ...Object.fromEntries(SERVICES.map((s) => [s, Number(env[`${envName(s)}_PORT`] ?? SERVICE_PORTS[s])])),
    'gateway-comfy': Number(env.GATEWAY_COMFY_PORT ?? GATEWAY_PORTS.comfy),
    'gateway-internal': Number(env.GATEWAY_INTERNAL_PORT ?? GATEWAY_PORTS.internal),
  };
}

/** Where a service's `/readyz` answers (the gateway's on its internal port). */
export const readyUrl = (service, ports) => `http://127.0.0.1:${ports[service === 'gateway' ? 'gateway-internal' : service]}/readyz`;

/** The address browsers open ComfyUI instances on: the gateway's ComfyUI origin. */
export function comfyPublicUrl(ports, env = process.env) {
  if (env.COMFY_PUBLIC_URL) return env.COMFY_PUBLIC_URL;
  const host = env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : '127.0.0.1';
  return `http://${host}:${ports['gateway-comfy']}`;
}

export function serviceEnv(service, { ports, databaseUrl, redisUrl, secrets, dataDir }) {
  const urls = Object.fromEntries(SERVICES.map((s) => [`${envName(s)}_URL`, `http://127.0.0.1:${ports[s]}`]));
  return {
    ...urls,
    PORT: String(ports[service]),
    HOST: process.env.HOST ?? '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    JWT_PUBLIC_KEY: secrets.jwtPublicKey,
    INTERNAL_TOKEN: secrets.internalToken,
    // Backends sit behind the gateway on this machine: the X-Forwarded-For it sets names the real client.
    ...(service === 'gateway' ? {} : { TRUST_PROXY: process.env.BACKEND_TRUST_PROXY ?? 'loopback' }),
    ...(service === 'auth' ? { JWT_PRIVATE_KEY: secrets.jwtPrivateKey } : {}),
    ...(service === 'vectors' ? { SECRETS_KEY: secrets.secretsKey, VECTOR_DATA_DIR: process.env.VECTOR_DATA_DIR ?? `${dataDir}/vectors` } : {}),
    ...(service === 'comfy-orchestrator' ? { COMFY_DATA_DIR: process.env.COMFY_DATA_DIR ?? `${dataDir}/comfy`, COMFY_PUBLIC_URL: comfyPublicUrl(ports) } : {}),
    ...(service === 'gateway' ? { COMFY_ORIGIN_PORT: String(ports['gateway-comfy']), INTERNAL_PORT: String(ports['gateway-internal']), INTERNAL_HOST: '127.0.0.1' } : {}),
    ...(service === 'stats' ? { EXPORT_DIR: process.env.EXPORT_DIR ?? `${dataDir}/exports` } : {}),
    // The health view also probes the gateway's /readyz, on its internal listener.
    ...(service === 'monitor' ? { GATEWAY_INTERNAL_URL: `http://127.0.0.1:${ports['gateway-internal']}` } : {}),
  };
}
