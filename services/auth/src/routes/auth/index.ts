import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEFAULT_SIGNUP_ROLE } from '@app/contracts';
import { UnauthorizedError, ValidationError, hashPassword } from '@app/service-kit';
import { CaptchaSchema, LoginBodySchema, MeSchema, RefreshBodySchema, RegisterBodySchema, TokenPairSchema } from '../../schemas/auth.js';
import { visibleTree } from '../../plugins/app/menu-tree.js';
import { PASSWORD_POLICY, passwordAcceptable, profileOf } from '../../plugins/app/users.js';
import { AccountDisabledError, BadCredentialsError, EmailTakenError, PasswordPolicyError, RegistrationClosedError, UsernameTakenError } from '../../errors.js';

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/auth/captcha', { schema: { tags: ['auth'], security: [], response: { 200: CaptchaSchema } } }, async () => app.captcha.create());

  app.post(
    '/api/auth/login',
    { schema: { tags: ['auth'], security: [], body: LoginBodySchema, response: { 200: TokenPairSchema } } },
    async (request) => {
      const body = request.body;
      const username = (body.username ?? body.userName ?? '').trim();
      if (!username) throw new ValidationError('body.username is required');
      const attempt = { type: 'login' as const, username, ip: request.ip, method: 'POST', path: request.url };
      if (app.config.AUTH_CAPTCHA === 'required') {
        try {
          await app.captcha.verify(body.key, body.captcha);
        } catch (err) {
          await app.systemLogs.write({ ...attempt, action: 'USER_LOGIN_FAILED', status: 400, detail: { reason: 'captcha' } });
          throw err;
        }
      }
      const user = await app.users.checkCredentials(username, body.password);
      if (!user) {
        await app.systemLogs.write({ ...attempt, action: 'USER_LOGIN_FAILED', status: 400, detail: { reason: 'credentials' } });
        throw new BadCredentialsError();
      }
      // Only someone who knows the password learns that the account is disabled.
      if (user.status !== 1) {
        await app.systemLogs.write({ ...attempt, action: 'USER_LOGIN_FAILED', userId: user.id, status: 403, detail: { reason: 'disabled' } });
        throw new AccountDisabledError();
      }
      const pair = await app.tokens.issue(user);
      await app.db.user.update({ where: { id: user.id }, data: { lastLoginTime: new Date() } });
      await app.systemLogs.write({ ...attempt, action: 'USER_LOGIN', userId: user.id, status: 200 });
      return pair;
    },
  );

  app.post(
    '/api/auth/register',
    { schema: { tags: ['auth'], security: [], body: RegisterBodySchema, response: { 201: Type.Object({ id: Type.Integer(), username: Type.String() }) } } },
    async (request, reply) => {
      if (app.config.AUTH_REGISTRATION !== 'open') throw new RegistrationClosedError();
      const { username, email, password } = request.body;
      if (!passwordAcceptable(password)) throw new PasswordPolicyError(PASSWORD_POLICY);
      const taken = await app.db.user.findFirst({ where: { OR: [{ username }, { email: email.toLowerCase() }] } });
      if (taken) throw taken.username === username ? new UsernameTakenError() : new EmailTakenError('邮箱已被注册');
      const user = await app.db.user.create({
        data: { username, email: email.toLowerCase(), nickname: username, passwordHash: await hashPassword(password), roleKey: DEFAULT_SIGNUP_ROLE, createdBy: 'register' },
      });
      await app.systemLogs.write({ type: 'operation', action: 'USER_REGISTER', userId: user.id, username, ip: request.ip, status: 201 });
      reply.code(201);
      return { id: user.id, username: user.username };
    },
  );

  app.post(
    '/api/auth/refresh',
    { schema: { tags: ['auth'], security: [], body: RefreshBodySchema, response: { 200: TokenPairSchema } } },
    async (request) => app.tokens.rotate((request.body).refreshToken),
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], response: { 200: Type.Object({ loggedOut: Type.Boolean() }) } } }, async (request) => {
    const { claims, userId } = request.identity!;
    await app.tokens.logout(claims);
    await app.systemLogs.write({ type: 'login', action: 'USER_LOGOUT', userId, ip: request.ip, status: 200 });
    return { loggedOut: true };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: MeSchema } } }, async (request) => {
    const { user, permissions } = await currentUser(app, request.identity!.userId, request.identity!.permissions);
    const menus = visibleTree(await app.menuTree(), { roleKey: user.roleKey, permissions });
    return { user: profileOf(user, permissions), menus };
  });
};
export default authRoutes;

/** The caller's row; a user deleted since the token was issued is treated as logged out. */
export async function currentUser(app: FastifyInstance, userId: number, permissions: string[]) {
  const user = await app.users.findActive(userId);
  if (!user || user.status !== 1) throw new UnauthorizedError('账户不可用，请重新登录');
  return { user, permissions };
}
