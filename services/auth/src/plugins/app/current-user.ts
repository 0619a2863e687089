import { UnauthorizedError, type Identity } from '@app/service-kit';
import type { UserRepository } from './user-repository.js';

/** The caller's row; a user deleted or disabled since the token was issued is treated as logged out. */
export async function currentUser(users: UserRepository, identity: Identity) {
  const user = await users.findActive(identity.userId);
  if (!user || user.status !== 1) throw new UnauthorizedError('账户不可用，请重新登录');
  return { user, permissions: identity.permissions };
}
