import { Badge, Col, Empty, Flex, Progress, Row, Spin, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { NodeResources } from '@app/contracts/schemas/monitor';
import { fetchDashboardResources } from '../../api/monitor';
import { formatTime } from '../../components/time';
import { useT } from '../../i18n/preferences';
import { formatPercent, formatTemperature, usageColor } from '../monitor/logic/format';
import { POLL_MAX_MS, pollingOptions } from '../monitor/logic/polling';
import { nodeBadge } from './logic/ops';
import { OpsSection } from './ops-section';

const GAUGES = ['cpu', 'memory', 'disk'] as const;

function NodeRow({ node }: { node: NodeResources }) {
  const t = useT();
  const badge = nodeBadge(node.status);
  return (
    <div data-testid={`dashboard-resource-${node.name}`} data-status={node.status} style={{ padding: '8px 0' }}>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        <Badge status={badge.status} text={<Typography.Text strong>{node.name}</Typography.Text>} />
        <Typography.Text type={node.status === 'up' ? 'secondary' : 'danger'}>{t(badge.labelKey)}</Typography.Text>
        {node.status !== 'up' && <Typography.Text type="secondary">{t('dashboard.resources.lastSeen', { time: formatTime(node.lastSeen) })}</Typography.Text>}
      </Flex>
      <Flex gap={24} wrap align="center">
        {GAUGES.map((g) => (
          <Flex key={g} vertical align="center" data-testid={`dashboard-resource-${node.name}-${g}`} data-value={node[g]}>
            <Progress type="dashboard" size={84} status="normal" percent={Math.round(node[g] * 10) / 10} strokeColor={usageColor(node[g])} format={(p) => formatPercent(p)} />
            <Typography.Text type="secondary">{t(`monitor.metric.${g}`)}</Typography.Text>
          </Flex>
        ))}
        {node.gpu.map((gpu) => (
          <Tooltip key={gpu.index} title={`${gpu.name} · ${formatTemperature(gpu.temperature)}`}>
            <div style={{ minWidth: 180 }} data-testid={`dashboard-resource-${node.name}-gpu-${gpu.index}`}>
              <Typography.Text type="secondary">{t('dashboard.resources.gpu', { index: gpu.index })}</Typography.Text>
              <Progress percent={gpu.utilization ?? 0} status="normal" size="small" strokeColor={usageColor(gpu.utilization)} format={() => formatPercent(gpu.utilization)} />
              <Progress percent={gpu.memory ?? 0} status="normal" size="small" strokeColor={usageColor(gpu.memory)} format={() => formatPercent(gpu.memory)} />
            </div>
          </Tooltip>
        ))}
      </Flex>
    </div>
  );
}

/** 系统资源 (seed 004 §3.2): every node's CPU, memory and disk (and GPUs) as small gauges. */
export function ResourcesCard({ enabled }: { enabled: boolean }) {
  const t = useT();
  const resources = useQuery({
    queryKey: ['dashboard', 'resources'],
    queryFn: ({ signal }) => fetchDashboardResources({ silent: true, signal }),
    enabled,
    ...pollingOptions(() => POLL_MAX_MS),
  });
  const nodes = resources.data?.nodes ?? [];
  return (
    <OpsSection
      testId="dashboard-resources"
      title={t('dashboard.resources.title')}
      query={resources}
      failedText={(msg) => t('dashboard.resources.failed', { msg })}
      extra={resources.data && <Typography.Text type="secondary">{t('dashboard.updatedAt', { time: formatTime(resources.data.timestamp) })}</Typography.Text>}
    >
      <Row data-nodes={nodes.length}>
        {resources.isPending ? (
          <Col span={24}><Flex justify="center" style={{ padding: 24 }}><Spin /></Flex></Col>
        ) : nodes.length === 0 ? (
          <Col span={24}><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.resources.empty')} /></Col>
        ) : (
          nodes.map((n) => (
            <Col key={n.name} span={24}>
              <NodeRow node={n} />
            </Col>
          ))
        )}
      </Row>
    </OpsSection>
  );
}
