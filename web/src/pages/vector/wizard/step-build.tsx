import { useEffect } from 'react';
import { Alert, Descriptions, Flex, Progress, Result, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchTask } from '../../../api/stats';
import type { CollectionPlanInput } from '../../../api/vectors';
import { VECTOR_IDS } from '../../../components/test-ids';
import { useT } from '../../../i18n/preferences';
import type { MessageKey } from '../../../i18n/messages';
import { TASK_POLL_MS, taskPercent } from '../../../lib/export-answer';

const TERMINAL = ['completed', 'failed', 'cancelled'];
const STATUS_TEXT: Record<string, MessageKey> = {
  waiting: 'vector.wizard.build.waiting',
  completed: 'vector.wizard.build.completed',
  failed: 'vector.wizard.build.failed',
  cancelled: 'vector.wizard.build.cancelled',
};

/** Before the build: what will be created. */
export function BuildSummary({ plan, title, dbName }: { plan: CollectionPlanInput; title: string; dbName: string }) {
  const t = useT();
  return (
    <Descriptions size="small" bordered column={1}>
      <Descriptions.Item label={t('vector.col.title')}>{title}</Descriptions.Item>
      <Descriptions.Item label={t('vector.col.connection')}>{dbName}</Descriptions.Item>
      <Descriptions.Item label={t('vector.col.tables')}>{plan.tableIds.join(', ')}</Descriptions.Item>
      <Descriptions.Item label={t('vector.wizard.fields.column')}>{plan.fieldKeys.join(', ')}</Descriptions.Item>
      {plan.joinConfig.length > 0 && (
        <Descriptions.Item label={t('vector.wizard.joins.title')}>
          {plan.joinConfig.map((j) => `${j.type.toUpperCase()} JOIN ${j.left} = ${j.right}`).join('; ')}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('vector.col.model')}>{plan.advancedConfig.embeddingModel ?? '-'}</Descriptions.Item>
      <Descriptions.Item label={t('vector.wizard.settings.metric')}>
        {`${plan.advancedConfig.metric} · HNSW m=${plan.advancedConfig.hnsw?.m} efConstruction=${plan.advancedConfig.hnsw?.efConstruction} · chunk ${plan.advancedConfig.chunkSize}`}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** After create: the build task, polled every second until it ends; `onDone` once, when it has. */
export function BuildProgress({ taskId, onDone }: { taskId: string; onDone: (status: string) => void }) {
  const t = useT();
  const task = useQuery({
    queryKey: ['tasks', taskId],
    queryFn: ({ signal }) => fetchTask(taskId, { silent: true, signal }),
    refetchInterval: (q) => (q.state.data && TERMINAL.includes(q.state.data.status) ? false : TASK_POLL_MS),
    retry: 3,
  });
  const status = task.data?.status ?? 'waiting';
  const percent = taskPercent(task.data);
  const done = TERMINAL.includes(status);
  useEffect(() => {
    if (done) onDone(status);
  }, [done, status, onDone]);

  const text = status === 'active' ? t('vector.wizard.build.active', { percent }) : t(STATUS_TEXT[status] ?? 'vector.wizard.build.waiting');
  return (
    <Flex vertical gap={16} data-testid={VECTOR_IDS.wizardProgress} data-status={status} data-percent={percent}>
      {done && status === 'completed' ? (
        <Result status="success" title={text} subTitle={resultText(task.data?.result)} />
      ) : done ? (
        <Result status={status === 'failed' ? 'error' : 'warning'} title={text} subTitle={task.data?.error ?? undefined} />
      ) : (
        <>
          <Typography.Text>{text}</Typography.Text>
          <Progress percent={percent} status="active" />
          <Alert type="info" showIcon title={t('vector.wizard.build.background')} />
        </>
      )}
      {task.isError && <Alert type="warning" showIcon title={(task.error as Error).message} />}
    </Flex>
  );
}

/** `{ rows, docs }` of a finished build, as the task reports it. */
function resultText(result: unknown): string | undefined {
  if (!result || typeof result !== 'object') return undefined;
  return Object.entries(result as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
}
