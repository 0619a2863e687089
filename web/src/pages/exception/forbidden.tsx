import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../../i18n/preferences';

export function Forbidden() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={<span data-testid="forbidden-title">{t('exception.403.title')}</span>}
      subTitle={t('exception.403.desc')}
      data-testid="page-forbidden"
      extra={<Button type="primary" data-testid="forbidden-home" onClick={() => navigate('/', { replace: true })}>{t('common.backHome')}</Button>}
    />
  );
}
