/**
 * The `errorKey` of an error envelope that names no key of its own (api.md Conventions): the service kit's
 * typed error for that status. Shared with the console, which reads a keyless failure (a proxy's 502 page)
 * the same way.
 */
export const STATUS_ERROR_KEYS: Readonly<Record<number, string>> = {
  400: 'KIT_BAD_REQUEST',
  401: 'KIT_UNAUTHORIZED',
  403: 'KIT_FORBIDDEN',
  404: 'KIT_NOT_FOUND',
  409: 'KIT_CONFLICT',
  413: 'KIT_PAYLOAD_TOO_LARGE',
  429: 'KIT_TOO_MANY_REQUESTS',
  503: 'KIT_SERVICE_UNAVAILABLE',
};

export function errorKeyOfStatus(code: number): string {
  return STATUS_ERROR_KEYS[code] ?? (code >= 500 ? 'INTERNAL' : 'KIT_BAD_REQUEST');
}
