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
  return (
    <Row gutter={[16, 16]} data-testid="report-totals">
      {[
        { title: t('reports.kpi.wip'), value: String(sum((row) => row.wip)) },
        { title: t('reports.kpi.throughput'), value: String(throughput) },
        { title: t('reports.kpi.breachRate'), value: throughput > 0 ? formatPercent(breaches / throughput) : '—' },
        { title: t('reports.kpi.overdueOpen'), value: String(sum((row) => row.overdueOpen)) },
      ].map((item) => (
        <Col key={item.title} xs={12} md={6}>
          <Card size="small">
            <Statistic title={item.title} value={item.value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
