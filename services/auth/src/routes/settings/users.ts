import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { passwordAcceptable } from '@app/contracts';
import type { Identity } from '@app/service-kit';
import { hashPassword } from '@app/service-kit';
import {
  DeletedSchema,
  IdParamsSchema,
  ManagedUserSchema,
  PasswordResetResultSchema,
  ResetPasswordSchema,
  UserCreateSchema,
  UserListQuerySchema,
  UserPageSchema,
  UserStatusBodySchema,
  UserUpdateSchema,
} from '../../schemas/settings.js';
import type { AuthDomain } from '../../plugins/app/domain.js';
import { listPage } from '../../plugins/app/list-page.js';
import { managedUserView, PASSWORD_POLICY } from '../../plugins/app/users.js';
import type { ManagedUser } from '../../plugins/app/user-repository.js';
import { assertGrantable, permissionsOfRow } from '../../plugins/app/settings/role-admin.js';
import { fieldError } from '../../plugins/app/settings/validation.js';
import { PasswordPolicyError, SelfDeleteError, SelfDisableError, SelfRoleChangeError, UserOutranksError } from '../../errors.js';

/**
 * User management (seed 004 §8.3). Disabling, deleting, a role change and a password reset end the user's
 * sessions at once (revocation marker + refresh tokens), not when their access token expires.
 */
const userRoutes: FastifyPluginAsyncTypebox<Pick<AuthDomain, 'users' | 'roles' | 'tokens' | 'events'>> = async (app, opts) => {
  const { users, roles, tokens, events } = opts;
  const tags = ['settings'];

  /** The role to assign: it must exist, and the caller must hold whatever it grants. */
  async function assignableRole(identity: Identity, roleKey: string) {
    const role = await roles.findByKey(roleKey);
    if (!role) throw fieldError('body.roleKey', `角色不存在: ${roleKey}`);
    assertGrantable(identity, permissionsOfRow(role));
    return role;
  }

  /** The user to change: only a caller holding everything the user's role grants may change that user. */
  async function manageableUser(identity: Identity, id: number): Promise<ManagedUser> {
    const user = await users.get(id);
    if (identity.isSuper) return user;
    const role = await roles.findByKey(user.roleKey);
    if (role && permissionsOfRow(role).some((p) => p === '*' || !identity.permissions.includes(p))) {
      throw new UserOutranksError();
    }
    return user;
  }

  app.get(
    '/api/settings/users',
    { schema: { tags, querystring: UserListQuerySchema, response: { 200: UserPageSchema } } },
    async (request) => {
      const q = request.query;
      return listPage(q, (page) => users.page({ usernameContains: q.username?.trim(), status: q.status, roleKey: q.roleKey }, page), managedUserView);
    },
  );

  app.post(
    '/api/settings/users',
    { schema: { tags, body: UserCreateSchema, response: { 201: ManagedUserSchema } } },
    async (request, reply) => {
      const body = request.body;
      if (!passwordAcceptable(body.password)) throw new PasswordPolicyError(`body.password ${PASSWORD_POLICY}`);
      await assignableRole(request.identity!, body.roleKey);
      const actor = await events.actorName(request);
      const user = await users.create({
        username: body.username,
        passwordHash: await hashPassword(body.password),
        email: body.email.toLowerCase(),
        nickname: body.nickname ?? body.username,
        phone: body.phone ?? null,
        roleKey: body.roleKey,
        status: body.status ?? 1,
        gender: body.gender ?? null,
        age: body.age ?? null,
        avatar: body.avatar ?? null,
        createdBy: actor,
      });
      await events.record(request, 'USER_CREATE', { id: user.id, username: user.username, roleKey: user.roleKey, status: user.status }, 201);
      return reply.code(201).send(managedUserView(user));
    },
  );

  app.put(
    '/api/settings/users/:id',
    { schema: { tags, params: IdParamsSchema, body: UserUpdateSchema, response: { 200: ManagedUserSchema } } },
    async (request) => {
      const identity = request.identity!;
      const { id } = request.params;
      const body = request.body;
      const user = await manageableUser(identity, id);
      const self = id === identity.userId;
      const roleChange = body.roleKey !== undefined && body.roleKey !== user.roleKey;
      if (self && body.status === 0) throw new SelfDisableError();
      if (self && roleChange) throw new SelfRoleChangeError();
      if (roleChange) await assignableRole(identity, body.roleKey!);
      const updated = await users.update(id, {
        email: body.email === undefined ? undefined : (body.email?.toLowerCase() ?? null),
        nickname: body.nickname,
        phone: body.phone,
        roleKey: body.roleKey,
        status: body.status,
        gender: body.gender,
        age: body.age,
        avatar: body.avatar,
        updatedBy: await events.actorName(request),
      });
      // Tokens name the role they were issued for: a new role (or a disabled account) needs a new login.
      const revoke = roleChange || (body.status === 0 && user.status !== 0);
      if (revoke) await tokens.revokeUser(id);
      await events.record(request, 'USER_UPDATE', {
        id,
        username: user.username,
        changed: Object.keys(body).filter((k) => k in UserUpdateSchema.properties),
        ...(roleChange ? { roleKey: { from: user.roleKey, to: updated.roleKey } } : {}),
        ...(body.status !== undefined ? { status: updated.status } : {}),
        sessionsRevoked: revoke,
      });
      return managedUserView(updated);
    },
  );

  app.delete(
    '/api/settings/users/:id',
    { schema: { tags, params: IdParamsSchema, response: { 200: DeletedSchema } } },
    async (request) => {
      const identity = request.identity!;
      const { id } = request.params;
      if (id === identity.userId) throw new SelfDeleteError();
      const user = await manageableUser(identity, id);
      await users.softDelete(id, await events.actorName(request));
      await tokens.revokeUser(id);
      await events.record(request, 'USER_DELETE', { id, username: user.username });
      return { id, deleted: true };
    },
  );

  app.put(
    '/api/settings/users/:id/status',
    { schema: { tags, params: IdParamsSchema, body: UserStatusBodySchema, response: { 200: ManagedUserSchema } } },
    async (request) => {
      const identity = request.identity!;
      const { id } = request.params;
      const { status } = request.body;
      if (id === identity.userId && status === 0) throw new SelfDisableError();
      const user = await manageableUser(identity, id);
      const updated = await users.update(id, { status, updatedBy: await events.actorName(request) });
      if (status === 0) await tokens.revokeUser(id);
      await events.record(request, status === 0 ? 'USER_DISABLE' : 'USER_ENABLE', { id, username: user.username });
      return managedUserView(updated);
    },
  );

  app.post(
    '/api/settings/users/:id/reset-password',
    { schema: { tags, params: IdParamsSchema, body: ResetPasswordSchema, response: { 200: PasswordResetResultSchema } } },
    async (request) => {
      const { id } = request.params;
      if (!passwordAcceptable(request.body.password)) throw new PasswordPolicyError(`body.password ${PASSWORD_POLICY}`);
      const user = await manageableUser(request.identity!, id);
      await users.update(id, { passwordHash: await hashPassword(request.body.password), updatedBy: await events.actorName(request) });
      await tokens.revokeUser(id);
      await events.record(request, 'USER_PASSWORD_RESET', { id, username: user.username });
      return { id, reset: true };
    },
  );
};
export default userRoutes;
