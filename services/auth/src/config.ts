import { Type, type Static } from 'typebox';
import { CalendarConfig, ConfigError, DatabaseConfig, PemString, platformConfig } from '@app/service-kit';

export const ConfigSchema = Type.Object({
  ...platformConfig('auth'),
  ...DatabaseConfig,
  ...CalendarConfig,
  JWT_PRIVATE_KEY: PemString('PEM private key (RSA or Ed25519) that signs access tokens'),
  // The trade-off: the gateway and every service check the revocation markers on each request, so a logout, a
  // disable or a password change ends a token at once whatever its lifetime (its marker is kept at least that
  // long: checkConfig). What a longer lifetime does extend: a token that leaked unnoticed (so nobody revoked
  // it), and any verifier that does not check the markers (one outside the platform holding the public key),
  // work until it expires. Clients that never refresh (art-design-pro) sign their users out at expiry: a
  // working day (28800) suits them; one day is the ceiling.
  ACCESS_TOKEN_TTL_SEC: Type.Integer({ default: 900, minimum: 60, maximum: 86_400, description: 'access-token lifetime in seconds, 60 to 86400' }),
  REFRESH_TOKEN_TTL_SEC: Type.Integer({ default: 1_209_600, minimum: 300 }),
  REVOCATION_TTL_SEC: Type.Integer({
    default: 86_400,
    minimum: 60,
    description: 'how long a logout, refresh-reuse or disable marker is kept: at least ACCESS_TOKEN_TTL_SEC and COMFY_SESSION_TTL_SEC (browser sessions of ComfyUI end with their login)',
  }),
  AUTH_CAPTCHA: Type.Union([Type.Literal('required'), Type.Literal('off')], { default: 'required' }),
  AUTH_REGISTRATION: Type.Union([Type.Literal('open'), Type.Literal('closed')], { default: 'open' }),
});
export type Config = Static<typeof ConfigSchema>;

/**
 * Rules between settings that a schema cannot state, every problem listed at once as `loadConfig` does. A
 * revocation marker that expired before the tokens it names would let them work again.
 */
export function checkConfig(config: Config): Config {
  const problems: string[] = [];
  if (config.REVOCATION_TTL_SEC < config.ACCESS_TOKEN_TTL_SEC) {
    problems.push(`REVOCATION_TTL_SEC (${config.REVOCATION_TTL_SEC}) must be at least ACCESS_TOKEN_TTL_SEC (${config.ACCESS_TOKEN_TTL_SEC}): a logout or disable marker must outlive the tokens it revokes`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
