import { Card, Result } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useT, usePreferences } from '../i18n/preferences';
import { useCurrentRoute } from './route-meta';

/** The body of every page a later release will fill in. */
export function ComingSoon() {
  const t = useT();
  const { menuTitle } = usePreferences();
  const route = useCurrentRoute();
  return (
    <Card data-testid="coming-soon">
      <Result
        icon={<ClockCircleOutlined />}
        title={route ? menuTitle(route.path, route.title) : t('comingSoon.title')}
        subTitle={
          <>
            <div data-testid="coming-soon-text" style={{ fontSize: 16 }}>{t('comingSoon.title')}</div>
            <div>{t('comingSoon.desc')}</div>
          </>
        }
      />
    </Card>
  );
}
