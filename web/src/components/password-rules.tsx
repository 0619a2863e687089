import type { Rule } from 'antd/es/form';
import { passwordProblems } from '@app/contracts/password-policy';
import type { TFunction } from '../i18n/preferences';
import { requiredRule } from './form-rules';

/** Form rules enforcing the password policy, one message per missing part. */
export function passwordRules(t: TFunction, label: string): Rule[] {
  return [
    requiredRule(t, label),
    {
      validator: async (_rule, value: string | undefined) => {
        if (!value) return;
        const problems = passwordProblems(value);
        if (problems.length) throw new Error(problems.map((p) => t(`password.${p}`)).join('，'));
      },
    },
  ];
}

/** Rules for a "confirm password" field tied to `field`. */
export function confirmRules(t: TFunction, field: string, label: string): Rule[] {
  return [
    requiredRule(t, label),
    ({ getFieldValue }) => ({
      validator: async (_rule, value: string | undefined) => {
        if (value && value !== getFieldValue(field)) throw new Error(t('register.passwordMismatch'));
      },
    }),
  ];
}
