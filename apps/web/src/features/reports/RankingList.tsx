import { Button, Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BottleneckReport, Drill } from './report-charts';
import type { ReportNames } from './report-names';

/**
 * The ranked bottlenecks, each with its reason in the user's language (the server writes it in the
 * language the client asks for) and a button to the stuck cases behind it. An ordered list, so a
 * screen reader says the rank.
 */
export function RankingList({
  report,
  names,
  onDrill,
}: {
  report: BottleneckReport;
  names: ReportNames;
  /** Left out for a filed weekly report: it says how many cases were stuck then instead. */
  onDrill?: (drill: Drill) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card
      data-testid="bottleneck-ranking"
      title={
        <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
          {t('reports.ranking.title')}
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('reports.ranking.hint')}
      </Typography.Paragraph>
      {report.ranking.length === 0 ? (
        <Typography.Paragraph>{t('reports.ranking.none')}</Typography.Paragraph>
      ) : (
        <ol className="bottleneck-list">
          {report.ranking.map((entry) => (
            <li key={`${entry.departmentCode}|${entry.serviceCode}`} data-testid="bottleneck">
              <div className="bottleneck-head">
                <Typography.Text strong>
                  {names.department(entry.departmentCode)} · {names.service(entry.serviceCode)}
                </Typography.Text>
                {entry.breaches > 0 || entry.overdueOpen > 0 ? <Tag color="red">{t('common.overdue')}</Tag> : null}
              </div>
              <Typography.Paragraph style={{ margin: '4px 0 8px' }}>{entry.reason}</Typography.Paragraph>
              {!onDrill ? (
                entry.stuckCases.length > 0 ? (
                  <Typography.Text type="secondary">
                    {t('reports.weekly.stuckThen', { count: entry.stuckCases.length })}
                  </Typography.Text>
                ) : null
              ) : entry.stuckCases.length > 0 ? (
                <Button
                  size="small"
                  onClick={() => onDrill({ departmentCode: entry.departmentCode, serviceCode: entry.serviceCode })}
                >
                  {t('reports.ranking.showStuck')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('reports.ranking.noStuck')}</Typography.Text>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
