import { Type } from 'typebox';
import { Nullable, NullableEnum } from '@app/service-kit';

export const UsernameSchema = Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' });
export const PasswordInputSchema = Type.String({ minLength: 1, maxLength: 128 });
export const EmailSchema = Type.String({ format: 'email', maxLength: 254 });

export const CaptchaSchema = Type.Object({ key: Type.String(), image: Type.String() });

export const LoginBodySchema = Type.Object({
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  userName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  password: PasswordInputSchema,
  captcha: Type.Optional(Type.String({ maxLength: 16 })),
  key: Type.Optional(Type.String({ maxLength: 64 })),
});

export const TokenPairSchema = Type.Object({ token: Type.String(), refreshToken: Type.String(), expiresIn: Type.Integer() });

export const RegisterBodySchema = Type.Object({ username: UsernameSchema, email: EmailSchema, password: PasswordInputSchema });
export const RefreshBodySchema = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 256 }) });


/** What every answer about a user shows (never the password hash: it is not a field here). */
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

export const UserSchema = Type.Object({ ...UserFields, permissions: Type.Array(Type.String()), status: Type.String() });

// Children repeat this shape; declared loosely because the tree is recursive (nodes come from toNode,
// which holds no secrets).
export const MenuNodeSchema = Type.Object({
  id: Type.Integer(),
  parentId: Type.Integer(),
  type: Type.String(),
  title: Type.String(),
  name: Nullable(Type.String()),
  path: Nullable(Type.String()),
  component: Nullable(Type.String()),
  icon: Nullable(Type.String()),
  sort: Type.Integer(),
  isVisible: Type.Boolean(),
  perms: Nullable(Type.String()),
  roles: Type.Array(Type.String()),
  keepAlive: Type.Boolean(),
  link: Nullable(Type.String()),
  isIframe: Type.Boolean(),
  children: Type.Array(Type.Unknown()),
});

// art-design-pro's AppRouteRecord (@app/contracts route-records); children repeat the shape, declared
// loosely like MenuNodeSchema's.
export const AppRouteRecordSchema = Type.Object({
  id: Type.Integer(),
  path: Type.String(),
  name: Type.String(),
  component: Type.String(),
  meta: Type.Object({
    title: Type.String(),
    icon: Type.Optional(Type.String()),
    isHide: Type.Boolean(),
    keepAlive: Type.Boolean(),
    link: Type.Optional(Type.String()),
    isIframe: Type.Boolean(),
    authList: Type.Array(Type.Object({ title: Type.String(), authMark: Type.String() })),
  }),
  children: Type.Optional(Type.Array(Type.Unknown())),
});

export const MeSchema = Type.Object({ user: UserSchema, menus: Type.Array(MenuNodeSchema) });

/** art-design-pro's `Api.Auth.UserInfo`: `email` a string ('' when none), `avatar` left out when none. */
export const UserInfoSchema = Type.Object({
  userId: Type.Integer(),
  userName: Type.String(),
  email: Type.String(),
  avatar: Type.Optional(Type.String()),
  roles: Type.Array(Type.String()),
  buttons: Type.Array(Type.String()),
});

/** The fields a user edits about themselves; an admin edits the same ones (plus role and status). */
export const EditableProfileFields = {
  email: Type.Optional(Nullable(EmailSchema)),
  phone: Type.Optional(Nullable(Type.String({ pattern: '^\\+?[0-9 -]{5,20}$' }))),
  gender: Type.Optional(NullableEnum(['male', 'female', 'other'])),
  age: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 150 }))),
  avatar: Type.Optional(Nullable(Type.String({ maxLength: 200_000, pattern: '^(https?://|data:image/|/)' }))),
  nickname: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
};

export const ProfileUpdateSchema = Type.Object(EditableProfileFields);

export const PasswordChangeSchema = Type.Object({ oldPassword: PasswordInputSchema, newPassword: PasswordInputSchema });
