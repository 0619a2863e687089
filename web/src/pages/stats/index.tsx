import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchCalendar, fetchStats, listGenerationLogs, type GenerationLog, type LogFilters, type StatsQuery } from '../../api/stats';
import { Auth } from '../../auth/auth';
import { usePermission } from '../../auth/session-hooks';
import { PageHeader } from '../../components/page-header';
import { RefreshButton } from '../../components/resource/actions';
import { usePagedList } from '../../components/resource/use-paged-list';
import { useInvalidate } from '../../components/resource/use-resource-mutation';
import { useT } from '../../i18n/preferences';
import type { Dimension, LogStatus } from '../../lib/stats-data';
import { ExportProgress } from './export-progress';
import { DEFAULT_PRESET, presetRange, todayIn } from './logic/date-range';
import { StatsChartCard } from './stats-chart-card';
import { StatsFilters, type StatsFilterValues } from './stats-filters';
import { StatsLogs } from './stats-logs';
import { StatsTotals } from './stats-totals';
import { useExport } from './use-export';
import { useStatsNames } from './use-stats-names';

const EXPORT_PERM = 'stats:export';

/** 数据统计 (seed 000 §2.3): filters, a chart with total / success / failed, totals, the logs and the Excel export. */
export default function StatsPage() {
  const t = useT();
  const { message } = App.useApp();
  const isAdmin = usePermission().has('*');
  const [filters, setFilters] = useState<StatsFilterValues>({ range: null, dimension: 'day' });
  const [status, setStatus] = useState<LogStatus | undefined>();
  const exporter = useExport();
  const { projects, users } = useStatsNames(isAdmin);
  const refresh = useInvalidate(['stats']);

  // Days are the platform's days (PLATFORM_TIMEZONE), not the browser's: "today" and the presets are computed
  // in the zone the server names, so they are the days the figures are counted in.
  const calendar = useQuery({
    queryKey: ['stats', 'calendar'],
    queryFn: ({ signal }) => fetchCalendar({ silent: true, signal }),
    staleTime: Infinity,
  });
  const zone = calendar.data?.zone ?? null;
  const today = zone ? todayIn(zone) : null;
  const range = filters.range ?? (today ? presetRange(DEFAULT_PRESET, today) : null);

  const userId = isAdmin ? filters.userId : undefined;
  // A non-admin cannot group by user; fall back to days if the state says so.
  const dimension: Dimension = !isAdmin && filters.dimension === 'user' ? 'day' : filters.dimension;
  const statsQuery: StatsQuery = { start: range?.start ?? '', end: range?.end ?? '', dimension, projectId: filters.projectId, userId };
  const stats = useQuery({
    queryKey: ['stats', 'series', statsQuery],
    // The query travels with its result so the chart never draws old data with the new dimension.
    queryFn: async ({ signal }) => ({ query: statsQuery, data: await fetchStats(statsQuery, { silent: true, signal }) }),
    placeholderData: keepPreviousData,
    enabled: range !== null,
  });
  const shown = stats.data;
  // Without the calendar there are no days to ask for: its failure is the chart's.
  const failed = calendar.isError ? calendar : stats;

  // The same days as the stats: the service reads a day `end` as the whole of that day.
  const logFilters: LogFilters = { start: range?.start, end: range?.end, projectId: filters.projectId, userId, status };
  const logs = usePagedList<GenerationLog, LogFilters>({
    key: ['stats', 'logs'],
    fetch: (params, signal) => listGenerationLogs(params, { silent: true, signal }),
    size: 20,
    where: logFilters,
    enabled: range !== null,
  });

  const runExport = async () => {
    const result = await exporter.start(logFilters);
    if (result) message.success(t('stats.export.done', { filename: result.filename }));
  };

  return (
    <div data-testid="stats-page">
      <PageHeader
        title={t('stats.title')}
        extra={
          <>
            <RefreshButton onClick={refresh} loading={(stats.isFetching || logs.query.isFetching) && !!shown} testId="stats-refresh" />
            <Auth perm={EXPORT_PERM}>
              <Button type="primary" icon={<DownloadOutlined />} loading={exporter.busy} disabled={!range} onClick={() => void runExport()} data-testid="stats-export">
                {t('stats.export')}
              </Button>
            </Auth>
          </>
        }
      />
      <ExportProgress state={exporter.state} onCancel={exporter.cancel} onDismiss={exporter.dismiss} />
      <StatsFilters
        filters={filters}
        range={range}
        dimension={dimension}
        today={today}
        zone={zone}
        isAdmin={isAdmin}
        projects={projects}
        users={users}
        onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))}
      />
      <StatsTotals totals={shown?.data.totals} loading={!shown && stats.isLoading} />
      <StatsChartCard
        shown={shown}
        dimension={dimension}
        projectNames={projects.names}
        userNames={users.names}
        stale={stats.isPlaceholderData}
        failure={failed.isError ? { error: failed.error, retry: () => void failed.refetch() } : null}
      />
      <StatsLogs
        logs={logs}
        status={status}
        onStatus={setStatus}
        isAdmin={isAdmin}
        projectNames={projects.names}
        userNames={users.names}
      />
    </div>
  );
}
