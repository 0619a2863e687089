import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Popconfirm, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ExportOutlined, PoweroffOutlined, RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listComfyServices, restartComfyService, stopComfyService, type ComfyService } from '../../../api/comfy';
import { Auth } from '../../../auth/auth';
import { useMe, usePermission } from '../../../auth/session-hooks';
import { PageHeader } from '../../../components/page-header';
import { testId } from '../../../components/test-ids';
import { formatTime } from '../../../components/time';
import { useT } from '../../../i18n/preferences';
import { instanceProjectLabel, instanceUserLabel } from '../logic/names';
import { INSTANCES_REFRESH_MS, instanceActions } from '../logic/service-status';
import { RelativeTime, useNow } from '../relative-time';
import { StatusTag } from '../status-tag';
import { useOpenComfy } from '../use-open-comfy';

const PERM = 'comfy:use';
const dash = (v: unknown) => (v === null || v === undefined || v === '' ? '-' : String(v));

/** ComfyUI instances: the user's own, every instance for admins; refreshed every 5 s. */
export default function WorkbenchInstancesPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { has } = usePermission();
  const me = useMe().data?.user;
  const now = useNow(1000);
  const comfy = useOpenComfy();
  const [paging, setPaging] = useState({ current: 1, size: 20 });
  const isAdmin = has('*');

  const services = useQuery({
    queryKey: ['workbench', 'services', paging],
    queryFn: () => listComfyServices(paging),
    placeholderData: keepPreviousData,
    refetchInterval: INSTANCES_REFRESH_MS,
  });

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['workbench'] });
  const stop = useMutation({
    mutationFn: (s: ComfyService) => stopComfyService(s.serviceId),
    onSuccess: () => {
      message.success(t('instances.stopSent'));
      void refresh();
    },
  });
  const restart = useMutation({
    mutationFn: (s: ComfyService) => restartComfyService(s.serviceId),
    onSuccess: () => {
      message.success(t('instances.restartSent'));
      void refresh();
    },
  });
  const busy = (m: typeof stop, s: ComfyService) => m.isPending && m.variables?.serviceId === s.serviceId;

  const columns: TableColumnsType<ComfyService> = [
    {
      title: t('instances.project'),
      dataIndex: 'projectName',
      render: (_, s) => <span data-testid={`instance-project-${s.serviceId}`}>{instanceProjectLabel(s)}</span>,
    },
    ...(isAdmin
      ? [
          {
            title: t('instances.owner'),
            dataIndex: 'userName',
            render: (_: unknown, s: ComfyService) => <span data-testid={`instance-user-${s.serviceId}`}>{instanceUserLabel(s)}</span>,
          },
        ]
      : []),
    { title: t('instances.port'), dataIndex: 'port', render: dash },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (_, s) => <StatusTag status={s.status} testId={`instance-status-${s.serviceId}`} />,
    },
    { title: t('instances.pid'), dataIndex: 'pid', render: dash },
    { title: t('instances.gpu'), dataIndex: 'gpu', render: dash },
    { title: t('instances.startedAt'), dataIndex: 'startedAt', render: formatTime },
    {
      title: t('instances.lastHeartbeat'),
      dataIndex: 'lastHeartbeat',
      render: (v: string | null) => <RelativeTime value={v} now={now} />,
    },
    { title: t('instances.restarts'), dataIndex: 'restarts', render: (v) => v ?? 0 },
    {
      title: t('instances.lastError'),
      dataIndex: 'lastError',
      width: 240,
      render: (v: string | null) =>
        v ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: v }} style={{ display: 'inline-block', width: 240 }}>{v}</Typography.Text>
        ) : (
          '-'
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, s) => {
        const can = instanceActions(s, me?.id);
        return (
          <Auth perm={PERM}>
            <Space size={0}>
              <Tooltip title={can.own ? undefined : t('instances.notOwner')}>
                <Button
                  type="link"
                  size="small"
                  icon={<ExportOutlined />}
                  disabled={!can.canOpen}
                  loading={comfy.isPending(s.projectId)}
                  onClick={() => comfy.open(s.projectId)}
                  data-testid={`instance-open-${s.serviceId}`}
                >
                  {t('instances.open')}
                </Button>
              </Tooltip>
              <Popconfirm
                destroyOnHidden
                title={t('instances.stopConfirm')}
                disabled={!can.canStop}
                okButtonProps={{ danger: true, ...testId('popconfirm-ok') }}
                onConfirm={() => stop.mutate(s)}
              >
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<PoweroffOutlined />}
                  disabled={!can.canStop}
                  loading={busy(stop, s)}
                  data-testid={`instance-stop-${s.serviceId}`}
                >
                  {t('instances.stop')}
                </Button>
              </Popconfirm>
              <Button
                type="link"
                size="small"
                icon={<RedoOutlined />}
                disabled={!can.canRestart}
                loading={busy(restart, s)}
                onClick={() => restart.mutate(s)}
                data-testid={`instance-restart-${s.serviceId}`}
              >
                {t('instances.restart')}
              </Button>
            </Space>
          </Auth>
        );
      },
    },
  ];

  return (
    <div data-testid="instances-page">
      <PageHeader
        title={t('instances.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()} loading={services.isFetching && !services.isLoading} data-testid="instances-refresh">
            {t('common.refresh')}
          </Button>
        }
      />
      <Card>
        <Table<ComfyService>
          rowKey="serviceId"
          columns={columns}
          dataSource={services.data?.records}
          loading={services.isLoading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('instances.empty') }}
          onRow={(s) => ({ 'data-testid': `instances-row-${s.serviceId}` }) as HTMLAttributes<HTMLElement>}
          data-testid="instances-table"
          pagination={{
            current: paging.current,
            pageSize: paging.size,
            total: services.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (current, size) => setPaging({ current, size }),
          }}
        />
      </Card>
    </div>
  );
}
