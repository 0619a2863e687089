import EChartsReactCore from 'echarts-for-react/esm/core';
import { usePreferences } from '../../i18n/preferences';
import { echarts } from './echarts';
import type { ChartOption } from './logic/chart-option';

interface ChartProps {
  option: ChartOption;
  height?: number;
  loading?: boolean;
  testId?: string;
}

/** An ECharts canvas that follows the console's theme and resizes with its container. */
export function Chart({ option, height = 320, loading, testId }: ChartProps) {
  const { theme } = usePreferences();
  return (
    <div data-testid={testId} data-chart-points={countPoints(option)}>
      <EChartsReactCore
        echarts={echarts}
        option={option}
        theme={theme === 'dark' ? 'dark' : undefined}
        // Switching dimension changes the series types; replace rather than merge.
        notMerge
        showLoading={loading}
        loadingOption={{ text: '', color: '#1677ff', maskColor: 'transparent' }}
        style={{ height, width: '100%' }}
      />
    </div>
  );
}

/** Categories on the x axis, exposed as `data-chart-points` so browser tests can read the chart. */
function countPoints(option: ChartOption): number {
  const axis = option.xAxis as { data?: unknown[] } | undefined;
  return Array.isArray(axis?.data) ? axis.data.length : 0;
}
