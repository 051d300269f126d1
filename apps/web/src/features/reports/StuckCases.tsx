import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, saveDownload, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { cursorParam, LoadMore, useCursorPages } from '../../components/cursor-pages';
import { formatDateTime } from '../../components/format';
import { UrgeModal } from '../../components/UrgeModal';
import { formatDays, type Drill } from './report-charts';
import { asJson, type ReportNames } from './report-names';

const CARD_COLOURS: Record<string, string> = { warning: 'gold', yellow: 'orange', red: 'red' };

type StuckCase = Schemas['StuckCaseDto'];

/** Stuck cases a page at a time (20), longest waiting first, as the server orders them. */
function useStuckCases(drill: Drill) {
  return useCursorPages(['reports', 'stuck-cases', drill], (cursor) =>
    unwrap(
      api.GET('/api/reports/stuck-cases', {
        params: {
          query: {
            departmentCode: drill.departmentCode,
            ...(drill.serviceCode ? { serviceCode: drill.serviceCode } : {}),
            limit: 20,
            ...cursorParam(cursor),
          },
        },
      }),
    ).then(asJson),
  );
}

/**
 * The drill-down: a department's (or a department × service's) stuck cases in a drawer, each
 * opening the case view, and for the coordinating CIO a button to urge the department on it.
 */
export function StuckCasesDrawer({
  drill,
  names,
  canUrge,
  onClose,
}: {
  drill: Drill | null;
  names: ReportNames;
  canUrge: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const department = drill ? names.department(drill.departmentCode) : '';
  const title = drill?.serviceCode
    ? t('reports.stuck.titleService', { department, service: names.service(drill.serviceCode) })
    : t('reports.stuck.title', { department });
  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      title={title}
      size="min(960px, 100vw)"
      data-testid="stuck-cases"
      destroyOnHidden
    >
      {drill ? <StuckCaseList drill={drill} names={names} canUrge={canUrge} /> : null}
    </Drawer>
  );
}

function StuckCaseList({ drill, names, canUrge }: { drill: Drill; names: ReportNames; canUrge: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const location = useLocation();
  const { pages, rows } = useStuckCases(drill);
  const [urging, setUrging] = useState<StuckCase | null>(null);
  const [downloading, setDownloading] = useState(false);
  const download = async () => {
    setDownloading(true);
    try {
      await saveDownload(
        api.GET('/api/reports/stuck-cases', {
          params: {
            query: {
              departmentCode: drill.departmentCode,
              ...(drill.serviceCode ? { serviceCode: drill.serviceCode } : {}),
              format: 'csv',
            },
          },
          parseAs: 'blob',
        }),
        `stuck-cases-${drill.departmentCode}.csv`,
      );
    } catch (error) {
      void message.error(t('reports.downloadFailed', { message: errorMessage(t, error) }));
    } finally {
      setDownloading(false);
    }
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">{t('reports.stuck.hint')}</Typography.Text>
        <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void download()}>
          {t('reports.downloadCsv')}
        </Button>
      </Space>
      {pages.error ? <Alert type="error" title={errorMessage(t, pages.error)} showIcon /> : null}
      <Table
        rowKey={(row) => `${row.applicationId}|${row.stepKey}`}
        size="small"
        loading={pages.isLoading}
        pagination={false}
        scroll={{ x: true }}
        dataSource={rows}
        locale={{ emptyText: t('reports.stuck.none') }}
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
          { title: t('reports.stuck.enterprise'), dataIndex: 'enterpriseName' },
          { title: t('reports.stuck.service'), dataIndex: 'serviceCode', render: names.service },
          {
            title: t('reports.stuck.step'),
            dataIndex: 'stepKey',
            render: (stepKey: string, row) => (
              <Space size={4} wrap>
                {stepKey}
                <Tag>{t(`taskStatus.${row.status}`)}</Tag>
              </Space>
            ),
          },
          {
            title: t('reports.stuck.waiting'),
            dataIndex: 'waitingWorkingDays',
            render: (days: number, row) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{t('reports.stuck.waitingDays', { days: formatDays(days) })}</Typography.Text>
                <Typography.Text type="secondary">
                  {t('reports.stuck.since', { at: formatDateTime(row.waitingSince) })}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('reports.stuck.dueAt'),
            dataIndex: 'dueAt',
            render: (dueAt: string, row) => (
              <Space size={4} wrap>
                {formatDateTime(dueAt)}
                {row.overdue ? <Tag color="red">{t('common.overdue')}</Tag> : null}
                {row.clock === 'stopped' ? <Tag>{t('clock.stopped')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('reports.stuck.supervision'),
            key: 'supervision',
            render: (_: unknown, row) => (
              <Space size={4} wrap>
                {[...new Set(row.cards.map((card) => card.level))].map((level) => (
                  <Tag key={level} color={CARD_COLOURS[level]}>
                    {t(`card.${level}`)}
                  </Tag>
                ))}
                {row.urges.length > 0 ? <Tag color="magenta">{`${t('apply.urge')} ×${row.urges.length}`}</Tag> : null}
              </Space>
            ),
          },
          ...(canUrge
            ? [
                {
                  title: '',
                  key: 'urge',
                  render: (_: unknown, row: StuckCase) => (
                    <Button
                      size="small"
                      onClick={() => setUrging(row)}
                      aria-label={`${t('reports.stuck.urge')} ${row.number}`}
                    >
                      {t('reports.stuck.urge')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LoadMore pages={pages} />
      <UrgeModal
        applicationId={urging?.applicationId ?? ''}
        stepKey={urging?.stepKey ?? null}
        onClose={() => setUrging(null)}
      />
    </>
  );
}
