import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Popconfirm, Popover, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { ClearOutlined, DeleteOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { deleteLogs, listLogs, type LogQuery } from '../../../api/logs';
import type { Id, SystemLog } from '../../../api/types';
import { Auth } from '../../../auth/auth';
import { PageHeader } from '../../../components/page-header';
import { RowAction } from '../../../components/resource/actions';
import { ResourceTable } from '../../../components/resource/resource-table';
import { usePagedList } from '../../../components/resource/use-paged-list';
import { useResourceMutation } from '../../../components/resource/use-resource-mutation';
import { SearchForm } from '../../../components/search-form';
import { testId } from '../../../components/test-ids';
import { formatTime } from '../../../components/time';
import { useT } from '../../../i18n/preferences';
import { LogDetailDrawer } from './log-detail-drawer';
import { LOG_TYPES, LogTypeTag } from './log-type';

const PERM = 'system:logs';

interface FilterForm {
  type?: string;
  action?: string;
  username?: string;
  ip?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}
type Filters = Omit<LogQuery, 'current' | 'size'>;

function statusColor(status?: number | null) {
  if (!status) return 'default';
  if (status >= 500) return 'red';
  if (status >= 400) return 'orange';
  return 'green';
}

export default function LogsPage() {
  const t = useT();
  const logs = usePagedList<SystemLog, Filters>({ key: ['settings', 'logs'], fetch: (params) => listLogs(params), size: 20 });
  const [selected, setSelected] = useState<Id[]>([]);
  const [detailId, setDetailId] = useState<Id | null>(null);
  const [before, setBefore] = useState<Dayjs | null>(null);
  const [form] = Form.useForm<FilterForm>();

  const remove = useResourceMutation({
    mutationFn: deleteLogs,
    success: t('common.deleted'),
    onSuccess: (_, selector) => {
      if ('ids' in selector) logs.afterRemove(selector.ids.length);
      setSelected([]);
      setBefore(null);
    },
    refresh: logs.refresh,
  });

  const columns: TableColumnsType<SystemLog> = [
    { title: t('logs.time'), dataIndex: 'createdAt', render: formatTime, width: 170 },
    { title: t('logs.type'), dataIndex: 'type', render: (v: string) => <LogTypeTag type={v} /> },
    { title: t('logs.action'), dataIndex: 'action', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('logs.username'), dataIndex: 'username', render: (v) => v || '-' },
    { title: t('logs.ip'), dataIndex: 'ip', render: (v) => v || '-' },
    { title: t('logs.method'), dataIndex: 'method', render: (v) => v || '-' },
    { title: t('logs.path'), dataIndex: 'path', ellipsis: true, render: (v) => v || '-' },
    { title: t('logs.status'), dataIndex: 'status', render: (v: number | null) => (v ? <Tag color={statusColor(v)}>{v}</Tag> : '-') },
    { title: t('logs.duration'), dataIndex: 'durationMs', render: (v) => v ?? '-' },
  ];

  const search = ({ range, ...rest }: FilterForm) =>
    logs.setFilters({ ...rest, start: range?.[0]?.toISOString(), end: range?.[1]?.toISOString() });

  return (
    <div data-testid="logs-page">
      <PageHeader
        title={t('logs.title')}
        extra={
          <Auth perm={PERM}>
            <Popconfirm destroyOnHidden
              title={t('logs.confirmDeleteSelected', { count: selected.length })}
              disabled={selected.length === 0}
              onConfirm={() => remove.mutate({ ids: selected })}
              okButtonProps={testId('popconfirm-ok')}
            >
              <Button danger icon={<DeleteOutlined />} disabled={selected.length === 0} data-testid="logs-delete-selected">
                {t('logs.deleteSelected')} {selected.length ? `(${selected.length})` : ''}
              </Button>
            </Popconfirm>
            <Popover
              trigger="click"
              title={t('logs.before')}
              content={
                <Space>
                  <DatePicker showTime value={before} onChange={setBefore} data-testid="logs-before-date" />
                  <Popconfirm destroyOnHidden
                    title={t('common.confirmDelete')}
                    disabled={!before}
                    onConfirm={() => before && remove.mutate({ before: before.toISOString() })}
                    okButtonProps={testId('popconfirm-ok')}
                  >
                    <Button danger type="primary" disabled={!before} data-testid="logs-before-submit">{t('common.delete')}</Button>
                  </Popconfirm>
                </Space>
              }
            >
              <Button icon={<ClearOutlined />} data-testid="logs-delete-before">{t('logs.deleteBefore')}</Button>
            </Popover>
          </Auth>
        }
      />
      <Card>
        <SearchForm form={form} name="logs" onSearch={search}>
          <Form.Item name="type" label={t('logs.type')}>
            <Select allowClear style={{ width: 120 }} options={LOG_TYPES.map((v) => ({ value: v, label: t(`logs.type.${v}`) }))} data-testid="logs-filter-type" />
          </Form.Item>
          <Form.Item name="action" label={t('logs.action')}>
            <Input allowClear style={{ width: 150 }} data-testid="logs-filter-action" />
          </Form.Item>
          <Form.Item name="username" label={t('logs.username')}>
            <Input allowClear style={{ width: 130 }} data-testid="logs-filter-username" />
          </Form.Item>
          <Form.Item name="ip" label={t('logs.ip')}>
            <Input allowClear style={{ width: 140 }} data-testid="logs-filter-ip" />
          </Form.Item>
          <Form.Item name="range" label={t('logs.timeRange')}>
            <DatePicker.RangePicker showTime data-testid="logs-filter-range" />
          </Form.Item>
        </SearchForm>
        <ResourceTable<SystemLog>
          source={logs}
          name="logs"
          size="middle"
          columns={columns}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as Id[]), preserveSelectedRowKeys: false }}
          actions={(log) => (
            <RowAction testId={`logs-detail-${log.id}`} onClick={() => setDetailId(log.id)}>{t('common.detail')}</RowAction>
          )}
        />
      </Card>
      <LogDetailDrawer id={detailId} onClose={() => setDetailId(null)} />
    </div>
  );
}
