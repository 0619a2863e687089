import { ALL_PERMISSIONS } from '@app/contracts/permissions';

/** A single permission, a list (any of them suffices unless `mode` says all), or nothing (always allowed). */
export type PermRequirement = string | readonly string[] | null | undefined;

export { ALL_PERMISSIONS };

/** `*` grants everything; an empty requirement is always met. */
export function hasPermission(
  granted: readonly string[] | null | undefined,
  required: PermRequirement,
  mode: 'any' | 'all' = 'any',
): boolean {
  const wanted = (typeof required === 'string' ? [required] : required ?? []).map((p) => p.trim()).filter(Boolean);
  if (wanted.length === 0) return true;
  const held = granted ?? [];
  if (held.includes(ALL_PERMISSIONS)) return true;
  return mode === 'all' ? wanted.every((p) => held.includes(p)) : wanted.some((p) => held.includes(p));
}
