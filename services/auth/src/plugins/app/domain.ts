import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createTokenSigner, revocationWriter, type RevocationWriter } from '@app/service-kit';
import type { Config } from '../../config.js';
import { captchaService, svgCaptchaGenerator, type CaptchaGenerator } from './captcha.js';
import { buildTree, type MenuNode } from './menu-tree.js';
import { roleRepository } from './role-repository.js';
import { systemLogs, type SystemLogs } from './system-logs.js';
import { tokenService, type TokenService } from './tokens.js';
import { userRepository, type UserRepository } from './users.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    tokens: TokenService;
    captcha: ReturnType<typeof captchaService>;
    systemLogs: SystemLogs;
    users: UserRepository;
    roles: ReturnType<typeof roleRepository>;
    revocation: RevocationWriter;
    /** Every menu that is not deleted, as a sorted tree (visibility is filtered per user afterwards). */
    menuTree: () => Promise<MenuNode[]>;
  }
}

export interface DomainOptions {
  config: Config;
  captchaGenerator?: CaptchaGenerator;
}

/** The auth service's domain objects, built once over its Prisma client and Redis. */
export const authDomain = fp(
  async (app: FastifyInstance, opts: DomainOptions) => {
    const { config } = opts;
    const revocation = revocationWriter(app.redis, {
      keyPrefix: config.REDIS_KEY_PREFIX,
      accessTtlSec: config.ACCESS_TOKEN_TTL_SEC,
      markerTtlSec: config.REVOCATION_TTL_SEC,
    });
    const logs = systemLogs(app.db);
    const sign = createTokenSigner({
      privateKey: config.JWT_PRIVATE_KEY,
      ttlSec: config.ACCESS_TOKEN_TTL_SEC,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    });
    app.decorate('config', config);
    app.decorate('revocation', revocation);
    app.decorate('systemLogs', logs);
    app.decorate('users', userRepository(app.db));
    app.decorate('roles', roleRepository(app.db));
    app.decorate('menuTree', async () => buildTree(await app.db.menu.findMany({ where: { isDeleted: false } })));
    app.decorate('captcha', captchaService(app.db, opts.captchaGenerator ?? svgCaptchaGenerator));
    app.decorate(
      'tokens',
      tokenService({
        db: app.db,
        sign: (claims) => sign(claims),
        revocation,
        accessTtlSec: config.ACCESS_TOKEN_TTL_SEC,
        refreshTtlSec: config.REFRESH_TOKEN_TTL_SEC,
        onReuse: async (userId, familyId) => {
          await logs.write({ type: 'security', action: 'REFRESH_TOKEN_REUSE', userId, detail: { familyId } });
        },
      }),
    );
  },
  { name: 'auth-domain', dependencies: ['db', 'service-kit-redis'] },
);
