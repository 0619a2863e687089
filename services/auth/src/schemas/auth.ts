import { Type } from 'typebox';
import { Nullable, NullableEnum } from '@app/service-kit';
import { PasswordInputSchema } from '@app/contracts/schemas/auth';

// The answers' shapes are shared with the console (@app/contracts); requests are this service's own.
export { AppRouteRecordSchema, MenuNodeSchema } from '@app/contracts/schemas/menus';
export { CaptchaSchema, MeSchema, PasswordInputSchema, TokenPairSchema, UserFields, UserSchema } from '@app/contracts/schemas/auth';

export const UsernameSchema = Type.String({ minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9_.-]+$' });
export const EmailSchema = Type.String({ format: 'email', maxLength: 254 });

export const LoginBodySchema = Type.Object({
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  userName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  password: PasswordInputSchema,
  captcha: Type.Optional(Type.String({ maxLength: 16 })),
  key: Type.Optional(Type.String({ maxLength: 64 })),
});

export const RegisterBodySchema = Type.Object({ username: UsernameSchema, email: EmailSchema, password: PasswordInputSchema });
export const RefreshBodySchema = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 256 }) });


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
