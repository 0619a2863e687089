import type { ReactNode } from 'react';
import { Alert, Button, Card } from 'antd';
import { useT } from '../../i18n/preferences';

/**
 * A dashboard card fed by one endpoint: its failure is a notice inside the card (the other cards keep
 * working), with a retry. `data-state` says loading / error / ready for tests.
 */
export function OpsSection({
  testId, title, extra, query, failedText, children,
}: {
  testId: string;
  title: ReactNode;
  extra?: ReactNode;
  query: { isPending: boolean; isError: boolean; error: unknown; data?: unknown; refetch: () => unknown };
  failedText: (msg: string) => ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  const state = query.isError ? 'error' : query.isPending ? 'loading' : 'ready';
  return (
    <Card title={title} extra={extra} data-testid={testId} data-state={state} style={{ height: '100%' }}>
      {query.isError && (
        <Alert
          style={{ marginBottom: query.data === undefined ? 0 : 16 }}
          type="warning"
          showIcon
          title={failedText((query.error as Error | null)?.message ?? '')}
          action={<Button size="small" onClick={() => void query.refetch()}>{t('common.retry')}</Button>}
          data-testid={`${testId}-error`}
        />
      )}
      {query.isError && query.data === undefined ? null : children}
    </Card>
  );
}
