import { Alert, Button, Divider, Flex, Form, Input, List, Space, Switch, Typography } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { previewCron, saveSyncConfig, syncCollection, type Collection } from '../../api/vectors';
import { FormModal, type Editor } from '../../components/resource/form-modal';
import { useResourceMutation } from '../../components/resource/use-resource-mutation';
import { VECTOR_IDS } from '../../components/test-ids';
import { formatTime } from '../../components/time';
import { useT } from '../../i18n/preferences';
import type { MessageKey } from '../../i18n/messages';
import { CRON_PRESETS } from './logic/wizard-plan';
import { useDebounced } from './use-debounced';
import { failureText } from './failure-text';

export interface SyncFormValues {
  enabled: boolean;
  expression: string;
}

const PRESET_LABELS: Record<(typeof CRON_PRESETS)[number]['key'], MessageKey> = {
  hourly: 'vector.sync.preset.hourly',
  daily: 'vector.sync.preset.daily',
  weekly: 'vector.sync.preset.weekly',
};

export const syncFormValues = (c: Collection): SyncFormValues => ({ enabled: c.syncEnabled, expression: c.syncExpression ?? CRON_PRESETS[1].expression });

/** An instant as the clock of `zone` shows it (`YYYY-MM-DD HH:mm:ss`): a schedule runs on the platform's clock. */
export function zoneTime(iso: string, zone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  } catch {
    return formatTime(iso);
  }
}

/** The next five runs of an expression, as the server computes them in its zone (or why it is refused). */
function CronNext({ expression }: { expression: string }) {
  const t = useT();
  const settled = useDebounced(expression.trim(), 400);
  const preview = useQuery({
    queryKey: ['vectors', 'cron-preview', settled],
    queryFn: ({ signal }) => previewCron(settled, signal),
    enabled: !!settled,
    retry: false,
    staleTime: 30_000,
  });
  if (!settled) return null;
  if (preview.isError) {
    return (
      <Alert type="error" showIcon title={t('vector.sync.invalid')} description={failureText(preview.error)} data-testid={VECTOR_IDS.syncInvalid} />
    );
  }
  return (
    <List
      size="small"
      bordered
      loading={preview.isFetching}
      header={<Typography.Text type="secondary">{t('vector.sync.next', { zone: preview.data?.zone ?? '' })}</Typography.Text>}
      dataSource={preview.data?.next ?? []}
      renderItem={(time) => <List.Item>{zoneTime(time, preview.data?.zone)}</List.Item>}
      data-testid={VECTOR_IDS.syncNext}
      data-count={preview.data?.next.length ?? 0}
    />
  );
}

/** A collection's schedule: on/off, its cron expression with presets and its next runs, and "sync now". */
export function SyncDialog({ editor, refresh }: { editor: Editor<Collection, SyncFormValues>; refresh: () => unknown }) {
  const t = useT();
  const target = editor.target;
  const expression = Form.useWatch('expression', editor.form) ?? '';
  const enabled = Form.useWatch('enabled', editor.form) ?? false;
  const save = useResourceMutation({
    mutationFn: (values: SyncFormValues) => saveSyncConfig(target!.id, { enabled: values.enabled, expression: values.expression.trim() }),
    success: t('vector.sync.saved'),
    onSuccess: editor.close,
    refresh,
  });
  const syncNow = useResourceMutation({
    mutationFn: () => syncCollection(target!.id),
    success: t('vector.syncStarted'),
    onSuccess: editor.close,
    refresh,
  });

  return (
    <FormModal
      form={editor.form}
      open={!!target}
      width={560}
      title={t('vector.sync.title', { title: target?.title ?? '' })}
      onClose={editor.close}
      onSubmit={(values) => save.mutate(values)}
      pending={save.isPending}
      testId={VECTOR_IDS.syncForm}
    >
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('vector.sync.lastSync', { time: formatTime(target?.lastSyncAt) })}</Typography.Text>
        <Button
          icon={<SyncOutlined />}
          loading={syncNow.isPending}
          disabled={target?.status !== 'ready'}
          onClick={() => syncNow.mutate()}
          data-testid={VECTOR_IDS.syncNow}
        >
          {t('vector.sync.now')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary">{t('vector.sync.incremental')}</Typography.Paragraph>
      <Divider style={{ margin: '8px 0 16px' }} />
      <Form.Item name="enabled" label={t('vector.sync.enabled')} valuePropName="checked">
        <Switch data-testid={VECTOR_IDS.syncEnabled} />
      </Form.Item>
      <Form.Item label={t('vector.sync.presets')}>
        <Space wrap>
          {CRON_PRESETS.map((p) => (
            <Button
              key={p.key}
              size="small"
              type={expression.trim() === p.expression ? 'primary' : 'default'}
              onClick={() => editor.form.setFieldsValue({ expression: p.expression, enabled: true })}
              data-testid={VECTOR_IDS.syncPreset(p.key)}
            >
              {t(PRESET_LABELS[p.key])}
            </Button>
          ))}
        </Space>
      </Form.Item>
      <Form.Item
        name="expression"
        label={t('vector.sync.expression')}
        extra={t('vector.sync.expressionHint')}
        rules={[{ required: enabled, message: t('common.required', { field: t('vector.sync.expression') }) }]}
      >
        <Input placeholder="0 2 * * *" data-testid={VECTOR_IDS.syncExpression} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <CronNext expression={expression} />
    </FormModal>
  );
}
