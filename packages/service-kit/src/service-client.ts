import { Agent, request } from 'undici';
import { ServiceUnavailableError, MSG } from './errors.js';
import { INTERNAL_HEADER } from './internal.js';

export interface ServiceCallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** The caller's request id, propagated so one id traces a request across services. */
  requestId?: string;
  /** The end user's token, forwarded so the callee can verify it too. */
  authorization?: string;
  timeoutMs?: number;
}

export interface ServiceResponse<T> {
  status: number;
  body: { code: number; msg: string; message: string; data: T };
}

/** Service-to-service HTTP over undici keep-alive; an unreachable peer becomes a 503 for this call only. */
export function createServiceClient(baseUrl: string, opts: { internalToken?: string; name: string }) {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  return {
    async call<T>(path: string, call: ServiceCallOptions = {}): Promise<ServiceResponse<T>> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (call.body !== undefined) headers['content-type'] = 'application/json';
      if (call.requestId) headers['x-request-id'] = call.requestId;
      if (call.authorization) headers.authorization = call.authorization;
      if (opts.internalToken) headers[INTERNAL_HEADER] = opts.internalToken;
      try {
        const res = await request(`${baseUrl}${path}`, {
          dispatcher,
          method: call.method ?? 'GET',
          headers,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          headersTimeout: call.timeoutMs ?? 10_000,
          bodyTimeout: call.timeoutMs ?? 10_000,
        });
        return { status: res.statusCode, body: (await res.body.json()) as ServiceResponse<T>['body'] };
      } catch (err) {
        throw new ServiceUnavailableError(`${MSG.unavailable}: ${opts.name}`, { cause: err });
      }
    },
    close: () => dispatcher.close(),
  };
}
export type ServiceClient = ReturnType<typeof createServiceClient>;
