import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Dropdown, Form, Radio, Row, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, saveDownload, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/session';
import { formatDate, formatDateTime } from '../../components/format';
import type { Drill } from './report-charts';
import { asJson, useReportNames } from './report-names';
import { periodFromParams, PRESET_DAYS, trendWeeks, windowQuery, type ReportPeriod } from './report-window';
import { CriticalPathCard, HeatMapCard, TimeSplitCard, TrendCard } from './ReportCharts';
import { RankingList } from './RankingList';
import { ReportTotals } from './ReportTotals';
import { StuckCasesDrawer } from './StuckCases';

/**
 * The bottleneck reports of the coordinating CIO (every department) and of a department CIO (the
 * server gives them their own department only, whatever is asked): where cases get stuck, why,
 * and which cases, down to the case and an urge. The period, service and drill-down live in the
 * address, so Back from a case returns to the same stuck cases.
 */
export default function ReportsDashboard() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const names = useReportNames();
  const [params, setParams] = useSearchParams();
  const period = periodFromParams(params);
  const serviceCode = params.get('service') ?? undefined;
  const drill: Drill | null = params.get('drill')
    ? {
        departmentCode: params.get('drill')!,
        ...(params.get('drillService') ? { serviceCode: params.get('drillService')! } : {}),
      }
    : null;
  const span = windowQuery(period, new Date());
  const weeks = trendWeeks(span.days);
  // Department CIOs: the server scopes to their department; the key says so too.
  const ownDepartment = session?.user.role === 'dept_cio' ? session.user.departmentCode : undefined;

  const change = (edit: (next: URLSearchParams) => void) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      edit(next);
      return next;
    });
  const openDrill = (next: Drill) =>
    change((p) => {
      p.set('drill', next.departmentCode);
      if (next.serviceCode) p.set('drillService', next.serviceCode);
      else p.delete('drillService');
    });

  const scope = {
    from: span.from,
    ...(span.to ? { to: span.to } : {}),
    ...(serviceCode ? { serviceCode } : {}),
  };
  const report = useQuery({
    // The language is in the key: the reasons come written in it.
    queryKey: ['reports', 'bottlenecks', scope, ownDepartment, i18n.language],
    queryFn: () => unwrap(api.GET('/api/reports/bottlenecks', { params: { query: scope } })).then(asJson),
  });
  const trend = useQuery({
    queryKey: ['reports', 'trend', weeks, serviceCode, ownDepartment],
    queryFn: () =>
      unwrap(
        api.GET('/api/reports/trend', { params: { query: { weeks, ...(serviceCode ? { serviceCode } : {}) } } }),
      ).then(asJson),
  });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="reports-dashboard">
      <ReportFilters
        period={period}
        serviceCode={serviceCode}
        names={names}
        change={change}
        scope={scope}
        weeks={weeks}
      />
      {report.data ? (
        <Typography.Text type="secondary" data-testid="report-scope">
          {t('reports.scope', { from: formatDate(report.data.from), to: formatDateTime(report.data.to) })}
          {ownDepartment ? ` · ${t('reports.scopeDepartment', { department: names.department(ownDepartment) })}` : ''}
        </Typography.Text>
      ) : null}
      {report.error ? <Alert type="error" title={errorMessage(t, report.error)} showIcon /> : null}
      {!report.data ? (
        report.error ? null : (
          <Card loading />
        )
      ) : (
        <>
          <ReportTotals report={report.data} />
          <RankingList report={report.data} names={names} onDrill={openDrill} />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <CriticalPathCard report={report.data} names={names} onDrill={openDrill} />
            </Col>
            <Col xs={24} lg={12}>
              <TimeSplitCard report={report.data} names={names} onDrill={openDrill} />
            </Col>
            <Col xs={24} lg={12}>
              {trend.data ? (
                <TrendCard trend={trend.data} weeks={weeks} names={names} onDrill={openDrill} />
              ) : trend.error ? (
                <Alert type="error" title={errorMessage(t, trend.error)} showIcon />
              ) : (
                <Card loading />
              )}
            </Col>
            <Col xs={24} lg={12}>
              <HeatMapCard report={report.data} names={names} onDrill={openDrill} />
            </Col>
          </Row>
          <StuckCasesDrawer
            drill={drill}
            names={names}
            canUrge={session?.user.role === 'coord_cio'}
            onClose={() =>
              change((p) => {
                p.delete('drill');
                p.delete('drillService');
              })
            }
          />
        </>
      )}
    </Space>
  );
}

const CSV_PARTS = ['ranking', 'departments', 'services', 'trend'] as const;
type CsvPart = (typeof CSV_PARTS)[number];

/** The period (presets or calendar days), the service, and the downloads of what is shown. */
function ReportFilters({
  period,
  serviceCode,
  names,
  change,
  scope,
  weeks,
}: {
  weeks: number;
  period: ReportPeriod;
  serviceCode: string | undefined;
  names: ReturnType<typeof useReportNames>;
  change: (edit: (next: URLSearchParams) => void) => void;
  scope: { from: string; to?: string; serviceCode?: string };
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState<'csv' | 'xes' | null>(null);
  const custom = !('days' in period);
  const save = async (kind: 'csv' | 'xes', call: Parameters<typeof saveDownload>[0], fallbackName: string) => {
    setDownloading(kind);
    try {
      await saveDownload(call, fallbackName);
    } catch (error) {
      void message.error(t('reports.downloadFailed', { message: errorMessage(t, error) }));
    } finally {
      setDownloading(null);
    }
  };
  // Each table of the report as its own CSV (a spreadsheet wants one table per file), and the trend.
  const saveCsv = (part: CsvPart) =>
    save(
      'csv',
      part === 'trend'
        ? api.GET('/api/reports/trend', {
            params: { query: { weeks, ...(serviceCode ? { serviceCode } : {}), format: 'csv' } },
            parseAs: 'blob',
          })
        : api.GET('/api/reports/bottlenecks', {
            params: { query: { ...scope, format: 'csv', part } },
            parseAs: 'blob',
          }),
      `${part}.csv`,
    );
  const saveXes = () =>
    save(
      'xes',
      api.GET('/api/reports/event-log.xes', {
        params: { query: { ...scope, serviceCode: serviceCode! } },
        parseAs: 'blob',
      }),
      `event-log-${serviceCode}.xes`,
    );
  return (
    <Form
      layout="inline"
      aria-label={t('reports.filters')}
      className="report-filters"
      style={{ rowGap: 8 }}
      component="div"
    >
      <Form.Item label={t('reports.window')}>
        <Radio.Group
          aria-label={t('reports.window')}
          // On a phone the four choices wrap rather than push the page sideways.
          style={{ display: 'inline-flex', flexWrap: 'wrap', rowGap: 8 }}
          optionType="button"
          value={custom ? 'custom' : String(period.days)}
          onChange={(event) =>
            change((p) => {
              const value = event.target.value as string;
              p.set('period', value);
              if (value === 'custom') {
                // Start from the last 30 days, to be narrowed.
                const today = dayjs().tz('Asia/Shanghai');
                p.set('from', today.subtract(29, 'day').format('YYYY-MM-DD'));
                p.set('to', today.format('YYYY-MM-DD'));
              } else {
                p.delete('from');
                p.delete('to');
              }
            })
          }
          options={[
            ...PRESET_DAYS.map((days) => ({ value: String(days), label: t(`reports.last${days}`) })),
            { value: 'custom', label: t('reports.custom') },
          ]}
        />
      </Form.Item>
      {custom ? (
        <Form.Item label={t('reports.range')}>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(period.firstDay), dayjs(period.lastDay)]}
            disabledDate={(day) => day.isAfter(dayjs(), 'day')}
            onChange={(range) => {
              if (!range?.[0] || !range[1]) return;
              change((p) => {
                p.set('from', range[0]!.format('YYYY-MM-DD'));
                p.set('to', range[1]!.format('YYYY-MM-DD'));
              });
            }}
          />
        </Form.Item>
      ) : null}
      <Form.Item label={t('reports.service')} htmlFor="report-service">
        <Select
          id="report-service"
          allowClear
          placeholder={t('reports.allServices')}
          style={{ width: 200 }}
          value={serviceCode}
          onChange={(value: string | undefined) =>
            change((p) => {
              if (value) p.set('service', value);
              else p.delete('service');
            })
          }
          options={names.services.map((s) => ({ value: s.code, label: s.name }))}
        />
      </Form.Item>
      <Space wrap>
        <Dropdown
          trigger={['click']}
          menu={{
            items: CSV_PARTS.map((part) => ({ key: part, label: t(`reports.csv.${part}`) })),
            onClick: ({ key }) => void saveCsv(key as CsvPart),
          }}
        >
          <Button icon={<DownloadOutlined />} loading={downloading === 'csv'}>
            {t('reports.downloadCsv')} <DownOutlined />
          </Button>
        </Dropdown>
        <Button
          icon={<DownloadOutlined />}
          loading={downloading === 'xes'}
          disabled={!serviceCode}
          onClick={() => void saveXes()}
          aria-describedby={serviceCode ? undefined : 'xes-needs-service'}
        >
          {t('reports.downloadXes')}
        </Button>
        {serviceCode ? null : (
          <Typography.Text type="secondary" id="xes-needs-service">
            {t('reports.xesNeedsService')}
          </Typography.Text>
        )}
      </Space>
    </Form>
  );
}
