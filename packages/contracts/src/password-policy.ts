/**
 * The platform's password policy (api.md): 8 to 128 characters with letters and digits. Registration,
 * changes and resets (auth), the seeded admin (db) and the console's forms all check it here; each says
 * what failed in its own words (auth's message, the console's catalogue under `password.<rule>`).
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordRule = 'length' | 'letter' | 'digit';

const RULES: readonly (readonly [PasswordRule, (password: string) => boolean])[] = [
  ['length', (p) => p.length >= PASSWORD_MIN_LENGTH && p.length <= PASSWORD_MAX_LENGTH],
  ['letter', (p) => /[A-Za-z]/.test(p)],
  ['digit', (p) => /\d/.test(p)],
];

/** Every rule the password breaks, in the order above; empty when it is acceptable. */
export function passwordProblems(password: string | null | undefined): PasswordRule[] {
  const value = password ?? '';
  return RULES.filter(([, holds]) => !holds(value)).map(([rule]) => rule);
}

export function passwordAcceptable(password: string | null | undefined): boolean {
  return passwordProblems(password).length === 0;
}
