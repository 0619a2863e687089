import { Card, Select, Tag, Typography, type TableColumnsType } from 'antd';
import type { GenerationLog, LogFilters } from '../../api/stats';
import { ResourceTable } from '../../components/resource/resource-table';
import type { PagedList } from '../../components/resource/use-paged-list';
import { formatTime } from '../../components/time';
import { useT } from '../../i18n/preferences';
import { isLogStatus, LOG_STATUSES, type LogStatus } from '../../lib/stats-data';
import { detailsText, formatDuration, logStatusColor } from './logic/format';

const PAGE_SIZES = [10, 20, 50, 100];
const dash = (v: unknown) => (v === null || v === undefined || v === '' ? '-' : String(v));

interface StatsLogsProps {
  logs: PagedList<GenerationLog, LogFilters>;
  status: LogStatus | undefined;
  onStatus: (status: LogStatus | undefined) => void;
  /** Admins see whose log it is. */
  isAdmin: boolean;
  projectNames: ReadonlyMap<string, string>;
  userNames: ReadonlyMap<string, string>;
}

/** The generation logs of the filters, with a status filter of their own; a row opens to its details. */
export function StatsLogs({ logs, status, onStatus, isAdmin, projectNames, userNames }: StatsLogsProps) {
  const t = useT();
  const statusLabel = (s: unknown) => (isLogStatus(s) ? t(`stats.status.${s}`) : dash(s));
  const projectLabel = (log: GenerationLog) => projectNames.get(String(log.projectId)) ?? log.projectName ?? `#${log.projectId}`;
  const userLabel = (log: GenerationLog) => userNames.get(String(log.userId)) ?? log.userName ?? `#${log.userId}`;

  const columns: TableColumnsType<GenerationLog> = [
    { title: t('stats.col.time'), dataIndex: 'timestamp', width: 170, render: formatTime },
    { title: t('stats.col.project'), dataIndex: 'projectId', render: (_, log) => projectLabel(log) },
    ...(isAdmin ? [{ title: t('stats.col.user'), dataIndex: 'userId', render: (_: unknown, log: GenerationLog) => userLabel(log) }] : []),
    {
      title: t('stats.col.status'),
      dataIndex: 'status',
      render: (s: string, log) => (
        <Tag color={logStatusColor(s)} data-testid={`stats-status-${log.logId}`} data-status={s} style={{ marginInlineEnd: 0 }}>
          {statusLabel(s)}
        </Tag>
      ),
    },
    { title: t('stats.col.duration'), dataIndex: 'durationMs', align: 'right', render: (v: number | null) => formatDuration(v) },
    { title: t('stats.col.concurrentId'), dataIndex: 'concurrentId', render: dash },
    {
      title: t('stats.col.promptId'),
      dataIndex: 'promptId',
      render: (v: string | null) =>
        v ? <Typography.Text ellipsis={{ tooltip: v }} copyable={{ text: v }} style={{ maxWidth: 160 }}>{v}</Typography.Text> : '-',
    },
    {
      title: t('stats.col.details'),
      dataIndex: 'details',
      render: (v: unknown) => {
        const text = detailsText(v);
        return text ? <Typography.Text type="secondary" ellipsis={{ tooltip: text }} style={{ maxWidth: 240 }}>{text}</Typography.Text> : '-';
      },
    },
    {
      title: t('stats.col.logId'),
      dataIndex: 'logId',
      render: (v: string) => <Typography.Text code copyable={{ text: String(v) }}>{v}</Typography.Text>,
    },
  ];

  return (
    <Card
      title={t('stats.logs.title')}
      extra={
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('stats.allStatuses')}
          value={status}
          options={LOG_STATUSES.map((s) => ({ value: s, label: t(`stats.status.${s}`) }))}
          onChange={(v?: LogStatus) => onStatus(v)}
          aria-label={t('stats.status')}
          data-testid="stats-status"
        />
      }
    >
      <ResourceTable<GenerationLog>
        source={logs}
        name="stats"
        rowKey="logId"
        size="middle"
        columns={columns}
        pageSizes={PAGE_SIZES}
        emptyText={t('stats.logs.empty')}
        errorTitle={(msg) => t('stats.logs.loadFailed', { msg })}
        expandable={{
          rowExpandable: (log) => detailsText(log.details) !== '',
          expandedRowRender: (log) => (
            <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, margin: 0 }}>{detailsText(log.details, true)}</pre>
          ),
        }}
        data-testid="stats-table"
      />
    </Card>
  );
}
