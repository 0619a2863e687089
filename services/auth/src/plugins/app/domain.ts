import type { FastifyInstance } from 'fastify';
import { createTokenSigner, revocationWriter } from '@app/service-kit';
import type { Config } from '../../config.js';
import { captchaRepository } from './captcha-repository.js';
import { captchaService, svgCaptchaGenerator, type CaptchaGenerator } from './captcha.js';
import { ipRuleRepository } from './ip-rule-repository.js';
import { menuRepository } from './menu-repository.js';
import { buildTree } from './menu-tree.js';
import { refreshTokenRepository } from './refresh-token-repository.js';
import { roleRepository } from './role-repository.js';
import { menuAdmin } from './settings/menu-admin.js';
import { roleAdmin } from './settings/role-admin.js';
import { settingsEvents } from './settings/settings-events.js';
import { systemLogRepository } from './system-log-repository.js';
import { tokenService } from './tokens.js';
import { userRepository } from './user-repository.js';

export interface DomainOptions {
  captchaGenerator?: CaptchaGenerator;
}

/**
 * The auth service's repositories (one per table) and the services over them, built once over its Prisma
 * client and Redis; app.ts hands each route plugin the ones it uses.
 */
export function authDomain(app: FastifyInstance, config: Config, opts: DomainOptions = {}) {
  const users = userRepository(app.db);
  const roles = roleRepository(app.db);
  const menus = menuRepository(app.db);
  const logs = systemLogRepository(app.db);
  const revocation = revocationWriter(app.redis, {
    keyPrefix: config.REDIS_KEY_PREFIX,
    accessTtlSec: config.ACCESS_TOKEN_TTL_SEC,
    markerTtlSec: config.REVOCATION_TTL_SEC,
  });
  const sign = createTokenSigner({
    privateKey: config.JWT_PRIVATE_KEY,
    ttlSec: config.ACCESS_TOKEN_TTL_SEC,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  return {
    users,
    roles,
    menus,
    logs,
    ipRules: ipRuleRepository(app.db),
    /** Every menu that is not deleted, hidden ones included, as a sorted tree (visibility is filtered per user afterwards). */
    menuTree: async () => buildTree(await menus.all()),
    captcha: captchaService(captchaRepository(app.db), opts.captchaGenerator ?? svgCaptchaGenerator),
    tokens: tokenService({
      refreshTokens: refreshTokenRepository(app.db),
      users,
      sign: (claims) => sign(claims),
      revocation,
      accessTtlSec: config.ACCESS_TOKEN_TTL_SEC,
      refreshTtlSec: config.REFRESH_TOKEN_TTL_SEC,
      onReuse: async (userId, familyId) => {
        await logs.write({ type: 'security', action: 'REFRESH_TOKEN_REUSE', userId, detail: { familyId } });
      },
    }),
    roleAdmin: roleAdmin({ roles, users }),
    menuAdmin: menuAdmin({ menus, roles }),
    events: settingsEvents({ users, logs, redis: app.redis, keyPrefix: config.REDIS_KEY_PREFIX, log: app.log }),
  };
}
export type AuthDomain = ReturnType<typeof authDomain>;
