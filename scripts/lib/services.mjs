// The platform's processes and the environment each one gets on a one-machine start.
import { SERVICE_PORTS } from './ports.mjs';

export const SERVICES = ['auth', 'projects', 'comfy-orchestrator', 'stats', 'monitor', 'vectors', 'gateway'];

const envName = (service) => service.toUpperCase().replace(/-/g, '_');

/** Port of each service: `<NAME>_PORT` (e.g. GATEWAY_PORT, COMFY_ORCHESTRATOR_PORT) or the default. */
export function servicePorts(env = process.env) {
  return Object.fromEntries(SERVICES.map((s) => [s, Number(env[`${envName(s)}_PORT`] ?? SERVICE_PORTS[s])]));
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
    ...(service === 'comfy-orchestrator' ? { COMFY_DATA_DIR: process.env.COMFY_DATA_DIR ?? `${dataDir}/comfy` } : {}),
    ...(service === 'stats' ? { EXPORT_DIR: process.env.EXPORT_DIR ?? `${dataDir}/exports` } : {}),
  };
}
