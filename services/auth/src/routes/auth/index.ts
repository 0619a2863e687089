import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEFAULT_SIGNUP_ROLE, passwordAcceptable } from '@app/contracts';
import { ValidationError, hashPassword } from '@app/service-kit';
import { CaptchaSchema, LoginBodySchema, MeSchema, RefreshBodySchema, RegisterBodySchema, TokenPairSchema } from '../../schemas/auth.js';
import type { AuthDomain } from '../../plugins/app/domain.js';
import type { Config } from '../../config.js';
import { currentUser } from '../../plugins/app/current-user.js';
import { visibleTree } from '../../plugins/app/menu-tree.js';
import { PASSWORD_POLICY, profileOf } from '../../plugins/app/users.js';
import { AccountDisabledError, BadCredentialsError, PasswordPolicyError, RegistrationClosedError } from '../../errors.js';

export type AuthRoutesOptions = Pick<AuthDomain, 'users' | 'captcha' | 'tokens' | 'logs' | 'menuTree'> & {
  config: Pick<Config, 'AUTH_CAPTCHA' | 'AUTH_REGISTRATION'>;
};

const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, opts) => {
  const { users, captcha, tokens, logs, config } = opts;

  app.get('/api/auth/captcha', { schema: { tags: ['auth'], security: [], response: { 200: CaptchaSchema } } }, async () => ({
    ...(await captcha.create()),
    required: config.AUTH_CAPTCHA === 'required',
  }));

  app.post(
    '/api/auth/login',
    { schema: { tags: ['auth'], security: [], body: LoginBodySchema, response: { 200: TokenPairSchema } } },
    async (request) => {
      const body = request.body;
      const username = (body.username ?? body.userName ?? '').trim();
      if (!username) throw new ValidationError('body.username is required');
      const attempt = { type: 'login' as const, username, ip: request.ip, method: 'POST', path: request.url };
      if (config.AUTH_CAPTCHA === 'required') {
        try {
          await captcha.verify(body.key, body.captcha);
        } catch (err) {
          await logs.write({ ...attempt, action: 'USER_LOGIN_FAILED', status: 400, detail: { reason: 'captcha' } });
          throw err;
        }
      }
      const user = await users.checkCredentials(username, body.password);
      if (!user) {
        await logs.write({ ...attempt, action: 'USER_LOGIN_FAILED', status: 400, detail: { reason: 'credentials' } });
        throw new BadCredentialsError();
      }
      // Only someone who knows the password learns that the account is disabled.
      if (user.status !== 1) {
        await logs.write({ ...attempt, action: 'USER_LOGIN_FAILED', userId: user.id, status: 403, detail: { reason: 'disabled' } });
        throw new AccountDisabledError();
      }
      const pair = await tokens.issue(user);
      await users.recordLogin(user.id);
      await logs.write({ ...attempt, action: 'USER_LOGIN', userId: user.id, status: 200 });
      return pair;
    },
  );

  app.post(
    '/api/auth/register',
    { schema: { tags: ['auth'], security: [], body: RegisterBodySchema, response: { 201: Type.Object({ id: Type.Integer(), username: Type.String() }) } } },
    async (request, reply) => {
      if (config.AUTH_REGISTRATION !== 'open') throw new RegistrationClosedError();
      const { username, email, password } = request.body;
      if (!passwordAcceptable(password)) throw new PasswordPolicyError(PASSWORD_POLICY);
      const user = await users.register({ username, email: email.toLowerCase(), passwordHash: await hashPassword(password), roleKey: DEFAULT_SIGNUP_ROLE });
      await logs.write({ type: 'operation', action: 'USER_REGISTER', userId: user.id, username, ip: request.ip, status: 201 });
      reply.code(201);
      return { id: user.id, username: user.username };
    },
  );

  app.post(
    '/api/auth/refresh',
    { schema: { tags: ['auth'], security: [], body: RefreshBodySchema, response: { 200: TokenPairSchema } } },
    async (request) => tokens.rotate(request.body.refreshToken),
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], response: { 200: Type.Object({ loggedOut: Type.Boolean() }) } } }, async (request) => {
    const { claims, userId } = request.identity!;
    await tokens.logout(claims);
    await logs.write({ type: 'login', action: 'USER_LOGOUT', userId, ip: request.ip, status: 200 });
    return { loggedOut: true };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: MeSchema } } }, async (request) => {
    const { user, permissions } = await currentUser(users, request.identity!);
    const menus = visibleTree(await opts.menuTree(), { roleKey: user.roleKey, permissions });
    return { user: profileOf(user, permissions), menus };
  });
};
export default authRoutes;
