import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useT } from '../i18n/preferences';

/** The Search / Reset pair at the end of a list page's filter form. */
export function SearchActions({ testId, onReset }: { testId: string; onReset: () => void }) {
  const t = useT();
  return (
    <Space>
      <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid={testId}>{t('common.search')}</Button>
      <Button icon={<ReloadOutlined />} onClick={onReset}>{t('common.reset')}</Button>
    </Space>
  );
}
