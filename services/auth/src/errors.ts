import { defineError } from '@app/service-kit';

// The auth service's typed errors, each declared once. The code is the envelope's stable `errorKey`, which the
// console translates (web/src/i18n/messages.ts `error.<KEY>`); the message stays Chinese. `%s`: the thrower
// passes the message, for errors whose text varies.

// Login. The gateway's login guard counts only AUTH_BAD_CREDENTIALS toward locking a username: the one failure
// that needs a valid captcha first (anyone can send a wrong captcha for any name).
export const BadCredentialsError = defineError('AUTH_BAD_CREDENTIALS', '用户名或密码错误', 400);
export const AccountDisabledError = defineError('AUTH_ACCOUNT_DISABLED', '账户已被停用', 403);
export const CaptchaRequiredError = defineError('AUTH_CAPTCHA_REQUIRED', '请输入验证码', 400);
export const CaptchaInvalidError = defineError('AUTH_CAPTCHA_INVALID', '%s', 400);
export const CaptchaExpiredError = defineError('AUTH_CAPTCHA_EXPIRED', '验证码已过期，请刷新', 400);

// Registration, the profile and password changes.
export const RegistrationClosedError = defineError('AUTH_REGISTRATION_CLOSED', '注册已关闭，请联系管理员', 403);
export const PasswordPolicyError = defineError('AUTH_PASSWORD_POLICY', '%s', 400);
export const UsernameTakenError = defineError('AUTH_USERNAME_TAKEN', '用户名已存在', 409);
/** Registration says 邮箱已被注册; the profile and the user admin say 邮箱已被使用. */
export const EmailTakenError = defineError('AUTH_EMAIL_TAKEN', '%s', 409);
export const OldPasswordWrongError = defineError('AUTH_OLD_PASSWORD_WRONG', '原密码错误', 400);
export const PasswordUnchangedError = defineError('AUTH_PASSWORD_UNCHANGED', '新密码不能与原密码相同', 400);

// The user and role admin pages.
export const UserNotFoundError = defineError('AUTH_USER_NOT_FOUND', '用户不存在', 404);
export const UserOutranksError = defineError('AUTH_USER_OUTRANKS', '不能管理权限高于自己的用户', 403);
export const SelfDisableError = defineError('AUTH_SELF_DISABLE', '不能停用自己', 400);
export const SelfRoleChangeError = defineError('AUTH_SELF_ROLE_CHANGE', '不能修改自己的角色', 400);
export const SelfDeleteError = defineError('AUTH_SELF_DELETE', '不能删除自己', 400);
export const RoleNotFoundError = defineError('AUTH_ROLE_NOT_FOUND', '角色不存在', 404);
export const RoleKeyTakenError = defineError('AUTH_ROLE_KEY_TAKEN', '角色标识已存在', 409);
/** The message counts the users still holding the role. */
export const RoleInUseError = defineError('AUTH_ROLE_IN_USE', '%s', 409);
export const BuiltinRoleDeleteError = defineError('AUTH_ROLE_BUILTIN', '内置角色不能删除', 400);
/** The message names the admin role (ADMIN_ROLE). */
export const AdminRoleDisableError = defineError('AUTH_ADMIN_ROLE_DISABLE', '%s', 400);
/** The message names the first permission the caller lacks. */
export const PermissionNotHeldError = defineError('AUTH_PERMISSION_NOT_HELD', '%s', 403);
