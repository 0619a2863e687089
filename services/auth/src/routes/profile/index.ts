import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { hashPassword, verifyPassword } from '@app/service-kit';
import { PasswordChangeSchema, ProfileUpdateSchema, TokenPairSchema, UserSchema } from '../../schemas/auth.js';
import { PASSWORD_POLICY, passwordAcceptable, profileOf } from '../../plugins/app/users.js';
import { currentUser } from '../auth/index.js';
import { EmailTakenError, OldPasswordWrongError, PasswordPolicyError, PasswordUnchangedError } from '../../errors.js';

const profileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/profile', { schema: { tags: ['profile'], response: { 200: UserSchema } } }, async (request) => {
    const { user, permissions } = await currentUser(app, request.identity!.userId, request.identity!.permissions);
    return profileOf(user, permissions);
  });

  // Username and role are not in the schema: they are dropped, never applied (seed 004 §2.2).
  app.put('/api/profile', { schema: { tags: ['profile'], body: ProfileUpdateSchema, response: { 200: UserSchema } } }, async (request) => {
    const { user, permissions } = await currentUser(app, request.identity!.userId, request.identity!.permissions);
    const body = request.body;
    const email = body.email === undefined ? undefined : body.email?.toLowerCase() ?? null;
    if (email) {
      const other = await app.db.user.findFirst({ where: { email, NOT: { id: user.id } } });
      if (other) throw new EmailTakenError('邮箱已被使用');
    }
    const updated = await app.db.user.update({
      where: { id: user.id },
      data: { email, phone: body.phone, gender: body.gender, age: body.age, avatar: body.avatar, nickname: body.nickname, updatedBy: user.username },
    });
    return profileOf(updated, permissions);
  });

  /** Ends every other session; this one continues with the fresh pair returned. */
  app.put(
    '/api/profile/password',
    { schema: { tags: ['profile'], body: PasswordChangeSchema, response: { 200: TokenPairSchema } } },
    async (request) => {
      const { user } = await currentUser(app, request.identity!.userId, request.identity!.permissions);
      const { oldPassword, newPassword } = request.body;
      if (!(await verifyPassword(user.passwordHash, oldPassword))) throw new OldPasswordWrongError();
      if (!passwordAcceptable(newPassword)) throw new PasswordPolicyError(PASSWORD_POLICY);
      if (oldPassword === newPassword) throw new PasswordUnchangedError();
      await app.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(newPassword), updatedBy: user.username } });
      await app.tokens.revokeUser(user.id);
      await app.systemLogs.write({ type: 'security', action: 'PASSWORD_CHANGE', userId: user.id, username: user.username, ip: request.ip, status: 200 });
      return app.tokens.issue(user);
    },
  );
};
export default profileRoutes;
