import createError from '@fastify/error';

/**
 * Typed errors with stable codes. Services define their own with a prefix (`AUTH_…`, `PROJ_…`) through
 * `defineError`; the kit's error handler maps every one of them onto the envelope.
 */
export const defineError = (code: string, message: string, statusCode: number) => createError(code, message, statusCode);

export const BadRequestError = defineError('KIT_BAD_REQUEST', '%s', 400);
export const UnauthorizedError = defineError('KIT_UNAUTHORIZED', '%s', 401);
export const ForbiddenError = defineError('KIT_FORBIDDEN', '%s', 403);
export const NotFoundError = defineError('KIT_NOT_FOUND', '%s', 404);
export const ConflictError = defineError('KIT_CONFLICT', '%s', 409);
export const PayloadTooLargeError = defineError('KIT_PAYLOAD_TOO_LARGE', '%s', 413);
export const TooManyRequestsError = defineError('KIT_TOO_MANY_REQUESTS', '%s', 429);
export const ServiceUnavailableError = defineError('KIT_SERVICE_UNAVAILABLE', '%s', 503);
/** A check the schema could not express (the same key as a schema validation failure). */
export const ValidationError = defineError('VALIDATION_FAILED', '%s', 400);

export const MSG = {
  unauthorized: '未登录或登录已过期',
  forbidden: '权限不足',
  notFound: '资源不存在',
  internal: '服务器内部错误',
  unavailable: '服务暂不可用',
} as const;
