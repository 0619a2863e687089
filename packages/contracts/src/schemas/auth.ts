// What the auth service answers about the signed-in user (api.md "Auth and profile", seed 004 §1.3). None of
// these shapes has a field for the password hash, so no answer built from them can carry it.
import { Type, type Static } from 'typebox';
import { PASSWORD_MAX_LENGTH } from '../password-policy.js';
import { Nullable } from '../schema-types.js';
import { MenuNodeSchema, type MenuNode } from './menus.js';

/** Any password a client sends; a new one must also pass the policy (password-policy.ts), checked by the route. */
export const PasswordInputSchema = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });

export const CaptchaSchema = Type.Object({
  key: Type.String(),
  image: Type.String(),
  /** false when the server runs with AUTH_CAPTCHA=off: login ignores the captcha, so a client may hide it. */
  required: Type.Boolean(),
});
export type Captcha = Static<typeof CaptchaSchema>;

export const TokenPairSchema = Type.Object({ token: Type.String(), refreshToken: Type.String(), expiresIn: Type.Integer() });
export type TokenPair = Static<typeof TokenPairSchema>;

/** What every answer about a user shows. */
export const UserFields = {
  id: Type.Integer(),
  username: Type.String(),
  nickname: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  avatar: Nullable(Type.String()),
  gender: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  role: Type.String(),
  roleKey: Type.String(),
  lastLoginTime: Nullable(Type.String()),
};

/** The `user` of `/api/auth/me` and `/api/profile`; `status` is 'active' or 'disabled'. */
export const UserSchema = Type.Object({ ...UserFields, permissions: Type.Array(Type.String()), status: Type.String() });
export type CurrentUser = Static<typeof UserSchema>;

export const MeSchema = Type.Object({ user: UserSchema, menus: Type.Array(MenuNodeSchema) });
export type Me = { user: CurrentUser; menus: MenuNode[] };
