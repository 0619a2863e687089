import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { passwordAcceptable } from '@app/contracts';
import { hashPassword, verifyPassword } from '@app/service-kit';
import { PasswordChangeSchema, ProfileUpdateSchema, TokenPairSchema, UserSchema } from '../../schemas/auth.js';
import type { AuthDomain } from '../../plugins/app/domain.js';
import { currentUser } from '../../plugins/app/current-user.js';
import { PASSWORD_POLICY, profileOf } from '../../plugins/app/users.js';
import { OldPasswordWrongError, PasswordPolicyError, PasswordUnchangedError } from '../../errors.js';

const profileRoutes: FastifyPluginAsyncTypebox<Pick<AuthDomain, 'users' | 'tokens' | 'logs'>> = async (app, { users, tokens, logs }) => {
  app.get('/api/profile', { schema: { tags: ['profile'], response: { 200: UserSchema } } }, async (request) => {
    const { user, permissions } = await currentUser(users, request.identity!);
    return profileOf(user, permissions);
  });

  // Username and role are not in the schema: they are dropped, never applied (seed 004 §2.2).
  app.put('/api/profile', { schema: { tags: ['profile'], body: ProfileUpdateSchema, response: { 200: UserSchema } } }, async (request) => {
    const { user, permissions } = await currentUser(users, request.identity!);
    const body = request.body;
    const email = body.email === undefined ? undefined : body.email?.toLowerCase() ?? null;
    const updated = await users.update(user.id, {
      email,
      phone: body.phone,
      gender: body.gender,
      age: body.age,
      avatar: body.avatar,
      nickname: body.nickname,
      updatedBy: user.username,
    });
    return profileOf(updated, permissions);
  });

  /** Ends every other session; this one continues with the fresh pair returned. */
  app.put(
    '/api/profile/password',
    { schema: { tags: ['profile'], body: PasswordChangeSchema, response: { 200: TokenPairSchema } } },
    async (request) => {
      const { user } = await currentUser(users, request.identity!);
      const { oldPassword, newPassword } = request.body;
      if (!(await verifyPassword(user.passwordHash, oldPassword))) throw new OldPasswordWrongError();
      if (!passwordAcceptable(newPassword)) throw new PasswordPolicyError(PASSWORD_POLICY);
      if (oldPassword === newPassword) throw new PasswordUnchangedError();
      await users.update(user.id, { passwordHash: await hashPassword(newPassword), updatedBy: user.username });
      await tokens.revokeUser(user.id);
      await logs.write({ type: 'security', action: 'PASSWORD_CHANGE', userId: user.id, username: user.username, ip: request.ip, status: 200 });
      return tokens.issue(user);
    },
  );
};
export default profileRoutes;
