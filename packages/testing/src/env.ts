import { testKeys } from './keys.js';
import { testRedisUrl, uniqueKeyPrefix } from './redis.js';

export const TEST_INTERNAL_TOKEN = 'internal-token-for-tests-0123456789';
/** A port nothing listens on: a peer service a test does not start. */
export const CLOSED_URL = 'http://127.0.0.1:9';

/**
 * The environment every service needs in a test: the given database, a Redis namespace of its own, the test
 * key pair, the internal token, quiet logs; peers' URLs point nowhere until the test starts them.
 */
export function testServiceEnv(databaseUrl: string, label: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: uniqueKeyPrefix(label),
    JWT_PUBLIC_KEY: testKeys().publicKey,
    JWT_PRIVATE_KEY: testKeys().privateKey,
    INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
    LOG_LEVEL: 'silent',
    // Days are UTC days unless a test picks a zone: not the host's, so the expected days hold on any machine.
    PLATFORM_TIMEZONE: 'UTC',
    AUTH_URL: CLOSED_URL,
    PROJECTS_URL: CLOSED_URL,
    COMFY_ORCHESTRATOR_URL: CLOSED_URL,
    STATS_URL: CLOSED_URL,
    MONITOR_URL: CLOSED_URL,
    VECTORS_URL: CLOSED_URL,
    // Where open_comfy's urls point (the gateway's ComfyUI origin); the platform harness sets the real one.
    COMFY_PUBLIC_URL: CLOSED_URL,
  };
}
