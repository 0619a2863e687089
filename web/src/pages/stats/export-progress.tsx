import { Alert, Button, Card, Flex, Progress, Spin, Typography } from 'antd';
import { useT } from '../../i18n/preferences';
import type { ExportState } from './use-export';

/** Where a running export is: preparing, a task's progress (cancellable), or why it failed. */
export function ExportProgress({ state, onCancel, onDismiss }: { state: ExportState; onCancel: () => void; onDismiss: () => void }) {
  const t = useT();
  if (state.phase === 'requesting') {
    return <Alert style={{ marginBottom: 16 }} type="info" showIcon icon={<Spin size="small" />} title={t('stats.export.preparing')} data-testid="stats-export-preparing" />;
  }
  if (state.phase === 'task') {
    const text =
      state.status === 'completed'
        ? t('stats.export.downloading')
        : state.status === 'active'
          ? t('stats.export.active', { percent: state.percent })
          : t('stats.export.waiting');
    return (
      <Card size="small" style={{ marginBottom: 16 }} data-testid="stats-export-progress" data-percent={state.percent} data-status={state.status}>
        <Flex align="center" gap={16} wrap>
          <Typography.Text>{text}</Typography.Text>
          <Progress percent={state.percent} status="active" style={{ flex: 1, minWidth: 200, margin: 0 }} />
          <Button size="small" onClick={onCancel} data-testid="stats-export-cancel">{t('stats.export.cancel')}</Button>
        </Flex>
      </Card>
    );
  }
  if (state.phase === 'error') {
    return (
      <Alert
        style={{ marginBottom: 16 }}
        type="error"
        showIcon
        closable={{ onClose: onDismiss }}
        title={t('stats.export.errorTitle')}
        description={state.message}
        data-testid="stats-export-error"
      />
    );
  }
  return null;
}
