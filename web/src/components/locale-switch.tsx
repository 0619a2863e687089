import { Segmented, Tooltip } from 'antd';
import { usePreferences } from '../i18n/preferences';
import type { Locale } from '../i18n/messages';

/** 中文 / EN, remembered in this browser. */
export function LocaleSwitch() {
  const { t, locale, setLocale } = usePreferences();
  return (
    <Tooltip title={t('header.language')}>
      <Segmented
        data-testid="locale-switch"
        size="small"
        value={locale}
        onChange={(value) => setLocale(value as Locale)}
        options={[
          { label: <span data-testid="locale-zh">中文</span>, value: 'zh-CN' },
          { label: <span data-testid="locale-en">EN</span>, value: 'en-US' },
        ]}
      />
    </Tooltip>
  );
}
