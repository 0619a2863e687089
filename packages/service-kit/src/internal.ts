import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ForbiddenError } from './errors.js';

export const INTERNAL_HEADER = 'x-internal-token';

/** Guards `/internal/*` routes: the gateway never exposes them, and they also demand the shared secret. */
export function internalOnly(secret: string): preHandlerAsyncHookHandler {
  const expected = Buffer.from(secret);
  return async (request: FastifyRequest) => {
    const given = Buffer.from(String(request.headers[INTERNAL_HEADER] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ForbiddenError('internal route');
  };
}
