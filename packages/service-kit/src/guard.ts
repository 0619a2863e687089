import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { ROUTES, hasPermission, type Access } from '@app/contracts';
import { ForbiddenError, MSG, UnauthorizedError } from './errors.js';
import { tokenFromHeader, type AccessClaims, type TokenVerifier } from './jwt.js';
import type { RevocationCheck } from './revocation.js';
import type { RoleResolver } from './roles.js';

/** The authenticated caller, attached to the request by `authenticate`. */
export interface Identity {
  userId: number;
  roleKey: string;
  permissions: string[];
  claims: AccessClaims;
  /** `*` holders see everything; everyone else only what they own (api.md "Roles"). */
  isSuper: boolean;
}

/**
 * An access check. The guard runs it in `onRequest`, before the body is read; it works as a `preHandler`
 * as well (it reads only headers).
 */
export type AccessHook = onRequestAsyncHookHandler;

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
  }
  interface FastifyInstance {
    authenticate: AccessHook;
    requireAccess: (access: Access) => AccessHook;
    requirePermission: (permission: string) => AccessHook;
    /** The same revocation check the guard applies, for credentials other than a bearer token. */
    revocationCheck: RevocationCheck;
  }
}

export interface GuardOptions {
  verifyToken: TokenVerifier;
  roles: RoleResolver;
  revocation: RevocationCheck;
}

/**
 * Defence in depth: every service verifies the end user's token and permission itself, with the same
 * route → permission table the gateway uses.
 */
export const guardPlugin = fp(
  async (app: FastifyInstance, opts: GuardOptions) => {
    app.decorateRequest('identity', null);

    async function identify(request: FastifyRequest): Promise<Identity> {
      const token = tokenFromHeader(request.headers.authorization);
      if (!token) throw new UnauthorizedError(MSG.unauthorized);
      const claims = opts.verifyToken(token);
      if (await opts.revocation.isRevoked(claims)) throw new UnauthorizedError('登录已失效，请重新登录');
      const permissions = await opts.roles.permissionsOf(claims.role);
      const userId = Number(claims.sub);
      if (!Number.isSafeInteger(userId)) throw new UnauthorizedError(MSG.unauthorized);
      return { userId, roleKey: claims.role, permissions, claims, isSuper: permissions.includes('*') };
    }

    const authenticate: AccessHook = async function (request: FastifyRequest, _reply: FastifyReply) {
      request.identity ??= await identify(request);
    };

    const requirePermission = (permission: string): AccessHook =>
      async function (request: FastifyRequest, reply: FastifyReply) {
        await authenticate.call(this, request, reply);
        if (!hasPermission(request.identity!.permissions, permission)) throw new ForbiddenError(MSG.forbidden);
      };

    const noCheck: AccessHook = async () => {};
    const requireAccess = (access: Access): AccessHook => {
      if (access === 'public' || access === 'kb-api-key') return noCheck;
      if (access === 'login') return authenticate;
      return requirePermission(access);
    };

    // Every /api route a service declares gets the access rule the gateway applies to it, from the one
    // table in @app/contracts. A route missing from the table is a wiring bug: refuse to boot.
    // The check runs in onRequest, before the body is parsed or validated: an anonymous caller gets 401
    // whatever it sends, and learns nothing from the route's validation messages. Hooks after it (the
    // route's own preHandlers, onSend, onResponse) see `request.identity`.
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        const rule = ROUTES.find((r) => r.method === method && r.path === route.url);
        if (!rule) throw new Error(`${method} ${route.url} is not in @app/contracts ROUTES`);
        const check = requireAccess(rule.access);
        if (check === noCheck) continue;
        const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
        route.onRequest = [check, ...existing];
      }
    });

    app.decorate('revocationCheck', opts.revocation);
    app.decorate('authenticate', authenticate);
    app.decorate('requirePermission', requirePermission);
    app.decorate('requireAccess', requireAccess);
    app.addHook('onClose', async () => {
      await opts.roles.close?.();
      await opts.revocation.close?.();
    });
  },
  { name: 'service-kit-guard' },
);
