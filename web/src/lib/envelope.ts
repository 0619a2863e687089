/**
 * The API envelope `{ code, msg, message, data }` (api.md): success is a 2xx `code`; `msg` and
 * `message` carry the same text; errors add a stable `errorKey` (lib/error-text.ts translates it). Bodies
 * that are not envelopes (a proxy's HTML error page, an empty 204) are judged by the HTTP status alone so
 * callers always get one shape back.
 */
export interface Envelope<T = unknown> {
  code: number;
  msg?: string;
  message?: string;
  data: T;
  errorKey?: string;
}

export type EnvelopeResult<T> =
  | { ok: true; status: number; code: number; msg: string; data: T }
  | { ok: false; status: number; code: number; msg: string; errorKey?: string; data?: unknown };

const isSuccess = (code: number) => code >= 200 && code < 300;

export function isEnvelope(body: unknown): body is Envelope {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    && typeof (body as { code?: unknown }).code === 'number';
}

/** Default texts for statuses that arrive without a usable message. */
export const STATUS_TEXT: Record<number, string> = {
  0: '网络错误，请检查网络连接',
  400: '请求参数错误',
  401: '登录已过期，请重新登录',
  403: '权限不足',
  404: '请求的资源不存在',
  409: '数据冲突',
  413: '请求内容过大',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误',
  502: '网关错误',
  503: '服务暂不可用',
  504: '网关超时',
};

export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? (code >= 500 ? `服务器错误 (${code})` : `请求失败 (${code})`);
}

/** Normalises a response (HTTP status + parsed JSON body, or `undefined` when not JSON). */
export function readEnvelope<T>(httpStatus: number, body: unknown): EnvelopeResult<T> {
  if (isEnvelope(body)) {
    const text = (typeof body.msg === 'string' && body.msg) || (typeof body.message === 'string' && body.message) || '';
    // A 2xx envelope inside an error status (or the reverse) is a broken proxy; trust the worse of the two.
    const code = isSuccess(httpStatus) || httpStatus === 0 ? body.code : isSuccess(body.code) ? httpStatus : body.code;
    if (isSuccess(code)) return { ok: true, status: httpStatus, code, msg: text || 'success', data: body.data as T };
    const errorKey = typeof body.errorKey === 'string' && body.errorKey ? body.errorKey : undefined;
    return { ok: false, status: httpStatus, code, msg: text || statusText(code), ...(errorKey ? { errorKey } : {}), data: body.data };
  }
  if (isSuccess(httpStatus)) return { ok: true, status: httpStatus, code: httpStatus, msg: 'success', data: body as T };
  return { ok: false, status: httpStatus, code: httpStatus, msg: statusText(httpStatus) };
}

/** True when the failure means "your token is not (or no longer) valid". */
export function isUnauthorized(result: { ok: boolean; status: number; code: number }): boolean {
  return !result.ok && (result.status === 401 || result.code === 401);
}

/** Parses a response text as JSON, `undefined` when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
