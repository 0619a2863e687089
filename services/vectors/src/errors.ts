import { defineError } from '@app/service-kit';

// The vectors service's typed errors, each declared once. The code is the envelope's stable `errorKey`, which
// the console translates (web/src/i18n/catalogue/errors.ts); the message stays Chinese.
export const ConnectionNotFoundError = defineError('VEC_CONNECTION_NOT_FOUND', '数据源连接不存在', 404);
/** The source refused or did not answer in time: the driver's reason follows the colon. */
export const ConnectionFailedError = defineError('VEC_CONNECTION_FAILED', '连接失败: %s', 400);
/** The stored password was encrypted with another SECRETS_KEY (or is corrupt): save the password again. */
export const ConnectionSecretUnreadableError = defineError('VEC_CONNECTION_SECRET_UNREADABLE', '无法解密已保存的密码，请重新填写密码', 409);
