import type { ReactNode } from 'react';
import { Card, Empty, Flex, Progress, Typography } from 'antd';
import type { GpuSample } from '@app/contracts/schemas/monitor';
import { useT } from '../../i18n/preferences';
import { Chart } from '../stats/chart';
import './echarts-gauge';
import { formatPercent, formatTemperature, formatUsedOf, usageColor } from './logic/format';
import type { ChartOption, GaugeOption } from './logic/history';

/**
 * A chart with what a browser test reads: `data-points` (samples, cores or 1 for a gauge with a value) and
 * `data-state`, around the console's ECharts component.
 */
export function MonitorChart({ testId, option, points, height, loading }: { testId: string; option: ChartOption | GaugeOption; points: number; height: number; loading?: boolean }) {
  return (
    <div data-testid={testId} data-points={points} data-state={loading ? 'loading' : 'ready'}>
      {/* A gauge is not one of ChartOption's series types; the canvas draws it all the same (echarts-gauge registers it). */}
      <Chart option={option as ChartOption} height={height} loading={loading} />
    </div>
  );
}

export function ChartCard({ title, extra, children, testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ height: '100%' }} data-testid={testId}>
      {children}
    </Card>
  );
}

export function NoData({ height, text }: { height: number; text?: string }) {
  return (
    <Flex align="center" justify="center" style={{ height }}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />
    </Flex>
  );
}

/** One GPU card: memory, utilisation and temperature (a figure the card does not report shows "-"). */
export function GpuCard({ gpu }: { gpu: GpuSample }) {
  const t = useT();
  const row = (label: string, percent: number | null, text: string, testId: string) => (
    <div data-testid={testId} data-value={percent ?? ''}>
      <Flex justify="space-between">
        <Typography.Text type="secondary">{label}</Typography.Text>
        <Typography.Text>{text}</Typography.Text>
      </Flex>
      <Progress percent={percent ?? 0} status="normal" showInfo={false} strokeColor={usageColor(percent)} size="small" />
    </div>
  );
  return (
    <Card size="small" title={`GPU ${gpu.index} · ${gpu.name}`} data-testid={`monitor-gpu-${gpu.index}`} style={{ height: '100%' }}>
      {row(t('monitor.gpu.memory'), gpu.memoryUsage, `${formatUsedOf(gpu.memoryUsed, gpu.memoryTotal)} (${formatPercent(gpu.memoryUsage)})`, `monitor-gpu-${gpu.index}-memory`)}
      {row(t('monitor.gpu.utilization'), gpu.utilization, formatPercent(gpu.utilization), `monitor-gpu-${gpu.index}-utilization`)}
      <Flex justify="space-between" data-testid={`monitor-gpu-${gpu.index}-temperature`} data-value={gpu.temperature ?? ''}>
        <Typography.Text type="secondary">{t('monitor.gpu.temperature')}</Typography.Text>
        <Typography.Text>{formatTemperature(gpu.temperature)}</Typography.Text>
      </Flex>
    </Card>
  );
}

