/** The registration / reset password policy of api.md: at least 8 characters with letters and digits. */
export type PasswordProblem = 'length' | 'letter' | 'digit';

export const PASSWORD_MIN_LENGTH = 8;

export function passwordProblems(password: string | null | undefined): PasswordProblem[] {
  const value = password ?? '';
  const problems: PasswordProblem[] = [];
  if (value.length < PASSWORD_MIN_LENGTH) problems.push('length');
  if (!/[A-Za-z]/.test(value)) problems.push('letter');
  if (!/\d/.test(value)) problems.push('digit');
  return problems;
}

export function isPasswordValid(password: string | null | undefined): boolean {
  return passwordProblems(password).length === 0;
}
