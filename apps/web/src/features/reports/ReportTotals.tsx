import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatPercent, type BottleneckReport } from './report-charts';

/** The period's totals over the departments shown. */
export function ReportTotals({ report }: { report: BottleneckReport }) {
  const { t } = useTranslation();
  const sum = (pick: (row: BottleneckReport['departments'][number]) => number) =>
    report.departments.reduce((total, row) => total + pick(row), 0);
  const throughput = sum((row) => row.throughput);
  const breaches = sum((row) => row.breaches);
  // A weekly snapshot stored before ratings were reported has none: it counts as no ratings.
  const ratingsOf = (row: BottleneckReport['departments'][number]) =>
    'ratings' in row ? row.ratings : { count: 0, average: null, low: 0 };
  const rated = sum((row) => ratingsOf(row).count);
  const scoreTotal = sum((row) => (ratingsOf(row).average ?? 0) * ratingsOf(row).count);
  return (
    <Row gutter={[16, 16]} data-testid="report-totals">
      {[
        { title: t('reports.kpi.wip'), value: String(sum((row) => row.wip)) },
        { title: t('reports.kpi.throughput'), value: String(throughput) },
        { title: t('reports.kpi.breachRate'), value: throughput > 0 ? formatPercent(breaches / throughput) : '—' },
        { title: t('reports.kpi.overdueOpen'), value: String(sum((row) => row.overdueOpen)) },
        {
          title: t('reports.kpi.ratings'),
          value: rated > 0 ? `${(scoreTotal / rated).toFixed(2)} ★ (${rated})` : '—',
        },
        { title: t('reports.kpi.lowRatings'), value: String(sum((row) => ratingsOf(row).low)) },
      ].map((item) => (
        <Col key={item.title} xs={12} md={4}>
          <Card size="small">
            <Statistic title={item.title} value={item.value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
