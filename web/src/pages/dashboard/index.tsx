import { useMemo, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, Row, Statistic, Typography } from 'antd';
import {
  CloudServerOutlined, DatabaseOutlined, FolderOpenOutlined, ReloadOutlined, SearchOutlined, ThunderboltOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchDashboardStats } from '../../api/stats';
import { useMe, usePermission } from '../../auth/session-hooks';
import { PageHeader } from '../../components/page-header';
import { formatTime } from '../../components/time';
import { usePreferences } from '../../i18n/preferences';
import { Chart } from '../stats/chart';
import { HealthCard } from './health-card';
import { buildTrendOption, DASHBOARD_FIELDS, normalizeDashboard, TREND_KEYS, type DashboardField, type TrendKey } from './logic/dashboard';
import { ResourcesCard } from './resources-card';
import { TasksCard } from './tasks-card';

const REFRESH_MS = 60_000;
/** Every section of the page reads a `dashboard:view` route: without it none is requested. */
const PERM = 'dashboard:view';

const ICONS: Record<DashboardField, { icon: ReactNode; color: string }> = {
  todayGenerations: { icon: <ThunderboltOutlined />, color: '#1677ff' },
  runningServices: { icon: <CloudServerOutlined />, color: '#52c41a' },
  totalProjects: { icon: <FolderOpenOutlined />, color: '#722ed1' },
  totalVectors: { icon: <DatabaseOutlined />, color: '#fa8c16' },
  dailyQueries: { icon: <SearchOutlined />, color: '#13c2c2' },
};

/**
 * 仪表盘 (seed 004 §3): today's figures and the 7-day trend (§3.1), then every node's resources, the platform's
 * health and the background tasks (§3.2). Each section fails on its own: a missing service is a notice in its
 * card, not a crash.
 */
export default function DashboardPage() {
  const { t, theme } = usePreferences();
  const me = useMe().data?.user;
  const canView = usePermission().has(PERM);
  const queryClient = useQueryClient();
  const stats = useQuery({
    queryKey: ['dashboard', 'stats'],
    queryFn: ({ signal }) => fetchDashboardStats({ silent: true, signal }),
    enabled: canView,
    refetchInterval: REFRESH_MS,
  });

  const loaded = stats.data !== undefined;
  const data = useMemo(() => normalizeDashboard(stats.data), [stats.data]);
  const trendNames = useMemo(
    () => Object.fromEntries(TREND_KEYS.map((k) => [k, t(`dashboard.trend.${k}`)])) as Record<TrendKey, string>,
    [t],
  );
  const option = useMemo(() => buildTrendOption(data.trend, trendNames, theme === 'dark'), [data.trend, trendNames, theme]);
  const failed = stats.isError;
  const name = me?.nickname || me?.username;

  return (
    <div data-testid="dashboard-page">
      <PageHeader
        title={t('dashboard.title')}
        extra={
          <>
            {stats.dataUpdatedAt > 0 && (
              <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
                {t('dashboard.updatedAt', { time: formatTime(stats.dataUpdatedAt) })}
              </Typography.Text>
            )}
            <Button icon={<ReloadOutlined />} loading={stats.isFetching} onClick={() => void queryClient.invalidateQueries({ queryKey: ['dashboard'] })} data-testid="dashboard-refresh">
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      {name && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>{t('dashboard.welcome', { name })}</Typography.Paragraph>
      )}
      {failed && (
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          title={t('dashboard.unavailable')}
          description={(stats.error as Error)?.message}
          action={<Button size="small" onClick={() => void stats.refetch()}>{t('common.retry')}</Button>}
          data-testid="dashboard-error"
        />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {DASHBOARD_FIELDS.map((field) => (
          <Col key={field} xs={24} sm={12} lg={8} xl={{ flex: '20%' }}>
            <Card style={{ height: '100%' }} data-testid={`dashboard-card-${field}`} data-value={loaded ? data[field] : ''}>
              <Flex align="center" gap={16}>
                <Flex
                  align="center"
                  justify="center"
                  style={{
                    width: 48, height: 48, borderRadius: 12, fontSize: 22, flex: 'none',
                    color: ICONS[field].color, background: `${ICONS[field].color}1a`,
                  }}
                >
                  {ICONS[field].icon}
                </Flex>
                <Statistic
                  title={t(`dashboard.card.${field}`)}
                  value={loaded ? data[field] : '-'}
                  loading={stats.isLoading}
                />
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('dashboard.trend.title')}>
        <div data-testid="dashboard-trend" data-state={stats.isLoading ? 'loading' : failed && !loaded ? 'error' : 'ready'} data-points={loaded ? data.trend.length : 0}>
          {failed && !loaded ? (
            <Flex align="center" justify="center" style={{ height: 300 }}>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.trend.empty')} />
            </Flex>
          ) : (
            <Chart option={option} height={300} loading={stats.isLoading} />
          )}
        </div>
      </Card>
      {canView && (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col span={24}>
            <ResourcesCard enabled={canView} />
          </Col>
          <Col span={24}>
            <HealthCard enabled={canView} />
          </Col>
          <Col span={24}>
            <TasksCard enabled={canView} />
          </Col>
        </Row>
      )}
    </div>
  );
}
