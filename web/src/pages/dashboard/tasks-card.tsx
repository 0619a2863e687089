import { useState, type HTMLAttributes } from 'react';
import { Badge, Descriptions, Progress, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TaskType } from '@app/contracts/queues';
import type { TaskStatus } from '@app/contracts/statuses';
import { listDashboardTasks, type DashboardTask } from '../../api/monitor';
import { formatTime } from '../../components/time';
import { useT } from '../../i18n/preferences';
import { pollingOptions } from '../monitor/logic/polling';
import { detailsText } from '../stats/logic/format';
import { TASK_STATUSES, TASK_TYPE_OPTIONS, TASKS_PAGE_SIZE, TASKS_REFRESH_MS, taskBadge, taskOwner, taskProgress, taskTypeKey } from './logic/ops';
import { OpsSection } from './ops-section';

/** 后台任务队列 (seed 004 §3.2): exports, collection builds and syncs, newest first, with their live progress. */
export function TasksCard({ enabled }: { enabled: boolean }) {
  const t = useT();
  const [paging, setPaging] = useState({ current: 1, size: TASKS_PAGE_SIZE });
  const [status, setStatus] = useState<TaskStatus | undefined>();
  const [type, setType] = useState<TaskType | undefined>();
  const query = { ...paging, status, type };
  const tasks = useQuery({
    queryKey: ['dashboard', 'tasks', query],
    queryFn: ({ signal }) => listDashboardTasks(query, { silent: true, signal }),
    enabled,
    placeholderData: keepPreviousData,
    ...pollingOptions(() => TASKS_REFRESH_MS),
  });
  const data = tasks.data;
  const columns: TableColumnsType<DashboardTask> = [
    {
      title: t('dashboard.tasks.col.type'),
      dataIndex: 'type',
      render: (v: string) => {
        const key = taskTypeKey(v);
        return key ? t(key) : v;
      },
    },
    {
      title: t('dashboard.tasks.col.status'),
      dataIndex: 'status',
      render: (v: string, r) => {
        const badge = taskBadge(v);
        const text = <Badge status={badge.status} text={t(badge.labelKey)} data-testid={`dashboard-task-status-${r.id}`} data-status={v} />;
        return r.error ? <Tooltip title={r.error}>{text}</Tooltip> : text;
      },
    },
    { title: t('dashboard.tasks.col.owner'), dataIndex: 'userName', render: (_: unknown, r) => taskOwner(r) },
    {
      title: t('dashboard.tasks.col.progress'),
      dataIndex: 'progress',
      width: 200,
      render: (_: unknown, r) => {
        const p = taskProgress(r);
        return <Progress percent={p.percent} status={p.status} size="small" data-testid={`dashboard-task-progress-${r.id}`} data-value={p.percent} />;
      },
    },
    { title: t('dashboard.tasks.col.createdAt'), dataIndex: 'createdAt', render: formatTime },
  ];
  return (
    <OpsSection
      testId="dashboard-tasks"
      title={t('dashboard.tasks.title')}
      query={tasks}
      failedText={(msg) => t('dashboard.tasks.failed', { msg })}
      extra={
        <Space size={8} wrap>
        <Select<TaskType>
          allowClear
          size="small"
          style={{ minWidth: 140 }}
          placeholder={t('dashboard.tasks.allTypes')}
          value={type}
          onChange={(v) => {
            setType(v);
            setPaging((p) => ({ ...p, current: 1 }));
          }}
          options={TASK_TYPE_OPTIONS.map((k) => ({ value: k, label: t(taskTypeKey(k)!) }))}
          data-testid="dashboard-tasks-type"
        />
        <Select<TaskStatus>
          allowClear
          size="small"
          style={{ minWidth: 140 }}
          placeholder={t('dashboard.tasks.allStatuses')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPaging((p) => ({ ...p, current: 1 }));
          }}
          options={TASK_STATUSES.map((s) => ({ value: s, label: t(taskBadge(s).labelKey) }))}
          data-testid="dashboard-tasks-status"
        />
        </Space>
      }
    >
      {data?.queues && data.queues.length > 0 && (
        <Space size={[8, 8]} wrap style={{ marginBottom: 12 }} data-testid="dashboard-queues">
          {data.queues.map((q) => (
            <Tag key={q.name} data-testid={`dashboard-queue-${q.name}`}>
              {t('dashboard.tasks.queueCounts', { name: q.name, waiting: q.waiting, active: q.active, failed: q.failed })}
            </Tag>
          ))}
        </Space>
      )}
      <div data-testid="dashboard-tasks-table" data-total={data?.total ?? ''} data-rows={data?.records.length ?? 0}>
        <Table<DashboardTask>
          rowKey="id"
          size="small"
          loading={enabled && tasks.isPending}
          columns={columns}
          dataSource={data?.records ?? []}
          expandable={{ expandedRowRender: (r) => <TaskDetail task={r} /> }}
          onRow={(r) => ({ 'data-testid': `dashboard-task-row-${r.id}`, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Typography.Text type="secondary">{t('dashboard.tasks.empty')}</Typography.Text> }}
          pagination={{
            current: data?.current ?? paging.current,
            pageSize: data?.size ?? paging.size,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50],
            showTotal: (total) => t('dashboard.tasks.total', { total }),
            onChange: (current, size) => setPaging({ current: size === paging.size ? current : 1, size }),
          }}
          scroll={{ x: 'max-content' }}
        />
      </div>
    </OpsSection>
  );
}

/** What a task was asked, what came of it, and its job in the queue (read live). */
function TaskDetail({ task }: { task: DashboardTask }) {
  const t = useT();
  const json = (v: unknown) => {
    const text = detailsText(v, true);
    return text ? <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{text}</pre> : '-';
  };
  return (
    <Descriptions size="small" column={1} bordered data-testid={`dashboard-task-detail-${task.id}`}>
      <Descriptions.Item label="ID">{task.id}</Descriptions.Item>
      <Descriptions.Item label={t('dashboard.tasks.job')}>
        {task.job ? t('dashboard.tasks.jobState', { queue: task.job.queue, state: task.job.state, attempts: task.job.attemptsMade }) : '-'}
      </Descriptions.Item>
      <Descriptions.Item label={t('dashboard.tasks.startedAt')}>{formatTime(task.startedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('dashboard.tasks.finishedAt')}>{formatTime(task.finishedAt)}</Descriptions.Item>
      {task.error && (
        <Descriptions.Item label={t('dashboard.tasks.error')}>
          <Typography.Text type="danger">{task.error}</Typography.Text>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('dashboard.tasks.payload')}>{json(task.payload)}</Descriptions.Item>
      <Descriptions.Item label={t('dashboard.tasks.result')}>{json(task.result)}</Descriptions.Item>
    </Descriptions>
  );
}
