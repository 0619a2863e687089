import type { HTMLAttributes } from 'react';
import { Badge, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchDashboardNodes, type NodeHealth } from '../../api/monitor';
import { formatTime } from '../../components/time';
import { useT } from '../../i18n/preferences';
import { POLL_MAX_MS, pollingOptions } from '../monitor/logic/polling';
import { formatLatency, healthTally, nodeBadge, nodeKindKey } from './logic/ops';
import { OpsSection } from './ops-section';

/** 集群节点状态 (seed 004 §3.2): every service, PostgreSQL, Redis, the vector store and each ComfyUI instance. */
export function HealthCard({ enabled }: { enabled: boolean }) {
  const t = useT();
  const health = useQuery({
    queryKey: ['dashboard', 'nodes'],
    queryFn: ({ signal }) => fetchDashboardNodes({ silent: true, signal }),
    enabled,
    // The server answers from a round at most its interval old: asking faster than 5 s shows nothing new.
    ...pollingOptions(() => POLL_MAX_MS),
  });
  const items = health.data?.items ?? [];
  const tally = healthTally(items);
  const columns: TableColumnsType<NodeHealth> = [
    { title: t('dashboard.health.col.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('dashboard.health.col.kind'), dataIndex: 'kind', render: (v: string) => {
        const key = nodeKindKey(v);
        return key ? t(key) : v;
      } },
    {
      title: t('dashboard.health.col.status'),
      dataIndex: 'status',
      render: (v: string, r) => {
        const badge = nodeBadge(v);
        return <Badge status={badge.status} text={t(badge.labelKey)} data-testid={`dashboard-health-status-${r.name}`} data-status={v} />;
      },
    },
    { title: t('dashboard.health.col.latency'), dataIndex: 'latencyMs', align: 'right', render: formatLatency },
    { title: t('dashboard.health.col.node'), dataIndex: 'node', render: (v: string | null) => v ?? '-' },
    {
      title: t('dashboard.health.col.detail'),
      dataIndex: 'detail',
      width: 320,
      render: (v: string | null, r) =>
        v ? (
          <Typography.Text type={r.status === 'up' ? 'secondary' : 'danger'} ellipsis={{ tooltip: v }} style={{ display: 'inline-block', maxWidth: 320 }}>{v}</Typography.Text>
        ) : (
          '-'
        ),
    },
  ];
  return (
    <OpsSection
      testId="dashboard-health"
      title={t('dashboard.health.title')}
      query={health}
      failedText={(msg) => t('dashboard.health.failed', { msg })}
      extra={
        health.data && (
          <Space size={12} wrap>
            <Typography.Text data-testid="dashboard-health-summary" data-up={tally.up} data-degraded={tally.degraded} data-down={tally.down}>
              {t('dashboard.health.summary', { up: tally.up, degraded: tally.degraded, down: tally.down })}
            </Typography.Text>
            <Typography.Text type="secondary">{t('dashboard.health.checkedAt', { time: formatTime(health.data.checkedAt) })}</Typography.Text>
          </Space>
        )
      }
    >
      <Table<NodeHealth>
        rowKey="name"
        size="small"
        pagination={false}
        loading={health.isPending && enabled}
        columns={columns}
        dataSource={items}
        onRow={(r) => ({ 'data-testid': `dashboard-health-row-${r.name}`, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
        scroll={{ x: 'max-content' }}
      />
    </OpsSection>
  );
}
