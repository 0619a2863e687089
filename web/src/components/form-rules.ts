import type { Rule } from 'antd/es/form';
import type { TFunction } from '../i18n/preferences';

/** "请输入<label>" when the field is empty. */
export function requiredRule(t: TFunction, label: string): Rule {
  return { required: true, message: t('common.required', { field: label }) };
}
