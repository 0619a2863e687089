import { useMemo, useState } from 'react';
import {
  Alert, App, Button, Card, Col, DatePicker, Empty, Flex, Progress, Radio, Row, Select, Space, Spin, Statistic, Table, Tag, Tooltip, Typography,
  type TableColumnsType,
} from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { listProjects } from '../../api/projects';
import {
  fetchCalendar, fetchStats, listGenerationLogs, listUserOptions, type GenerationLog, type GenerationLogQuery, type LogFilters, type StatsQuery,
} from '../../api/stats';
import { Auth } from '../../auth/auth';
import { usePermission } from '../../auth/session-hooks';
import { PageHeader } from '../../components/page-header';
import { formatTime } from '../../components/time';
import { usePreferences } from '../../i18n/preferences';
import { Chart } from './chart';
import {
  buildStatsOption, chartPoints, DIMENSIONS, SERIES_COLORS, SERIES_KEYS, type Dimension, type SeriesKey,
} from './logic/chart-option';
import {
  DAY_FORMAT, DEFAULT_PRESET, matchPreset, presetRange, RANGE_PRESETS, toDayRange, todayIn, type DayRange,
} from './logic/date-range';
import { detailsText, formatDuration, isLogStatus, LOG_STATUSES, logStatusColor, successRate, type LogStatus } from './logic/format';
import { useExport } from './use-export';
import { rowTestId } from '../../components/test-ids';

const EXPORT_PERM = 'stats:export';
const PAGE_SIZES = [10, 20, 50, 100];
const dash = (v: unknown) => (v === null || v === undefined || v === '' ? '-' : String(v));

interface Filters {
  /** null: the default preset, once the platform's zone says which days it covers. */
  range: DayRange | null;
  dimension: Dimension;
  projectId?: string;
  userId?: string;
}

/** 数据统计 (seed 000 §2.3): filters, a chart with total / success / failed, totals, the logs and the Excel export. */
export default function StatsPage() {
  const { t, theme } = usePreferences();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isAdmin = usePermission().has('*');
  const [filters, setFilters] = useState<Filters>({ range: null, dimension: 'day' });
  const [status, setStatus] = useState<LogStatus | undefined>();
  const [paging, setPaging] = useState({ current: 1, size: 20 });
  const exporter = useExport();

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

  const update = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPaging((p) => ({ ...p, current: 1 }));
  };

  // Names for the project / user filters, the chart's categories and the table.
  const projects = useQuery({
    queryKey: ['stats', 'projects'],
    queryFn: () => listProjects({ current: 1, size: 100 }),
    staleTime: 60_000,
  });
  const users = useQuery({
    queryKey: ['stats', 'users'],
    queryFn: () => listUserOptions(),
    enabled: isAdmin,
    staleTime: 60_000,
    retry: false,
  });
  const projectNames = useMemo(() => new Map((projects.data?.records ?? []).map((p) => [String(p.id), p.name])), [projects.data]);
  const userNames = useMemo(
    () => new Map((users.data ?? []).map((u) => [String(u.id), u.nickName ? `${u.nickName} (${u.userName})` : u.userName])),
    [users.data],
  );

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

  // The same days as the stats: the service reads a day `end` as the whole of that day.
  const logFilters: LogFilters = { start: range?.start, end: range?.end, projectId: filters.projectId, userId, status };
  const logsQuery: GenerationLogQuery = { ...paging, ...logFilters };
  const logs = useQuery({
    queryKey: ['stats', 'logs', logsQuery],
    queryFn: ({ signal }) => listGenerationLogs(logsQuery, { silent: true, signal }),
    placeholderData: keepPreviousData,
    enabled: range !== null,
  });

  const seriesNames = useMemo(
    () => Object.fromEntries(SERIES_KEYS.map((k) => [k, t(`stats.series.${k}`)])) as Record<SeriesKey, string>,
    [t],
  );
  const shown = stats.data;
  const points = useMemo(() => (shown ? chartPoints(shown.data, shown.query.dimension, shown.query) : []), [shown]);
  const option = useMemo(
    () =>
      buildStatsOption(points, {
        dimension: shown?.query.dimension ?? dimension,
        seriesNames,
        names: shown?.query.dimension === 'project' ? projectNames : shown?.query.dimension === 'user' ? userNames : null,
        dark: theme === 'dark',
      }),
    [points, shown, dimension, seriesNames, projectNames, userNames, theme],
  );
  const totals = shown?.data.totals;
  const rate = totals ? successRate(totals) : null;

  // Without the calendar there are no days to ask for: its failure is the chart's.
  const failed = calendar.isError ? calendar : stats;
  const chartState = failed.isError && !shown ? 'error' : !shown ? 'loading' : shown.query.dimension !== 'day' && points.length === 0 ? 'empty' : 'ready';

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['stats'] });

  const runExport = async () => {
    const result = await exporter.start(logFilters);
    if (result) message.success(t('stats.export.done', { filename: result.filename }));
  };

  const statusLabel = (s: unknown) => (isLogStatus(s) ? t(`stats.status.${s}`) : dash(s));
  const projectLabel = (log: GenerationLog) => projectNames.get(String(log.projectId)) ?? log.projectName ?? `#${log.projectId}`;
  const userLabel = (log: GenerationLog) => userNames.get(String(log.userId)) ?? log.userName ?? log.username ?? `#${log.userId}`;

  const columns: TableColumnsType<GenerationLog> = [
    { title: t('stats.col.time'), dataIndex: 'timestamp', width: 170, render: formatTime },
    { title: t('stats.col.project'), dataIndex: 'projectId', render: (_, log) => projectLabel(log) },
    ...(isAdmin ? [{ title: t('stats.col.user'), dataIndex: 'userId', render: (_: unknown, log: GenerationLog) => userLabel(log) }] : []),
    {
      title: t('stats.col.status'),
      dataIndex: 'status',
      render: (s: string, log) => (
        <Tag color={logStatusColor(s)} data-testid={`stats-status-${log.logId}`} data-status={s} style={{ marginInlineEnd: 0 }}>
          {statusLabel(s)}
        </Tag>
      ),
    },
    { title: t('stats.col.duration'), dataIndex: 'durationMs', align: 'right', render: (v: number | null) => formatDuration(v) },
    { title: t('stats.col.concurrentId'), dataIndex: 'concurrentId', render: dash },
    {
      title: t('stats.col.promptId'),
      dataIndex: 'promptId',
      render: (v: string | null) =>
        v ? <Typography.Text ellipsis={{ tooltip: v }} copyable={{ text: v }} style={{ maxWidth: 160 }}>{v}</Typography.Text> : '-',
    },
    {
      title: t('stats.col.details'),
      dataIndex: 'details',
      render: (v: unknown) => {
        const text = detailsText(v);
        return text ? <Typography.Text type="secondary" ellipsis={{ tooltip: text }} style={{ maxWidth: 240 }}>{text}</Typography.Text> : '-';
      },
    },
    {
      title: t('stats.col.logId'),
      dataIndex: 'logId',
      render: (v: string) => <Typography.Text code copyable={{ text: String(v) }}>{v}</Typography.Text>,
    },
  ];

  const rangeValue: [dayjs.Dayjs, dayjs.Dayjs] | null = range ? [dayjs(range.start), dayjs(range.end)] : null;
  const activePreset = range && today ? matchPreset(range, today) : null;
  const exportPhase = exporter.state;

  return (
    <div data-testid="stats-page">
      <PageHeader
        title={t('stats.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void refresh()} loading={(stats.isFetching || logs.isFetching) && !!shown} data-testid="stats-refresh">
              {t('common.refresh')}
            </Button>
            <Auth perm={EXPORT_PERM}>
              <Button type="primary" icon={<DownloadOutlined />} loading={exporter.busy} disabled={!range} onClick={() => void runExport()} data-testid="stats-export">
                {t('stats.export')}
              </Button>
            </Auth>
          </>
        }
      />

      {exportPhase.phase === 'requesting' && (
        <Alert style={{ marginBottom: 16 }} type="info" showIcon icon={<Spin size="small" />} title={t('stats.export.preparing')} data-testid="stats-export-preparing" />
      )}
      {exportPhase.phase === 'task' && (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="stats-export-progress" data-percent={exportPhase.percent} data-status={exportPhase.status}>
          <Flex align="center" gap={16} wrap>
            <Typography.Text>
              {exportPhase.status === 'completed'
                ? t('stats.export.downloading')
                : exportPhase.status === 'active'
                  ? t('stats.export.active', { percent: exportPhase.percent })
                  : t('stats.export.waiting')}
            </Typography.Text>
            <Progress percent={exportPhase.percent} status="active" style={{ flex: 1, minWidth: 200, margin: 0 }} />
            <Button size="small" onClick={exporter.cancel} data-testid="stats-export-cancel">{t('stats.export.cancel')}</Button>
          </Flex>
        </Card>
      )}
      {exportPhase.phase === 'error' && (
        <Alert
          style={{ marginBottom: 16 }}
          type="error"
          showIcon
          closable={{ onClose: exporter.dismiss }}
          title={t('stats.export.errorTitle')}
          description={exportPhase.message}
          data-testid="stats-export-error"
        />
      )}

      <Card style={{ marginBottom: 16 }}>
        <Flex wrap gap={16} align="center">
          <Space wrap>
            <span data-testid="stats-presets">
              <Radio.Group
                optionType="button"
                value={activePreset ?? undefined}
                disabled={!today}
                onChange={(e) => today && update({ range: presetRange(e.target.value, today) })}
              >
                {RANGE_PRESETS.map((p) => (
                  <Radio.Button key={p} value={p}>
                    {/* antd puts data-* of a Radio.Button on its hidden input; the label is what people click. */}
                    <span data-testid={`stats-preset-${p}`}>{t(`stats.preset.${p}`)}</span>
                  </Radio.Button>
                ))}
              </Radio.Group>
            </span>
            <DatePicker.RangePicker
              allowClear={false}
              value={rangeValue}
              format={DAY_FORMAT}
              disabled={!today}
              disabledDate={(d) => today !== null && d.format(DAY_FORMAT) > today}
              presets={today ? RANGE_PRESETS.map((p) => {
                const r = presetRange(p, today);
                return { label: t(`stats.preset.${p}`), value: [dayjs(r.start), dayjs(r.end)] as [dayjs.Dayjs, dayjs.Dayjs] };
              }) : []}
              onChange={(dates) => {
                const range = toDayRange(dates?.[0], dates?.[1]);
                if (range) update({ range });
              }}
              aria-label={t('stats.range')}
              data-testid="stats-range"
            />
            {zone && (
              <Tooltip title={t('stats.zoneHint', { zone })}>
                <Typography.Text type="secondary" data-testid="stats-zone" data-zone={zone}>{zone}</Typography.Text>
              </Tooltip>
            )}
          </Space>
          <span data-testid="stats-dimension" data-value={dimension}>
            <Radio.Group value={dimension} onChange={(e) => update({ dimension: e.target.value as Dimension })} aria-label={t('stats.dimension')}>
              {DIMENSIONS.filter((d) => isAdmin || d !== 'user').map((d) => (
                <Radio.Button key={d} value={d}>
                  <span data-testid={`stats-dimension-${d}`}>{t(`stats.dimension.${d}`)}</span>
                </Radio.Button>
              ))}
            </Radio.Group>
          </span>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 170 }}
            placeholder={t('stats.allProjects')}
            value={filters.projectId}
            loading={projects.isLoading}
            options={(projects.data?.records ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
            onChange={(v?: string) => update({ projectId: v || undefined })}
            aria-label={t('stats.project')}
            data-testid="stats-project"
          />
          {isAdmin && (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 170 }}
              placeholder={t('stats.allUsers')}
              value={filters.userId}
              loading={users.isLoading}
              options={(users.data ?? []).map((u) => ({ value: String(u.id), label: userNames.get(String(u.id)) ?? u.userName }))}
              onChange={(v?: string) => update({ userId: v || undefined })}
              aria-label={t('stats.user')}
              data-testid="stats-user"
            />
          )}
        </Flex>
      </Card>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="stats-totals">
        {SERIES_KEYS.map((k) => (
          <Col key={k} xs={12} md={6}>
            <Card size="small" data-testid={`stats-total-${k}`} data-value={totals ? totals[k] : ''}>
              <Statistic
                title={t(`stats.totals.${k}`)}
                value={totals ? totals[k] : '-'}
                loading={!totals && stats.isLoading}
                styles={{ content: { color: k === 'total' ? undefined : SERIES_COLORS[k] } }}
              />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={6}>
          <Card size="small" data-testid="stats-total-rate" data-value={rate ?? ''}>
            <Statistic title={t('stats.totals.rate')} value={rate ?? '-'} precision={rate === null ? undefined : 1} suffix={rate === null ? undefined : '%'} loading={!totals && stats.isLoading} />
          </Card>
        </Col>
      </Row>

      <Card title={t(`stats.chart.${shown?.query.dimension ?? dimension}`)} style={{ marginBottom: 16 }}>
        <div data-testid="stats-chart" data-state={chartState} data-dimension={shown?.query.dimension ?? ''} data-points={points.length}>
          {chartState === 'error' ? (
            <Alert
              type="warning"
              showIcon
              title={t('stats.loadFailed', { msg: (failed.error as Error)?.message ?? '' })}
              action={<Button size="small" onClick={() => void failed.refetch()}>{t('common.retry')}</Button>}
              data-testid="stats-chart-error"
            />
          ) : chartState === 'empty' ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stats.chart.empty')} />
          ) : (
            <Chart option={option} loading={chartState === 'loading' || stats.isPlaceholderData} />
          )}
        </div>
      </Card>

      <Card
        title={t('stats.logs.title')}
        extra={
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('stats.allStatuses')}
            value={status}
            options={LOG_STATUSES.map((s) => ({ value: s, label: t(`stats.status.${s}`) }))}
            onChange={(v?: LogStatus) => {
              setStatus(v);
              setPaging((p) => ({ ...p, current: 1 }));
            }}
            aria-label={t('stats.status')}
            data-testid="stats-status"
          />
        }
      >
        {logs.isError && !logs.data && (
          <Alert
            style={{ marginBottom: 16 }}
            type="warning"
            showIcon
            title={t('stats.logs.loadFailed', { msg: (logs.error as Error)?.message ?? '' })}
            action={<Button size="small" onClick={() => void logs.refetch()}>{t('common.retry')}</Button>}
            data-testid="stats-table-error"
          />
        )}
        <Table<GenerationLog>
          rowKey="logId"
          size="middle"
          columns={columns}
          dataSource={logs.data?.records}
          loading={logs.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('stats.logs.empty') }}
          onRow={rowTestId<GenerationLog>('stats', (log) => log.logId)}
          expandable={{
            rowExpandable: (log) => detailsText(log.details) !== '',
            expandedRowRender: (log) => (
              <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, margin: 0 }}>{detailsText(log.details, true)}</pre>
            ),
          }}
          data-testid="stats-table"
          pagination={{
            current: paging.current,
            pageSize: paging.size,
            total: logs.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { total }),
            onChange: (current, size) => setPaging({ current: size === paging.size ? current : 1, size }),
          }}
        />
      </Card>
    </div>
  );
}
