import { useMemo } from 'react';
import { Alert, Button, Card, Empty } from 'antd';
import type { StatsQuery } from '../../api/stats';
import { usePreferences } from '../../i18n/preferences';
import type { Dimension, StatsData } from '../../lib/stats-data';
import { Chart } from './chart';
import { buildStatsOption, chartPoints, SERIES_KEYS, type SeriesKey } from './logic/chart-option';

/** The figures with the query they answer, so the chart never draws old data with a new dimension. */
export interface ShownStats {
  query: StatsQuery;
  data: StatsData;
}

interface StatsChartCardProps {
  shown: ShownStats | undefined;
  /** The dimension asked for, titling the card until its figures come. */
  dimension: Dimension;
  projectNames: ReadonlyMap<string, string>;
  userNames: ReadonlyMap<string, string>;
  /** Older figures are shown while new ones load. */
  stale: boolean;
  /** Why there are no figures, with a retry. */
  failure: { error: unknown; retry: () => void } | null;
}

/** The chart of total / success / failed: per day a line, per project or user bars; its state is `data-state`. */
export function StatsChartCard({ shown, dimension, projectNames, userNames, stale, failure }: StatsChartCardProps) {
  const { t, theme } = usePreferences();
  const shownDimension = shown?.query.dimension;
  const seriesNames = useMemo(
    () => Object.fromEntries(SERIES_KEYS.map((k) => [k, t(`stats.series.${k}`)])) as Record<SeriesKey, string>,
    [t],
  );
  const points = useMemo(() => (shown ? chartPoints(shown.data, shown.query.dimension, shown.query) : []), [shown]);
  const option = useMemo(
    () =>
      buildStatsOption(points, {
        dimension: shownDimension ?? dimension,
        seriesNames,
        names: shownDimension === 'project' ? projectNames : shownDimension === 'user' ? userNames : null,
        dark: theme === 'dark',
      }),
    [points, shownDimension, dimension, seriesNames, projectNames, userNames, theme],
  );
  const state = failure && !shown ? 'error' : !shown ? 'loading' : shownDimension !== 'day' && points.length === 0 ? 'empty' : 'ready';

  return (
    <Card title={t(`stats.chart.${shownDimension ?? dimension}`)} style={{ marginBottom: 16 }}>
      <div data-testid="stats-chart" data-state={state} data-dimension={shownDimension ?? ''} data-points={points.length}>
        {state === 'error' ? (
          <Alert
            type="warning"
            showIcon
            title={t('stats.loadFailed', { msg: (failure?.error as Error)?.message ?? '' })}
            action={<Button size="small" onClick={failure?.retry}>{t('common.retry')}</Button>}
            data-testid="stats-chart-error"
          />
        ) : state === 'empty' ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.chart.empty')} />
        ) : (
          <Chart option={option} loading={state === 'loading' || stale} />
        )}
      </div>
    </Card>
  );
}
