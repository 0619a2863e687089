import type { ReactNode } from 'react';
import { Card, Flex, Segmented, Typography } from 'antd';
import { usePreferences } from '../i18n/preferences';

/** Frame of the login and register pages, with the language switch. */
export function AuthShell({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  const { t, locale, setLocale } = usePreferences();
  return (
    <div className="auth-page">
      <Card className="auth-card" data-testid={testId}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Flex align="center" gap={10}>
            <img src="/favicon.svg" alt="" width={32} height={32} />
            <Typography.Title level={4} style={{ margin: 0 }}>{t('app.name')}</Typography.Title>
          </Flex>
          <Segmented
            size="small"
            data-testid="locale-switch"
            value={locale}
            onChange={(value) => setLocale(value as typeof locale)}
            options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en-US' }]}
          />
        </Flex>
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        <Typography.Title level={3} style={{ marginTop: 8 }}>{title}</Typography.Title>
        {children}
      </Card>
    </div>
  );
}
