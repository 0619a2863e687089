import { Card, Col, Row, Statistic } from 'antd';
import { useT } from '../../i18n/preferences';
import type { StatsTotals as Totals } from '../../lib/stats-data';
import { SERIES_COLORS, SERIES_KEYS } from './logic/chart-option';
import { successRate } from './logic/format';

/** Total / succeeded / failed, in the chart's colours, and the success rate. */
export function StatsTotals({ totals, loading }: { totals: Totals | undefined; loading: boolean }) {
  const t = useT();
  const rate = totals ? successRate(totals) : null;
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="stats-totals">
      {SERIES_KEYS.map((k) => (
        <Col key={k} xs={12} md={6}>
          <Card size="small" data-testid={`stats-total-${k}`} data-value={totals ? totals[k] : ''}>
            <Statistic
              title={t(`stats.totals.${k}`)}
              value={totals ? totals[k] : '-'}
              loading={loading}
              styles={{ content: { color: k === 'total' ? undefined : SERIES_COLORS[k] } }}
            />
          </Card>
        </Col>
      ))}
      <Col xs={12} md={6}>
        <Card size="small" data-testid="stats-total-rate" data-value={rate ?? ''}>
          <Statistic title={t('stats.totals.rate')} value={rate ?? '-'} precision={rate === null ? undefined : 1} suffix={rate === null ? undefined : '%'} loading={loading} />
        </Card>
      </Col>
    </Row>
  );
}
