import { useQueries } from '@tanstack/react-query';
import { Alert, Button, Drawer, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../components/format';
import { UrgeModal } from '../../components/UrgeModal';
import { stuckCasesOf, type BottleneckReport, type Drill } from './report-charts';
import type { ReportNames } from './report-names';

const CARD_COLOURS: Record<string, string> = { warning: 'gold', yellow: 'orange', red: 'red' };

/** An open case waiting on the department, and where it is. */
export interface StuckCase {
  applicationId: string;
  number: string;
  serviceCode: string;
  stepKey: string;
  departmentCode: string;
  waitingSince: string | null;
  /** Null where only the case itself was read (it says when, not how many working days). */
  waitingWorkingDays: number | null;
  dueAt: string | null;
  overdue: boolean;
  cards: string[];
  urges: number;
  /** Whether the step can be urged now (it is with the department, not with the applicant). */
  urgeable: boolean;
}

/** The step of a case that waits on the department, as a stuck-case row; none once it moved on. */
function stuckStep(detail: Schemas['ApplicationDetailDto'], drill: Drill, now: number): StuckCase | null {
  if (drill.serviceCode !== undefined && detail.serviceCode !== drill.serviceCode) return null;
  const step = detail.steps.find(
    (s) => s.departmentCode === drill.departmentCode && (s.status === 'active' || s.status === 'awaiting_applicant'),
  );
  if (!step) return null;
  return {
    applicationId: detail.id,
    number: detail.number,
    serviceCode: detail.serviceCode,
    stepKey: step.key,
    departmentCode: step.departmentCode,
    waitingSince: step.startedAt,
    waitingWorkingDays: null,
    dueAt: step.dueAt,
    overdue: step.breachedAt !== null || (step.dueAt !== null && new Date(step.dueAt).getTime() < now),
    cards: [...new Set(step.cards.map((card) => card.level))],
    urges: step.urges.length,
    urgeable: step.status === 'active',
  };
}

/**
 * The stuck cases behind a drill-down: the open cases the report names for the department (and
 * service), each read to say where it is now, longest waiting first.
 */
function useStuckCases(report: BottleneckReport, drill: Drill | null) {
  const ids = drill ? stuckCasesOf(report, drill) : [];
  const cases = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['application', id],
      queryFn: () => unwrap(api.GET('/api/applications/{id}', { params: { path: { id } } })),
    })),
  });
  const now = Date.now();
  const rows = drill
    ? cases
        .flatMap((query) => (query.data ? [stuckStep(query.data, drill, now)] : []))
        .filter((row): row is StuckCase => row !== null)
        .sort((a, b) => (a.waitingSince ?? '').localeCompare(b.waitingSince ?? ''))
    : [];
  return {
    rows,
    named: ids.length,
    loading: cases.some((query) => query.isLoading),
    error: cases.find((query) => query.error)?.error ?? null,
  };
}

/**
 * The drill-down: a department's (or a department × service's) stuck cases in a drawer, each
 * opening the case view, and for the coordinating CIO a button to urge the department on it.
 */
export function StuckCasesDrawer({
  report,
  drill,
  names,
  canUrge,
  onClose,
}: {
  report: BottleneckReport;
  drill: Drill | null;
  names: ReportNames;
  canUrge: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const stuck = useStuckCases(report, drill);
  const [urging, setUrging] = useState<StuckCase | null>(null);
  const department = drill ? names.department(drill.departmentCode) : '';
  const title = drill?.serviceCode
    ? t('reports.stuck.titleService', { department, service: names.service(drill.serviceCode) })
    : t('reports.stuck.title', { department });
  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      title={title}
      size="min(920px, 100vw)"
      data-testid="stuck-cases"
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('reports.stuck.hint')}
      </Typography.Paragraph>
      {stuck.error ? <Alert type="error" title={errorMessage(t, stuck.error)} showIcon /> : null}
      <Table
        rowKey="applicationId"
        size="small"
        loading={stuck.loading}
        pagination={false}
        scroll={{ x: true }}
        dataSource={stuck.rows}
        locale={{ emptyText: stuck.named === 0 ? t('reports.stuck.noneFromRanking') : t('reports.stuck.none') }}
        columns={[
          {
            title: t('reports.stuck.number'),
            dataIndex: 'number',
            // A case number is read as one word: never broken over two lines.
            onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (number: string, row) => (
              <Link
                to={`/cases/${row.applicationId}`}
                state={{ back: `${location.pathname}${location.search}` }}
                aria-label={`${t('reports.stuck.open')} ${number}`}
              >
                {number}
              </Link>
            ),
          },
          { title: t('reports.stuck.service'), dataIndex: 'serviceCode', render: names.service },
          { title: t('reports.stuck.step'), dataIndex: 'stepKey' },
          { title: t('reports.stuck.waitingSince'), dataIndex: 'waitingSince', render: formatDateTime },
          {
            title: t('reports.stuck.dueAt'),
            dataIndex: 'dueAt',
            render: (dueAt: string | null, row) => (
              <Space size={4} wrap>
                {formatDateTime(dueAt)}
                {row.overdue ? <Tag color="red">{t('common.overdue')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('reports.stuck.supervision'),
            key: 'supervision',
            render: (_: unknown, row) => (
              <Space size={4} wrap>
                {row.cards.map((level) => (
                  <Tag key={level} color={CARD_COLOURS[level]}>
                    {t(`card.${level}`)}
                  </Tag>
                ))}
                {row.urges > 0 ? <Tag color="magenta">{`${t('apply.urge')} ×${row.urges}`}</Tag> : null}
              </Space>
            ),
          },
          ...(canUrge
            ? [
                {
                  title: '',
                  key: 'urge',
                  render: (_: unknown, row: StuckCase) =>
                    row.urgeable ? (
                      <Button
                        size="small"
                        onClick={() => setUrging(row)}
                        aria-label={`${t('reports.stuck.urge')} ${row.number}`}
                      >
                        {t('reports.stuck.urge')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <UrgeModal
        applicationId={urging?.applicationId ?? ''}
        stepKey={urging?.stepKey ?? null}
        onClose={() => setUrging(null)}
      />
    </Drawer>
  );
}
