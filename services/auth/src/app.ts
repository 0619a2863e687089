import { createPlatformService } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import { checkConfig, type Config } from './config.js';
import type { CaptchaGenerator } from './plugins/app/captcha.js';
import { auditWorker } from './plugins/app/audit-worker.js';
import { authDomain, type AuthDomain } from './plugins/app/domain.js';
import artDesignProListRoutes from './routes/art-design-pro/index.js';
import authRoutes from './routes/auth/index.js';
import internalRoutes from './routes/internal/index.js';
import profileRoutes from './routes/profile/index.js';
import settingsIpRoutes from './routes/settings/ips.js';
import settingsLogRoutes from './routes/settings/logs.js';
import settingsMenuRoutes from './routes/settings/menus.js';
import settingsRoleRoutes from './routes/settings/roles.js';
import settingsUserRoutes from './routes/settings/users.js';
import userRoutes from './routes/user/index.js';

export interface BuildOptions {
  logger?: boolean | object;
  /** Which captcha images to draw; svg-captcha unless a caller (the browser test) needs to read them. */
  captchaGenerator?: CaptchaGenerator;
}

export async function buildApp(config: Config, opts: BuildOptions = {}) {
  checkConfig(config);
  // Auth owns the roles table, so it resolves permissions from its database instead of over HTTP.
  let domain: AuthDomain | undefined;
  const app = await createPlatformService({
    service: 'auth',
    config,
    logger: opts.logger,
    loadRole: (roleKey) => domain!.roles.permissionsOf(roleKey),
  });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  domain = authDomain(app, config, { captchaGenerator: opts.captchaGenerator });
  const zone = config.PLATFORM_TIMEZONE;
  await app.register(auditWorker, { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, users: domain.users, logs: domain.logs });
  await app.register(internalRoutes, { ...domain, prefix: '/internal', internalToken: config.INTERNAL_TOKEN, zone });
  await app.register(authRoutes, { ...domain, config });
  await app.register(userRoutes, domain);
  await app.register(profileRoutes, domain);
  await app.register(artDesignProListRoutes, { ...domain, zone });
  // /api/settings/* (api.md "System settings"). Each route's permission is attached by the service kit's guard
  // from @app/contracts ROUTES, the same table the gateway enforces.
  await app.register(settingsMenuRoutes, domain);
  await app.register(settingsRoleRoutes, domain);
  await app.register(settingsUserRoutes, domain);
  await app.register(settingsIpRoutes, domain);
  await app.register(settingsLogRoutes, { ...domain, zone });
  return app;
}
