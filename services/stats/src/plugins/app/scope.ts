import { ForbiddenError, type Identity } from '@app/service-kit';

/** Who the figures and logs are about: a non-admin only ever themselves (api.md "Roles"). */
export function scopedUser(who: Identity, requested?: number): number | undefined {
  if (who.isSuper) return requested;
  if (requested !== undefined && requested !== who.userId) throw new ForbiddenError('权限不足');
  return who.userId;
}

/** Whose projects' names a caller may see: `undefined` for `*` holders (all of them). */
export const viewerOf = (who: Identity): number | undefined => (who.isSuper ? undefined : who.userId);
