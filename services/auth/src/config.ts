import { Type, type Static } from 'typebox';
import { DatabaseConfig, PemString, platformConfig } from '@app/service-kit';

export const ConfigSchema = Type.Object({
  ...platformConfig('auth'),
  ...DatabaseConfig,
  JWT_PRIVATE_KEY: PemString('PEM private key (RSA or Ed25519) that signs access tokens'),
  ACCESS_TOKEN_TTL_SEC: Type.Integer({ default: 900, minimum: 60 }),
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
