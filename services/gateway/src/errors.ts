import { defineError } from '@app/service-kit';

// The gateway's own typed errors, each declared once. The code is the envelope's stable `errorKey`, which the
// console translates (web/src/i18n/messages.ts `error.<KEY>`); the message stays Chinese.
/** Too many wrong passwords for a username or from an IP: the message says how many minutes to wait. */
export const LoginLockedError = defineError('GATEWAY_LOGIN_LOCKED', '%s', 429);
