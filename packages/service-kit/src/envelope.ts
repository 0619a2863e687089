import { Type, type TSchema } from 'typebox';
import { errorKeyOfStatus } from '@app/contracts/errors';

// The status's key when an error names none of its own: one table, shared with the console.
export { errorKeyOfStatus };

/** The response envelope of api.md: `msg` and `message` carry the same text (the two seeds' clients differ). */
export interface Envelope<T = unknown> {
  code: number;
  msg: string;
  message: string;
  data: T;
  /** Errors only: a stable key clients translate (`msg` stays Chinese), e.g. `AUTH_CAPTCHA_INVALID`. */
  errorKey?: string;
}

const enveloped = new WeakSet<object>();

/** Every error envelope carries an `errorKey` (api.md Conventions): the given one, else the status's. */
export function envelope<T>(code: number, msg: string, data: T, errorKey?: string): Envelope<T> {
  const body: Envelope<T> = code >= 400 ? { code, msg, message: msg, data, errorKey: errorKey ?? errorKeyOfStatus(code) } : { code, msg, message: msg, data };
  enveloped.add(body);
  return body;
}

export function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && enveloped.has(value);
}

/** Response schema of an enveloped payload: `response: { 200: Ok(ProjectSchema) }`. */
export function Ok<T extends TSchema>(data: T) {
  return Type.Object({ code: Type.Integer(), msg: Type.String(), message: Type.String(), data, errorKey: Type.Optional(Type.String()) });
}


export const PageQuerySchema = Type.Object({
  current: Type.Optional(Type.Integer({ minimum: 1 })),
  size: Type.Optional(Type.Integer({ minimum: 1 })),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1 })),
});

export function Page<T extends TSchema>(record: T) {
  return Type.Object({ records: Type.Array(record), total: Type.Integer(), current: Type.Integer(), size: Type.Integer() });
}

/** Resolves `current/size` (or the `page/pageSize` aliases) with the size capped. */
export function pageOf(query: { current?: number; size?: number; page?: number; pageSize?: number }, cap = 100) {
  const current = query.current ?? query.page ?? 1;
  const size = Math.min(query.size ?? query.pageSize ?? 10, cap);
  return { current, size, skip: (current - 1) * size, take: size };
}

// Schema helpers shared with the contracts' answer shapes.
export { Nullable, NullableEnum } from '@app/contracts/schema-types';
