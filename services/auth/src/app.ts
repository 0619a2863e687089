import { createPlatformService } from '@app/service-kit';
import { dbPlugin } from '@app/db/plugin';
import { checkConfig, type Config } from './config.js';
import type { CaptchaGenerator } from './plugins/app/captcha.js';
import { auditWorker } from './plugins/app/audit-worker.js';
import { authDomain } from './plugins/app/domain.js';
import { roleRepository } from './plugins/app/role-repository.js';
import authRoutes from './routes/auth/index.js';
import internalRoutes from './routes/internal/index.js';
import profileRoutes from './routes/profile/index.js';
import settingsRoutes from './routes/settings/index.js';
import artDesignProLists from './routes/art-design-pro-lists.js';
import internalIpRules from './routes/internal/ip-rules.js';
import artDesignProRoutes from './routes/user/index.js';

export interface BuildOptions {
  logger?: boolean | object;
  /** Which captcha images to draw; svg-captcha unless a caller (the browser test) needs to read them. */
  captchaGenerator?: CaptchaGenerator;
}

export async function buildApp(config: Config, opts: BuildOptions = {}) {
  checkConfig(config);
  // Auth owns the roles table, so it resolves permissions from its database instead of over HTTP.
  let roles: ReturnType<typeof roleRepository> | undefined;
  const app = await createPlatformService({
    service: 'auth',
    config,
    logger: opts.logger,
    loadRole: (roleKey) => roles!.permissionsOf(roleKey),
  });
  await app.register(dbPlugin, { url: config.DATABASE_URL });
  roles = roleRepository(app.db);
  await app.register(authDomain, { config, captchaGenerator: opts.captchaGenerator });
  await app.register(auditWorker, { redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
  await app.register(internalRoutes, { prefix: '/internal', internalToken: config.INTERNAL_TOKEN, roles, zone: config.PLATFORM_TIMEZONE });
  await app.register(authRoutes);
  await app.register(artDesignProRoutes);
  await app.register(profileRoutes);
  await app.register(settingsRoutes);
  await app.register(artDesignProLists);
  await app.register(internalIpRules, { prefix: '/internal' });
  return app;
}
