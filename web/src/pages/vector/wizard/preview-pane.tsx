import { Alert, Button, Card, Collapse, Empty, Flex, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { previewCollection, type CollectionPlanInput } from '../../../api/vectors';
import { VECTOR_IDS } from '../../../components/test-ids';
import { useT } from '../../../i18n/preferences';
import { WIZARD_KEY } from '../keys';
import { failureText } from '../failure-text';

const PREVIEW_ROWS = 5;

/** The preview of a plan, as the server reads and renders it: the first rows' text, or why the plan is refused. */
export function usePreview(plan: CollectionPlanInput, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...WIZARD_KEY, 'preview', plan],
    queryFn: ({ signal }) => previewCollection({ ...plan, limit: PREVIEW_ROWS }, { signal }),
    retry: false,
    staleTime: 10_000,
  });
}

/** Step 4 (and beside the template): the text each vector would be made of. */
export function PreviewPane({ plan }: { plan: CollectionPlanInput }) {
  const t = useT();
  const preview = usePreview(plan);
  const data = preview.data;
  return (
    <Flex vertical gap={12} data-testid={VECTOR_IDS.wizardPreview} data-state={preview.isError ? 'error' : preview.isSuccess && !preview.isFetching ? 'ready' : 'loading'}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">
          {t('vector.wizard.preview.hint', { count: PREVIEW_ROWS })}
          {data && data.rowEstimate >= 0 ? ` · ${t('vector.wizard.preview.rowEstimate', { count: data.rowEstimate.toLocaleString() })}` : ''}
        </Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} loading={preview.isFetching} onClick={() => void preview.refetch()}>
          {t('vector.wizard.preview.refresh')}
        </Button>
      </Flex>
      {preview.isError && (
        <Alert type="error" showIcon title={t('vector.wizard.preview.invalid')} description={failureText(preview.error)} data-testid={VECTOR_IDS.wizardPreviewError} />
      )}
      {preview.isLoading && <Spin />}
      {data && !data.rows.length && <Empty description={t('vector.wizard.preview.empty')} />}
      {data?.rows.map((row) => (
        <Card key={row.key} size="small" title={<Typography.Text code>{row.key}</Typography.Text>} data-testid={VECTOR_IDS.wizardPreviewRow}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{row.content}</Typography.Paragraph>
          <Collapse
            size="small"
            ghost
            items={[{ key: 'm', label: t('vector.wizard.preview.metadata'), children: <pre style={{ margin: 0, fontSize: 12 }}>{JSON.stringify(row.metadata, null, 2)}</pre> }]}
          />
        </Card>
      ))}
    </Flex>
  );
}
