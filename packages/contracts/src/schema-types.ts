import { Type, type Static, type TSchema } from 'typebox';

/**
 * `T | null` written as `type: [T, 'null']`, not as an anyOf: the server coerces types, and inside an anyOf
 * ajv would coerce a null into the first branch ("" for a string, 0 for a number) before trying the next.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const { type, ...rest } = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...rest, type: [type, 'null'] } as never);
}

/** A nullable string enum, e.g. `NullableEnum(['male', 'female', 'other'])`. */
export function NullableEnum<V extends string>(values: readonly V[]) {
  return Type.Unsafe<V | null>({ type: ['string', 'null'], enum: [...values, null] });
}

/** A string of a known set, typed as their union; serialised as a plain string. */
export function StringEnum<V extends string>(values: readonly V[]) {
  return Type.Unsafe<V>({ type: 'string', enum: [...values] });
}
