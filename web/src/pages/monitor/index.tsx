import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, Badge, Col, Descriptions, Flex, Progress, Row, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { DiskMount, ServerStats } from '@app/contracts/schemas/monitor';
import { fetchServerStats, type ServerSample } from '../../api/monitor';
import { usePermission } from '../../auth/session-hooks';
import { PageHeader } from '../../components/page-header';
import { formatTime } from '../../components/time';
import { usePreferences } from '../../i18n/preferences';
import { nodeBadge } from '../dashboard/logic/ops';
import { formatBytes, formatLoad, formatPercent, formatRate, formatUptime, formatUsedOf, usageColor } from './logic/format';
import {
  buildCoresOption, buildGaugeOption, buildNetworkOption, buildUsageOption, HISTORY_WINDOW, mergeSamples, metricValue, sampleOf, USAGE_METRICS, type UsageMetric,
} from './logic/history';
import { pollingOptions } from './logic/polling';
import { ChartCard, GpuCard, MonitorChart, NoData } from './monitor-charts';

const PERM = 'monitor:view';
const GAUGE_HEIGHT = 180;
const LINE_HEIGHT = 200;

/** The figures under each gauge: what the percentage is of. */
function gaugeCaption(stats: ServerStats, metric: UsageMetric, cores: string): string {
  if (metric === 'cpu') return [cores, stats.cpu.model].filter(Boolean).join(' · ');
  return formatUsedOf(stats[metric].used, stats[metric].total);
}

/**
 * 服务器监控 (seed 000 §2.4, read only): a node's CPU, memory, swap and disk now and over 15 minutes, network,
 * per-core load, GPUs and mounts. Polls at the node's sampling interval (2–5 s) and not at all while the tab
 * is hidden. No button here changes anything on the server.
 */
export default function MonitorPage() {
  const { t, theme } = usePreferences();
  const dark = theme === 'dark';
  const [picked, setPicked] = useState<string | undefined>();
  const canView = usePermission().has(PERM);

  const latest = useQuery({
    queryKey: ['monitor', 'stats', picked ?? ''],
    queryFn: ({ signal }) => fetchServerStats({ node: picked }, { silent: true, signal }),
    enabled: canView,
    ...pollingOptions<ServerStats>((d) => d?.intervalMs),
  });
  // The window once per node (and again on coming back to the tab); polling adds the samples since.
  const history = useQuery({
    queryKey: ['monitor', 'history', picked ?? ''],
    queryFn: ({ signal }) => fetchServerStats({ node: picked, history: HISTORY_WINDOW }, { silent: true, signal }),
    enabled: canView,
    refetchOnWindowFocus: true,
  });

  const stats = latest.data;
  const node = stats?.node;
  const [live, setLive] = useState<{ node: string; samples: ServerSample[] }>({ node: '', samples: [] });
  useEffect(() => {
    if (!stats) return;
    setLive((prev) => ({ node: stats.node, samples: mergeSamples(prev.node === stats.node ? prev.samples : [], [sampleOf(stats)]) }));
  }, [stats]);
  const samples = useMemo(() => {
    if (!node) return [];
    const past = history.data?.node === node ? (history.data.history ?? []) : [];
    return mergeSamples(past, live.node === node ? live.samples : []);
  }, [node, history.data, live]);

  const metricName = (m: UsageMetric) => t(`monitor.metric.${m}`);
  const gauges = useMemo(
    () => Object.fromEntries(USAGE_METRICS.map((m) => [m, buildGaugeOption(stats ? stats[m].usage : null, t(`monitor.metric.${m}`), dark)])),
    [stats, t, dark],
  );
  const lines = useMemo(
    () => Object.fromEntries(USAGE_METRICS.map((m) => [m, buildUsageOption(samples, m, t(`monitor.metric.${m}`), dark)])),
    [samples, t, dark],
  );
  const network = useMemo(() => buildNetworkOption(samples, { rx: t('monitor.network.rx'), tx: t('monitor.network.tx') }, dark), [samples, t, dark]);
  const cores = useMemo(() => buildCoresOption(stats?.cpu.cores ?? [], dark), [stats, dark]);

  const nodes = stats?.nodes ?? [];
  const gpus = stats?.gpu ?? [];
  const loading = canView && latest.isPending;
  const historyLoading = canView && history.isPending && !samples.length;
  const diskColumns: TableColumnsType<DiskMount> = [
    { title: t('monitor.disk.mount'), dataIndex: 'mount' },
    { title: t('monitor.disk.fs'), dataIndex: 'fs' },
    { title: t('monitor.disk.type'), dataIndex: 'type' },
    { title: t('monitor.disk.size'), dataIndex: 'total', render: formatBytes },
    { title: t('monitor.disk.used'), dataIndex: 'used', render: formatBytes },
    { title: t('monitor.disk.free'), dataIndex: 'free', render: formatBytes },
    {
      title: t('monitor.disk.usage'),
      dataIndex: 'usage',
      width: 200,
      render: (v: number) => <Progress percent={Math.round(v * 10) / 10} status="normal" strokeColor={usageColor(v)} size="small" />,
    },
  ];

  return (
    <div data-testid="monitor-page" data-node={node ?? ''}>
      <PageHeader
        title={t('monitor.title')}
        extra={
          <>
            {stats && (
              <Typography.Text type="secondary" style={{ alignSelf: 'center' }} data-testid="monitor-sampled-at">
                {t('monitor.sampledAt', { time: formatTime(stats.timestamp) })}
              </Typography.Text>
            )}
            <div data-testid="monitor-node-picker" data-nodes={nodes.map((n) => n.name).join(',')} data-value={node ?? ''}>
              <Select
                style={{ minWidth: 240 }}
                placeholder={t('monitor.node')}
                value={node}
                loading={loading}
                onChange={(v: string) => setPicked(v)}
                data-testid="monitor-node"
                options={nodes.map((n) => {
                  const badge = nodeBadge(n.status);
                  return {
                    value: n.name,
                    label: (
                      <span data-testid={`monitor-node-option-${n.name}`} data-status={n.status}>
                        <Badge status={badge.status} /> {n.name} {n.self && <Tag style={{ marginInlineStart: 4 }}>{t('monitor.node.self')}</Tag>}
                        {n.status !== 'up' && <Typography.Text type="secondary">({t(badge.labelKey)})</Typography.Text>}
                      </span>
                    ),
                  };
                })}
              />
            </div>
          </>
        }
      />
      {latest.isError && (
        <Alert
          style={{ marginBottom: 16 }}
          type="error"
          showIcon
          title={t('monitor.loadFailed', { msg: (latest.error as Error).message })}
          data-testid="monitor-error"
        />
      )}
      {stats?.status === 'down' && (
        <Alert style={{ marginBottom: 16 }} type="warning" showIcon title={t('monitor.nodeDown', { name: stats.node, time: formatTime(stats.timestamp) })} data-testid="monitor-node-down" />
      )}

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {USAGE_METRICS.map((m) => (
          <Col key={m} xs={24} sm={12} xl={6}>
            <ChartCard title={metricName(m)}>
              <MonitorChart testId={`monitor-gauge-${m}`} option={gauges[m]!} points={stats ? 1 : 0} height={GAUGE_HEIGHT} loading={loading} />
              <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: 0 }} ellipsis={{ tooltip: true }}>
                {stats ? gaugeCaption(stats, m, t('monitor.coreCount', { count: stats.cpu.count })) : '-'}
              </Typography.Paragraph>
            </ChartCard>
          </Col>
        ))}
      </Row>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={10}>
          <ChartCard title={t('monitor.info')} testId="monitor-info">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('monitor.loadavg')}>
                <span data-testid="monitor-loadavg">{formatLoad(stats?.loadavg)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('monitor.uptime')}>
                <span data-testid="monitor-uptime" data-value={stats?.uptime ?? ''}>{formatUptime(stats?.uptime)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('monitor.cpuModel')}>{stats?.cpu.model ?? '-'}</Descriptions.Item>
              <Descriptions.Item label={t('monitor.metric.memory')}>{stats ? `${formatUsedOf(stats.memory.used, stats.memory.total)} (${formatPercent(stats.memory.usage)})` : '-'}</Descriptions.Item>
              <Descriptions.Item label={t('monitor.network.title')}>
                {stats ? `↓ ${formatRate(stats.network.rxBytesPerSec)} · ↑ ${formatRate(stats.network.txBytesPerSec)}` : '-'}
              </Descriptions.Item>
            </Descriptions>
          </ChartCard>
        </Col>
        <Col xs={24} lg={14}>
          <ChartCard title={t('monitor.cores')}>
            <MonitorChart testId="monitor-cores" option={cores} points={stats?.cpu.cores.length ?? 0} height={200} loading={loading} />
          </ChartCard>
        </Col>
      </Row>

      {gpus.length > 0 && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="monitor-gpus">
          {gpus.map((g) => (
            <Col key={g.index} xs={24} md={12} xl={8}>
              <GpuCard gpu={g} />
            </Col>
          ))}
        </Row>
      )}

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {USAGE_METRICS.map((m) => (
          <Col key={m} xs={24} lg={12}>
            <ChartCard title={t('monitor.history.title', { metric: metricName(m) })} extra={<Typography.Text type="secondary">{formatPercent(stats ? metricValue(stats, m) : null)}</Typography.Text>}>
              {history.isError && !samples.length ? (
                <NoData height={LINE_HEIGHT} text={t('monitor.historyFailed', { msg: (history.error as Error).message })} />
              ) : (
                <MonitorChart testId={`monitor-history-${m}`} option={lines[m]!} points={samples.length} height={LINE_HEIGHT} loading={historyLoading} />
              )}
            </ChartCard>
          </Col>
        ))}
        <Col xs={24}>
          <ChartCard title={t('monitor.history.title', { metric: t('monitor.network.title') })}>
            {history.isError && !samples.length ? (
              <NoData height={LINE_HEIGHT} text={t('monitor.historyFailed', { msg: (history.error as Error).message })} />
            ) : (
              <MonitorChart testId="monitor-history-network" option={network} points={samples.length} height={LINE_HEIGHT} loading={historyLoading} />
            )}
          </ChartCard>
        </Col>
      </Row>

      <ChartCard title={t('monitor.disks')} testId="monitor-disks">
        <Table<DiskMount>
          rowKey="mount"
          size="small"
          pagination={false}
          loading={loading}
          columns={diskColumns}
          dataSource={stats?.disk.mounts ?? []}
          onRow={(r) => ({ 'data-testid': `monitor-disk-${r.mount}` }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Flex justify="center">{t('monitor.noDisks')}</Flex> }}
          scroll={{ x: 'max-content' }}
        />
      </ChartCard>
    </div>
  );
}
