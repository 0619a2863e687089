import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { SERVICE_PORTS, type ServiceName } from '@app/contracts';
import { hostZone, isTimeZone } from './dates.js';
import { JWT_DEFAULTS } from './jwt.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The ajv format of `PLATFORM_TIMEZONE`: an IANA zone name this runtime knows. */
const TIME_ZONE = 'time-zone';

/** Settings every service reads. Secrets never get defaults: a missing one stops the process. */
export const BaseConfig = {
  HOST: Type.String({ default: '0.0.0.0', minLength: 1 }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
  REQUEST_TIMEOUT_MS: Type.Integer({ default: 30_000, minimum: 1 }),
  BODY_LIMIT_BYTES: Type.Integer({ default: 1_048_576, minimum: 1024 }),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 10_000, minimum: 100 }),
  TRUST_PROXY: Type.String({ default: 'false', description: 'false, true, a hop count, or proxy IPs/CIDRs (comma separated)' }),
};

/** TRUST_PROXY → Fastify's trustProxy: whose X-Forwarded-For decides `request.ip`. */
export function trustProxyOf(value: string): boolean | string | ((addr: string, hop: number) => boolean) {
  if (value === 'true' || value === 'false') return value === 'true';
  if (!/^\d+$/.test(value)) return value;
  const hops = Number(value);
  return (_addr, hop) => hop < hops;
}

export const PemString = (description: string) =>
  Type.String({ pattern: '-----BEGIN [A-Z ]+-----', description });
export const UrlString = (protocols: string[], description: string) =>
  Type.String({ pattern: `^(${protocols.join('|')})://`, description });

/**
 * Reads `schema` from the environment: coerces numbers and booleans, applies defaults, accepts `<NAME>_FILE`
 * for any variable (Docker/Kubernetes secrets), and throws a ConfigError naming every variable that is wrong.
 */
export function loadConfig<P extends TProperties>(schema: TObject<P>, env: NodeJS.ProcessEnv = process.env): Static<TObject<P>> {
  const input: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(schema.properties)) {
    const direct = env[key];
    const file = env[`${key}_FILE`];
    if (direct !== undefined && direct !== '') input[key] = direct;
    else if (file) {
      try {
        input[key] = readFileSync(file, 'utf8').trim();
      } catch (err) {
        problems.push(`${key}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code})`);
      }
    }
  }
  const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
  addFormats.default(ajv);
  ajv.addFormat(TIME_ZONE, isTimeZone);
  const validate = ajv.compile(schema);
  if (!validate(input)) {
    for (const e of validate.errors ?? []) {
      const name = e.keyword === 'required' ? String(e.params.missingProperty) : e.instancePath.replace(/^\//, '').split('/')[0];
      const what =
        e.keyword === 'required' ? 'is required'
        : e.keyword === 'pattern' ? `is malformed (${describe(schema, name)})`
        : e.keyword === 'format' && e.params.format === TIME_ZONE ? `is not ${describe(schema, name)}: ${JSON.stringify(input[name])}`
        : e.message;
      problems.push(`${name} ${what}`);
    }
  }
  if (problems.length) throw new ConfigError([...new Set(problems)]);
  return input as Static<TObject<P>>;
}

function describe(schema: TObject, name: string): string {
  const prop = (schema.properties as Record<string, { description?: string }>)[name];
  return prop?.description ?? 'unexpected format';
}

/** Settings shared by every service that serves end users, the gateway included. */
export function platformConfig(service: ServiceName) {
  return {
    ...BaseConfig,
    PORT: Type.Integer({ default: SERVICE_PORTS[service], minimum: 0, maximum: 65535, description: "0 picks a free port" }),
    REDIS_URL: UrlString(['redis', 'rediss'], 'redis://host:port'),
    REDIS_KEY_PREFIX: Type.String({ default: '' }),
    JWT_PUBLIC_KEY: PemString('PEM public key (RSA or Ed25519) of the auth service'),
    // Auth signs with these and every verifier (gateway, services) requires them: set the same values everywhere.
    JWT_ISSUER: Type.String({ default: JWT_DEFAULTS.issuer, minLength: 1, description: 'the iss claim auth writes and every verifier requires' }),
    JWT_AUDIENCE: Type.String({ default: JWT_DEFAULTS.audience, minLength: 1, description: 'the aud claim auth writes and every verifier requires' }),
    INTERNAL_TOKEN: Type.String({ minLength: 16, description: 'shared secret for /internal routes' }),
    AUTH_URL: UrlString(['http', 'https'], 'http://host:port'),
  };
}

/**
 * The platform's calendar (api.md "Days and dates"): read by the services that count or filter by day
 * (rollups, "today", trends, zero-filled series). Every one of them must get the same value.
 */
export const CalendarConfig = {
  PLATFORM_TIMEZONE: Type.String({
    format: TIME_ZONE,
    default: hostZone(),
    description: "an IANA time zone name such as Asia/Shanghai or UTC (unset: the host's zone)",
  }),
};

export const DatabaseConfig = { DATABASE_URL: UrlString(['postgres', 'postgresql'], 'postgres://user@host:port/db') };
