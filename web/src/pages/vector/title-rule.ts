import type { Rule } from 'antd/es/form';
import { checkCollectionName } from '../../api/vectors';
import type { TFunction } from '../../i18n/preferences';

/**
 * A form rule asking check-name whether a collection title is free; `current` (the title being renamed) is.
 * A failed check lets the value through: the create or rename call is refused with its own message then.
 */
export function titleAvailableRule(t: TFunction, current?: string): Rule {
  return {
    // Asked when the field is left (and before a submit), not at every keystroke.
    validateTrigger: 'onBlur',
    validator: async (_, value: string | undefined) => {
      const title = value?.trim();
      if (!title || title === current) return;
      const answer = await checkCollectionName(title).catch(() => ({ available: true }));
      if (!answer.available) throw new Error(t('vector.nameTaken'));
    },
  };
}
