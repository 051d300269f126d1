import { Button, Card, Grid, Radio, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type ChartOption } from '../../components/EChart';
import {
  criticalPathRows,
  DELAY_COLOURS,
  DELAY_KINDS,
  formatDays,
  formatPercent,
  heatMap,
  timeSplitRows,
  TREND_MEASURES,
  trendLines,
  type BottleneckReport,
  type Drill,
  type SplitMeasure,
  type Trend,
  type TrendMeasure,
} from './report-charts';
import type { ReportNames } from './report-names';

/** A band per department in the bar charts: tall enough to hit with a finger, and the same in every chart. */
export const BAND_PX = 36;
/**
 * Room for the department names left of the bars, fixed rather than measured (containLabel): the
 * plot is then exactly where the bands are counted from, and a click maps to the right department.
 */
const LABEL_PX = 150;
/** On a phone the names get less room, so the bars keep some. */
const PHONE_LABEL_PX = 100;

/** The room for the names left of the bars, and the axis labels cut to fit it. */
function useLabelRoom() {
  const phone = !Grid.useBreakpoint().sm;
  return useMemo(() => {
    const left = phone ? PHONE_LABEL_PX : LABEL_PX;
    return { phone, left, axisLabel: { width: left - 12, overflow: 'truncate' as const } };
  }, [phone]);
}

interface ChartProps {
  names: ReportNames;
  /**
   * Opens the stuck cases behind a department. Left out for a filed weekly report: its figures are
   * of a past week, and today's stuck cases are not what it showed.
   */
  onDrill?: (drill: Drill) => void;
}

/**
 * A chart with its table: the chart to see at a glance, the table to read exact figures, for screen
 * readers and for the keyboard (each department in it is a button that opens its stuck cases).
 */
function ChartCard({
  title,
  hint,
  controls,
  chart,
  table,
  testId,
}: {
  title: string;
  hint: string;
  controls?: ReactNode;
  chart: ReactNode;
  table: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card
      data-testid={testId}
      title={
        <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
          {title}
        </Typography.Title>
      }
      style={{ height: '100%' }}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {hint}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group
          aria-label={t('reports.showAs', { title })}
          optionType="button"
          size="small"
          value={view}
          onChange={(event) => setView(event.target.value as 'chart' | 'table')}
          options={[
            { value: 'chart', label: t('reports.chart') },
            { value: 'table', label: t('reports.table') },
          ]}
        />
        {controls}
      </Space>
      {view === 'chart' ? chart : table}
    </Card>
  );
}

/** A chart's hint, and how to drill down where its figures can be clicked. */
function withDrill(hint: string, drill: string | undefined): string {
  if (!drill) return hint;
  // Chinese runs sentences together after a full stop; English puts a space.
  return /[。）]$/.test(hint) ? `${hint}${drill}` : `${hint} ${drill}`;
}

/**
 * A department's name as a button that opens its stuck cases (the table's way to drill down), or
 * plain text where there is nothing to open.
 */
function DrillButton({ label, onClick }: { label: string; onClick: (() => void) | undefined }) {
  if (!onClick) return <>{label}</>;
  return (
    <Button type="link" size="small" onClick={onClick} style={{ padding: 0, height: 'auto', whiteSpace: 'normal' }}>
      {label}
    </Button>
  );
}

/** Departments ranked by how often they finished last in a parallel stage. */
export function CriticalPathCard({ report, names, onDrill }: ChartProps & { report: BottleneckReport }) {
  const { t } = useTranslation();
  const labels = useLabelRoom();
  const rows = useMemo(() => criticalPathRows(report), [report]);
  const option = useMemo<ChartOption>(
    () => ({
      // No value axis: the bars carry their figures, and the plot fills the height exactly (a band per row).
      grid: { top: 8, bottom: 8, left: labels.left, right: 96 },
      xAxis: { type: 'value', min: 0, max: 100, show: false },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((row) => names.department(row.departmentCode)),
        axisLabel: labels.axisLabel,
        axisTick: { show: false },
      },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      series: [
        {
          type: 'bar',
          name: t('reports.criticalPath.share'),
          data: rows.map((row) => Math.round(row.share * 100)),
          barMaxWidth: 22,
          itemStyle: { color: '#0072B2' },
          label: {
            show: true,
            position: 'right',
            formatter: ({ dataIndex }: { dataIndex: number }) =>
              `${formatPercent(rows[dataIndex].share)} (${rows[dataIndex].timesLast}/${rows[dataIndex].stages})`,
          },
        },
      ],
    }),
    [rows, names, t, labels],
  );
  const summary = t('reports.criticalPath.summary', {
    items: rows
      .map(
        (row) => `${names.department(row.departmentCode)} ${formatPercent(row.share)} (${row.timesLast}/${row.stages})`,
      )
      .join('，'),
  });
  return (
    <ChartCard
      testId="chart-critical-path"
      title={t('reports.criticalPath.title')}
      hint={withDrill(t('reports.criticalPath.hint'), onDrill && t('reports.drillDepartment'))}
      chart={
        <EChart
          option={option}
          summary={summary}
          height={rows.length * BAND_PX + 16}
          clickCategories={onDrill && 'y'}
          onClick={
            onDrill &&
            (({ categoryIndex }) => {
              const row = categoryIndex === undefined ? undefined : rows[categoryIndex];
              if (row) onDrill({ departmentCode: row.departmentCode });
            })
          }
        />
      }
      table={
        <Table
          size="small"
          rowKey="departmentCode"
          pagination={false}
          scroll={{ x: true }}
          dataSource={rows}
          columns={[
            {
              title: t('reports.ranking.department'),
              dataIndex: 'departmentCode',
              render: (code: string) => (
                <DrillButton
                  label={names.department(code)}
                  onClick={onDrill && (() => onDrill({ departmentCode: code }))}
                />
              ),
            },
            { title: t('reports.criticalPath.share'), dataIndex: 'share', render: formatPercent },
            {
              title: t('reports.criticalPath.timesLast'),
              key: 'last',
              render: (_: unknown, row) => `${row.timesLast} / ${row.stages}`,
            },
            { title: t('reports.criticalPath.medianAdded'), dataIndex: 'medianWorkingDaysAdded', render: formatDays },
            { title: t('reports.criticalPath.totalAdded'), dataIndex: 'totalWorkingDaysAdded', render: formatDays },
          ]}
        />
      }
    />
  );
}

/** Each department's time, cut four ways: median or total working days. */
export function TimeSplitCard({ report, names, onDrill }: ChartProps & { report: BottleneckReport }) {
  const { t } = useTranslation();
  const labels = useLabelRoom();
  const [measure, setMeasure] = useState<SplitMeasure>('median');
  const rows = useMemo(() => timeSplitRows(report, measure), [report, measure]);
  const option = useMemo<ChartOption>(
    () => ({
      legend: { top: 0, data: DELAY_KINDS.map((kind) => t(`reports.kinds.${kind}`)) },
      grid: { top: 32, bottom: 48, left: labels.left, right: 24 },
      xAxis: { type: 'value', name: t('reports.workingDays'), nameLocation: 'middle', nameGap: 28 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((row) => names.department(row.departmentCode)),
        axisLabel: labels.axisLabel,
        axisTick: { show: false },
      },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      series: DELAY_KINDS.map((kind) => ({
        type: 'bar',
        stack: 'time',
        name: t(`reports.kinds.${kind}`),
        data: rows.map((row) => row.days[kind]),
        barMaxWidth: 22,
        itemStyle: { color: DELAY_COLOURS[kind] },
      })),
    }),
    [rows, names, t, labels],
  );
  const measureLabel = t(`reports.split.${measure}`);
  const summary = t('reports.split.summary', {
    measure: measureLabel,
    items: rows
      .map(
        (row) =>
          `${names.department(row.departmentCode)}: ${DELAY_KINDS.map((kind) => `${t(`reports.kinds.${kind}`)} ${formatDays(row.days[kind])}`).join(', ')}`,
      )
      .join('；'),
  });
  return (
    <ChartCard
      testId="chart-time-split"
      title={t('reports.split.title')}
      hint={withDrill(t('reports.split.hint'), onDrill && t('reports.drillDepartment'))}
      controls={
        <Radio.Group
          aria-label={t('reports.split.measure')}
          optionType="button"
          size="small"
          value={measure}
          onChange={(event) => setMeasure(event.target.value as SplitMeasure)}
          options={[
            { value: 'median', label: t('reports.split.median') },
            { value: 'total', label: t('reports.split.total') },
          ]}
        />
      }
      chart={
        <EChart
          option={option}
          summary={summary}
          height={rows.length * BAND_PX + 80}
          clickCategories={onDrill && 'y'}
          onClick={
            onDrill &&
            (({ categoryIndex }) => {
              const row = categoryIndex === undefined ? undefined : rows[categoryIndex];
              if (row) onDrill({ departmentCode: row.departmentCode });
            })
          }
        />
      }
      table={
        <Table
          size="small"
          rowKey="departmentCode"
          pagination={false}
          scroll={{ x: true }}
          dataSource={rows}
          columns={[
            {
              title: t('reports.ranking.department'),
              dataIndex: 'departmentCode',
              render: (code: string) => (
                <DrillButton
                  label={names.department(code)}
                  onClick={onDrill && (() => onDrill({ departmentCode: code }))}
                />
              ),
            },
            ...DELAY_KINDS.map((kind) => ({
              title: t(`reports.kinds.${kind}`),
              key: kind,
              render: (_: unknown, row: (typeof rows)[number]) => formatDays(row.days[kind]),
            })),
            { title: t('reports.split.sum'), dataIndex: 'sum', render: formatDays },
          ]}
        />
      }
    />
  );
}

/** Week by week, one line per department, of the measure chosen. */
export function TrendCard({ trend, weeks, names, onDrill }: ChartProps & { trend: Trend; weeks: number }) {
  const { t } = useTranslation();
  const [measure, setMeasure] = useState<TrendMeasure>('breaches');
  const lines = useMemo(() => trendLines(trend, measure), [trend, measure]);
  const weekLabels = useMemo(
    () => lines.weekStarts.map((start) => dayjs(start).tz('Asia/Shanghai').format('MM-DD')),
    [lines],
  );
  const measureLabel = t(`reports.trend.${measure}`);
  const option = useMemo<ChartOption>(
    () => ({
      // Every department's name in view, three to a row, rather than a legend to scroll.
      legend: { top: 0 },
      grid: { top: 16 + 24 * Math.ceil(lines.lines.length / 3), bottom: 8, left: 8, right: 24, containLabel: true },
      xAxis: { type: 'category', data: weekLabels, boundaryGap: false },
      yAxis: { type: 'value', minInterval: measure === 'p90Handling' ? undefined : 1 },
      tooltip: { trigger: 'axis' },
      series: lines.lines.map((line) => ({
        type: 'line',
        name: names.department(line.departmentCode),
        data: line.values,
        connectNulls: false,
        symbolSize: 8,
      })),
    }),
    [lines, weekLabels, measure, names],
  );
  const summary = t('reports.trend.summary', {
    measure: measureLabel,
    items: lines.lines
      .map((line) => `${names.department(line.departmentCode)} ${line.values.map((v) => v ?? '—').join(' → ')}`)
      .join('；'),
  });
  return (
    <ChartCard
      testId="chart-trend"
      title={t('reports.trend.title')}
      hint={withDrill(t('reports.trend.hint', { weeks }), onDrill && t('reports.drillDepartment'))}
      controls={
        <Radio.Group
          aria-label={t('reports.trend.measure')}
          optionType="button"
          size="small"
          value={measure}
          onChange={(event) => setMeasure(event.target.value as TrendMeasure)}
          options={TREND_MEASURES.map((m) => ({ value: m, label: t(`reports.trend.${m}`) }))}
        />
      }
      chart={
        <EChart
          option={option}
          summary={summary}
          height={280 + 24 * Math.ceil(lines.lines.length / 3)}
          onClick={
            onDrill &&
            (({ seriesIndex }) => {
              const line = seriesIndex === undefined ? undefined : lines.lines[seriesIndex];
              if (line) onDrill({ departmentCode: line.departmentCode });
            })
          }
        />
      }
      table={
        <Table
          size="small"
          rowKey="week"
          pagination={false}
          scroll={{ x: true }}
          dataSource={weekLabels.map((week, index) => ({ week, index }))}
          columns={[
            { title: t('reports.trend.week'), dataIndex: 'week' },
            ...lines.lines.map((line) => ({
              title: (
                <DrillButton
                  label={names.department(line.departmentCode)}
                  onClick={onDrill && (() => onDrill({ departmentCode: line.departmentCode }))}
                />
              ),
              key: line.departmentCode,
              render: (_: unknown, row: { index: number }) => line.values[row.index] ?? '—',
            })),
          ]}
        />
      }
    />
  );
}

/** Departments × services, coloured by median delay. */
export function HeatMapCard({ report, names, onDrill }: ChartProps & { report: BottleneckReport }) {
  const { t } = useTranslation();
  const labels = useLabelRoom();
  const map = useMemo(() => heatMap(report), [report]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { top: 8, bottom: 56, left: 8, right: 16, containLabel: true },
      xAxis: {
        type: 'category',
        data: map.services.map((code) => names.service(code)),
        axisLabel: {
          interval: 0,
          rotate: labels.phone || map.services.length > 3 ? 30 : 0,
          width: 110,
          overflow: 'truncate',
        },
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: map.departments.map((code) => names.department(code)),
        axisLabel: labels.axisLabel,
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max: Math.max(map.max, 0.1),
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        // Light to dark; black figures stay readable on every step of it.
        inRange: { color: ['#fff7bc', '#fec44f', '#f08c3a'] },
        text: [formatDays(map.max), '0'],
      },
      tooltip: {
        formatter: ({ value }: { value: [number, number, number] }) =>
          `${names.department(map.departments[value[1]])} · ${names.service(map.services[value[0]])}<br/>${t('reports.heat.delay')}: ${formatDays(value[2])}`,
      },
      series: [
        {
          type: 'heatmap',
          name: t('reports.heat.delay'),
          data: map.cells.map((cell) => [
            map.services.indexOf(cell.serviceCode),
            map.departments.indexOf(cell.departmentCode),
            cell.delay,
          ]),
          label: { show: true, color: '#000', formatter: ({ value }: { value: number[] }) => formatDays(value[2]) },
        },
      ],
    }),
    [map, names, t, labels],
  );
  const summary = t('reports.heat.summary', {
    items: map.cells
      .map(
        (cell) =>
          `${names.department(cell.departmentCode)} · ${names.service(cell.serviceCode)} ${formatDays(cell.delay)}`,
      )
      .join('；'),
  });
  return (
    <ChartCard
      testId="chart-heat-map"
      title={t('reports.heat.title')}
      hint={withDrill(t('reports.heat.hint'), onDrill && t('reports.heat.drill'))}
      chart={
        map.cells.length === 0 ? (
          <Typography.Text type="secondary">{t('reports.heat.empty')}</Typography.Text>
        ) : (
          <EChart
            option={option}
            summary={summary}
            height={map.departments.length * BAND_PX + 120}
            onClick={
              onDrill &&
              (({ value }) => {
                const [x, y] = value as number[];
                const departmentCode = map.departments[y];
                const serviceCode = map.services[x];
                if (departmentCode && serviceCode) onDrill({ departmentCode, serviceCode });
              })
            }
          />
        )
      }
      table={
        <Table
          size="small"
          rowKey={(cell) => `${cell.departmentCode}|${cell.serviceCode}`}
          pagination={false}
          scroll={{ x: true }}
          dataSource={map.cells}
          locale={{ emptyText: t('reports.heat.empty') }}
          columns={[
            {
              title: t('reports.ranking.department'),
              dataIndex: 'departmentCode',
              render: (code: string, cell) => (
                <DrillButton
                  label={names.department(code)}
                  onClick={onDrill && (() => onDrill({ departmentCode: code, serviceCode: cell.serviceCode }))}
                />
              ),
            },
            { title: t('reports.ranking.service'), dataIndex: 'serviceCode', render: names.service },
            { title: t('reports.heat.delay'), dataIndex: 'delay', render: formatDays },
          ]}
        />
      }
    />
  );
}
