import { Card, Typography, type TableColumnsType } from 'antd';
import { ExportOutlined, PoweroffOutlined, RedoOutlined } from '@ant-design/icons';
import { listComfyServices, restartComfyService, stopComfyService, type ComfyService } from '../../../api/comfy';
import { useMe, usePermission } from '../../../auth/session-hooks';
import { PageHeader } from '../../../components/page-header';
import { RefreshButton, RowAction } from '../../../components/resource/actions';
import { ResourceTable } from '../../../components/resource/resource-table';
import { usePagedList } from '../../../components/resource/use-paged-list';
import { useInvalidate, useResourceMutation } from '../../../components/resource/use-resource-mutation';
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
  const isAdmin = usePermission().has('*');
  const me = useMe().data?.user;
  const now = useNow(1000);
  const comfy = useOpenComfy();
  const services = usePagedList<ComfyService>({
    key: ['workbench', 'services'],
    fetch: (params) => listComfyServices(params),
    size: 20,
    refetchInterval: INSTANCES_REFRESH_MS,
  });
  // The workbench's project cards show the same instances.
  const refresh = useInvalidate(['workbench']);
  const stop = useResourceMutation({ mutationFn: (s: ComfyService) => stopComfyService(s.serviceId), success: t('instances.stopSent'), refresh });
  const restart = useResourceMutation({ mutationFn: (s: ComfyService) => restartComfyService(s.serviceId), success: t('instances.restartSent'), refresh });
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
  ];

  const rowActions = (s: ComfyService) => {
    const can = instanceActions(s, me?.id);
    return (
      <>
        <RowAction
          icon={<ExportOutlined />}
          tooltip={can.own ? undefined : t('instances.notOwner')}
          disabled={!can.canOpen}
          loading={comfy.isPending(s.projectId)}
          onClick={() => comfy.open(s.projectId)}
          testId={`instance-open-${s.serviceId}`}
        >
          {t('instances.open')}
        </RowAction>
        <RowAction
          danger
          icon={<PoweroffOutlined />}
          confirm={t('instances.stopConfirm')}
          disabled={!can.canStop}
          loading={busy(stop, s)}
          onClick={() => stop.mutate(s)}
          testId={`instance-stop-${s.serviceId}`}
        >
          {t('instances.stop')}
        </RowAction>
        <RowAction
          icon={<RedoOutlined />}
          disabled={!can.canRestart}
          loading={busy(restart, s)}
          onClick={() => restart.mutate(s)}
          testId={`instance-restart-${s.serviceId}`}
        >
          {t('instances.restart')}
        </RowAction>
      </>
    );
  };

  return (
    <div data-testid="instances-page">
      <PageHeader
        title={t('instances.title')}
        extra={<RefreshButton onClick={refresh} loading={services.query.isFetching && !services.query.isLoading} testId="instances-refresh" />}
      />
      <Card>
        <ResourceTable<ComfyService>
          source={services}
          name="instances"
          rowKey="serviceId"
          columns={columns}
          // Refetched every 5 s: only the first load spins.
          loading={services.query.isLoading}
          emptyText={t('instances.empty')}
          data-testid="instances-table"
          actionsPerm={PERM}
          actions={rowActions}
        />
      </Card>
    </div>
  );
}
