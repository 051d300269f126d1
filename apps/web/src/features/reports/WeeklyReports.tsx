import { ArrowLeftOutlined, DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Dropdown, Empty, Grid, List, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, saveDownload, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/session';
import { cursorParam, LoadMore, useCursorPages } from '../../components/cursor-pages';
import { formatDateTime } from '../../components/format';
import { AlertItems } from './AlertList';
import { asJson, useReportNames } from './report-names';
import { CriticalPathCard, HeatMapCard, TimeSplitCard } from './ReportCharts';
import { RankingList } from './RankingList';
import { ReportTotals } from './ReportTotals';
import { snapshotSearch, useWeekWords } from './weekly-links';

/**
 * The weekly reports: filed by the weekly run every Monday, newest week first; one opens read-only,
 * drawn by the live dashboard's own components from what was stored, with the alerts it raised.
 */
export default function WeeklyReports() {
  const [params] = useSearchParams();
  const snapshotId = params.get('snapshot');
  return snapshotId ? <SnapshotView id={snapshotId} /> : <SnapshotList />;
}

function SnapshotList() {
  const { t } = useTranslation();
  const { session } = useSession();
  const weeks = useWeekWords();
  const ownDepartment = session?.user.role === 'dept_cio' ? session.user.departmentCode : undefined;
  // On a phone the link goes under the week rather than squeeze its words into a narrow column.
  const phone = !Grid.useBreakpoint().sm;
  const { pages, rows } = useCursorPages(['reports', 'snapshots', ownDepartment], (cursor) =>
    unwrap(api.GET('/api/reports/snapshots', { params: { query: { ...cursorParam(cursor) } } })),
  );
  return (
    <Card
      data-testid="weekly-reports"
      title={
        <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
          {t('reports.weekly.title')}
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {ownDepartment ? t('reports.weekly.hintDepartment') : t('reports.weekly.hint')}
      </Typography.Paragraph>
      {pages.error ? <Alert type="error" title={errorMessage(t, pages.error)} showIcon /> : null}
      <List<Schemas['SnapshotSummaryDto']>
        itemLayout={phone ? 'vertical' : 'horizontal'}
        loading={pages.isLoading}
        dataSource={rows}
        rowKey="id"
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={<span data-testid="weekly-empty">{t('reports.weekly.empty')}</span>}
            />
          ),
        }}
        renderItem={(item) => {
          const week = weeks.ofSnapshot(item.from, item.to);
          return (
            <List.Item
              data-testid="snapshot"
              actions={[
                <Link
                  key="open"
                  to={snapshotSearch(item.id)}
                  aria-label={t('reports.weekly.openLabel', { week: week.label })}
                  style={{ textDecoration: 'underline' }}
                >
                  {t('reports.weekly.open')}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap size={8}>
                    <Typography.Text strong>{week.label}</Typography.Text>
                    {item.alertCount > 0 ? (
                      <Tag color="red">{t('reports.weekly.alertCount', { count: item.alertCount })}</Tag>
                    ) : (
                      <Tag>{t('reports.weekly.noAlerts')}</Tag>
                    )}
                  </Space>
                }
                description={
                  <>
                    {week.range}
                    {' · '}
                    {t('reports.weekly.createdAt')} {formatDateTime(item.createdAt)}
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
      <LoadMore pages={pages} />
    </Card>
  );
}

const SNAPSHOT_CSV_PARTS = ['ranking', 'departments', 'services', 'steps'] as const;
type SnapshotCsvPart = (typeof SNAPSHOT_CSV_PARTS)[number];

/** One filed weekly report, as stored: read-only, with its alerts and its tables as CSV. */
function SnapshotView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const { message } = App.useApp();
  const names = useReportNames();
  const weeks = useWeekWords();
  const [downloading, setDownloading] = useState(false);
  const ownDepartment = session?.user.role === 'dept_cio' ? session.user.departmentCode : undefined;
  const snapshot = useQuery({
    // The language is in the key: the reasons come written in it.
    queryKey: ['reports', 'snapshot', id, ownDepartment, i18n.language],
    queryFn: () =>
      unwrap(api.GET('/api/reports/snapshots/{id}', { params: { path: { id } } })).then((data) => {
        const json = asJson(data);
        return { ...json, report: asJson(json.report) };
      }),
  });
  const back = (
    <Link to="?tab=reports&view=weekly" style={{ textDecoration: 'underline' }}>
      <ArrowLeftOutlined aria-hidden /> {t('reports.weekly.back')}
    </Link>
  );
  const saveCsv = async (part: SnapshotCsvPart) => {
    setDownloading(true);
    try {
      await saveDownload(
        api.GET('/api/reports/snapshots/{id}', {
          params: { path: { id }, query: { format: 'csv', part } },
          parseAs: 'blob',
        }),
        `weekly-${part}.csv`,
      );
    } catch (error) {
      void message.error(t('reports.downloadFailed', { message: errorMessage(t, error) }));
    } finally {
      setDownloading(false);
    }
  };

  if (snapshot.error) {
    const notFound = (snapshot.error as { status?: number }).status === 404;
    return (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {back}
        <Alert
          type="error"
          showIcon
          title={notFound ? t('reports.weekly.notFound') : errorMessage(t, snapshot.error)}
        />
      </Space>
    );
  }
  if (!snapshot.data) return <Card loading />;
  const { report, alerts } = snapshot.data;
  const week = weeks.ofSnapshot(snapshot.data.from, snapshot.data.to);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="snapshot-view">
      {back}
      <div>
        <Typography.Title level={3} style={{ margin: 0, fontSize: 18 }}>
          {t('reports.weekly.detailTitle', { week: week.label })}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="snapshot-meta">
          {t('reports.weekly.detailMeta', { range: week.range, createdAt: formatDateTime(snapshot.data.createdAt) })}
          {ownDepartment ? ` · ${t('reports.scopeDepartment', { department: names.department(ownDepartment) })}` : ''}
        </Typography.Text>
      </div>
      <Dropdown
        trigger={['click']}
        menu={{
          items: SNAPSHOT_CSV_PARTS.map((part) => ({ key: part, label: t(`reports.csv.${part}`) })),
          onClick: ({ key }) => void saveCsv(key as SnapshotCsvPart),
        }}
      >
        <Button icon={<DownloadOutlined />} loading={downloading} style={{ alignSelf: 'flex-start' }}>
          {t('reports.downloadCsv')} <DownOutlined />
        </Button>
      </Dropdown>
      <Card
        data-testid="snapshot-alerts"
        title={
          <Typography.Title level={4} style={{ margin: 0, fontSize: 16 }}>
            {t('reports.weekly.alertsTitle')}
          </Typography.Title>
        }
      >
        {alerts.length === 0 ? (
          <Typography.Text>{t('reports.weekly.alertsNone')}</Typography.Text>
        ) : (
          <AlertItems alerts={alerts} showSnapshotLink={false} />
        )}
      </Card>
      <ReportTotals report={report} />
      <RankingList report={report} names={names} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <CriticalPathCard report={report} names={names} />
        </Col>
        <Col xs={24} lg={12}>
          <TimeSplitCard report={report} names={names} />
        </Col>
        <Col xs={24}>
          <HeatMapCard report={report} names={names} />
        </Col>
      </Row>
    </Space>
  );
}
