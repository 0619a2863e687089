import { ApiError } from '../../api/http';
import { currentLocale } from '../../i18n/preferences';
import { errorDetail } from '../../lib/error-text';

/** What a failed call of these pages says, with the server's detail (a driver's reason) in either language. */
export function failureText(error: unknown): string {
  const message = (error as Error | null)?.message ?? '';
  return error instanceof ApiError ? errorDetail(message, error.serverMsg, currentLocale()) : message;
}
