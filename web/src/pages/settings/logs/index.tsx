import { useState } from 'react';
import {
  App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Popconfirm, Popover, Select, Space, Spin, Table, Tag, Typography,
  type TableColumnsType,
} from 'antd';
import { ClearOutlined, DeleteOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { deleteLogs, fetchLog, listLogs, type LogQuery } from '../../../api/logs';
import type { Id, SystemLog } from '../../../api/types';
import { Auth } from '../../../auth/auth';
import { PageHeader } from '../../../components/page-header';
import { rowTestId, testId } from '../../../components/test-ids';
import { formatTime } from '../../../components/time';
import { useT } from '../../../i18n/preferences';
import { SearchActions } from '../../../components/search-actions';

const PERM = 'system:logs';
const TYPES = ['login', 'operation', 'security', 'search', 'error'] as const;
const TYPE_COLORS: Record<string, string> = { login: 'blue', operation: 'cyan', security: 'red', search: 'purple', error: 'volcano' };

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
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [paging, setPaging] = useState({ current: 1, size: 20 });
  const [filters, setFilters] = useState<Filters>({});
  const [selected, setSelected] = useState<Id[]>([]);
  const [detailId, setDetailId] = useState<Id | null>(null);
  const [before, setBefore] = useState<Dayjs | null>(null);
  const [form] = Form.useForm<FilterForm>();

  const query: LogQuery = { ...paging, ...filters };
  const logs = useQuery({ queryKey: ['settings', 'logs', query], queryFn: () => listLogs(query), placeholderData: keepPreviousData });
  const detail = useQuery({ queryKey: ['settings', 'logs', 'detail', detailId], queryFn: () => fetchLog(detailId!), enabled: detailId !== null });

  const remove = useMutation({
    mutationFn: deleteLogs,
    onSuccess: () => {
      message.success(t('common.deleted'));
      setSelected([]);
      setBefore(null);
      void queryClient.invalidateQueries({ queryKey: ['settings', 'logs'] });
    },
  });

  const typeLabel = (type: string) => ((TYPES as readonly string[]).includes(type) ? t(`logs.type.${type}`) : type);

  const columns: TableColumnsType<SystemLog> = [
    { title: t('logs.time'), dataIndex: 'createdAt', render: formatTime, width: 170 },
    { title: t('logs.type'), dataIndex: 'type', render: (v: string) => <Tag color={TYPE_COLORS[v]}>{typeLabel(v)}</Tag> },
    { title: t('logs.action'), dataIndex: 'action', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('logs.username'), dataIndex: 'username', render: (v) => v || '-' },
    { title: t('logs.ip'), dataIndex: 'ip', render: (v) => v || '-' },
    { title: t('logs.method'), dataIndex: 'method', render: (v) => v || '-' },
    { title: t('logs.path'), dataIndex: 'path', ellipsis: true, render: (v) => v || '-' },
    { title: t('logs.status'), dataIndex: 'status', render: (v: number | null) => (v ? <Tag color={statusColor(v)}>{v}</Tag> : '-') },
    { title: t('logs.duration'), dataIndex: 'durationMs', render: (v) => v ?? '-' },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, log) => (
        <Button type="link" size="small" data-testid={`logs-detail-${log.id}`} onClick={() => setDetailId(log.id)}>{t('common.detail')}</Button>
      ),
    },
  ];

  const applyFilters = ({ range, ...rest }: FilterForm) => {
    setFilters({
      ...rest,
      start: range?.[0] ? range[0].toISOString() : undefined,
      end: range?.[1] ? range[1].toISOString() : undefined,
    });
    setPaging((p) => ({ ...p, current: 1 }));
  };

  const log = detail.data;
  const detailText = log?.detail === undefined || log?.detail === null ? '-' : typeof log.detail === 'string' ? log.detail : JSON.stringify(log.detail, null, 2);

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
        <Form form={form} layout="inline" onFinish={applyFilters} style={{ marginBottom: 16, rowGap: 8 }} data-testid="logs-search">
          <Form.Item name="type" label={t('logs.type')}>
            <Select allowClear style={{ width: 120 }} options={TYPES.map((v) => ({ value: v, label: t(`logs.type.${v}`) }))} data-testid="logs-filter-type" />
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
          <SearchActions
            testId="logs-search-submit"
            onReset={() => {
              form.resetFields();
              setFilters({});
              setPaging((p) => ({ ...p, current: 1 }));
            }}
          />
        </Form>
        <Table<SystemLog>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={logs.data?.records}
          loading={logs.isFetching}
          onRow={rowTestId('logs')}
          scroll={{ x: 'max-content' }}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as Id[]), preserveSelectedRowKeys: false }}
          pagination={{
            current: paging.current,
            pageSize: paging.size,
            total: logs.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (current, size) => setPaging({ current, size }),
          }}
        />
      </Card>
      <Drawer open={detailId !== null} size={560} title={t('logs.detail')} onClose={() => setDetailId(null)} data-testid="logs-detail-drawer">
        <Spin spinning={detail.isFetching}>
          {log && (
            <>
              <Descriptions
                column={1}
                size="small"
                bordered
                items={[
                  { key: 'id', label: 'ID', children: log.id },
                  { key: 'time', label: t('logs.time'), children: formatTime(log.createdAt) },
                  { key: 'type', label: t('logs.type'), children: <Tag color={TYPE_COLORS[log.type]}>{typeLabel(log.type)}</Tag> },
                  { key: 'action', label: t('logs.action'), children: log.action },
                  { key: 'user', label: t('logs.username'), children: log.username ? `${log.username}${log.userId ? ` (#${log.userId})` : ''}` : '-' },
                  { key: 'ip', label: t('logs.ip'), children: log.ip || '-' },
                  { key: 'request', label: t('logs.path'), children: log.path ? `${log.method ?? ''} ${log.path}` : '-' },
                  { key: 'status', label: t('logs.status'), children: log.status ?? '-' },
                  { key: 'duration', label: t('logs.duration'), children: log.durationMs ?? '-' },
                ]}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>{t('logs.detailData')}</Typography.Title>
              <pre data-testid="logs-detail-json" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, margin: 0 }}>{detailText}</pre>
            </>
          )}
        </Spin>
      </Drawer>
    </div>
  );
}
