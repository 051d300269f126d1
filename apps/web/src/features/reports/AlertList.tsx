import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Form, Grid, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/session';
import { cursorParam, LoadMore, useCursorPages } from '../../components/cursor-pages';
import { formatDateTime } from '../../components/format';
import { formatRuleValue } from './weekly-format';
import { snapshotSearch, useWeekWords } from './weekly-links';

type ReportAlert = Schemas['AlertDto'];

/**
 * The alerts the weekly runs raised, newest first: which department crossed which rule, by how
 * much, in which week, and the weekly report it came with. A department CIO gets their own only
 * (the server scopes it).
 */
export function AlertList() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const coordinating = session?.user.role === 'coord_cio';
  const ownDepartment = coordinating ? undefined : session?.user.departmentCode;
  const [departmentCode, setDepartmentCode] = useState<string | undefined>();
  const { pages, rows } = useCursorPages(
    // The language is in the key: the department names come written in it.
    ['reports', 'alerts', departmentCode, ownDepartment, i18n.language],
    (cursor) =>
      unwrap(
        api.GET('/api/reports/alerts', {
          params: { query: { ...cursorParam(cursor), ...(departmentCode ? { departmentCode } : {}) } },
        }),
      ),
  );
  // Which empty state: "set thresholds first" while no department has one.
  const thresholds = useQuery({
    queryKey: ['reports', 'thresholds', ownDepartment, i18n.language],
    queryFn: () => unwrap(api.GET('/api/reports/thresholds')),
  });
  const anyThreshold = (thresholds.data?.items ?? []).some(
    (row) => row.breachRate !== null || row.overdueOpen !== null,
  );
  return (
    <Card
      data-testid="alert-list"
      title={
        <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
          {t('reports.alerts.title')}
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {coordinating ? t('reports.alerts.hint') : t('reports.alerts.hintDepartment')}
      </Typography.Paragraph>
      {coordinating ? (
        <Form layout="inline" component="div" style={{ marginBottom: 12 }}>
          <Form.Item label={t('reports.alerts.department')} htmlFor="alert-department">
            <Select
              id="alert-department"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('reports.alerts.allDepartments')}
              style={{ width: 220 }}
              value={departmentCode}
              onChange={(value: string | undefined) => setDepartmentCode(value)}
              options={(thresholds.data?.items ?? []).map((row) => ({
                value: row.departmentCode,
                label: row.departmentName,
              }))}
            />
          </Form.Item>
        </Form>
      ) : null}
      {pages.error ? <Alert type="error" title={errorMessage(t, pages.error)} showIcon /> : null}
      {rows.length === 0 && !pages.isLoading && !pages.error ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <span data-testid="alerts-empty">
              {coordinating && thresholds.data && !anyThreshold
                ? t('reports.alerts.emptyNoThresholds')
                : t('reports.alerts.empty')}
            </span>
          }
        />
      ) : (
        <AlertItems alerts={rows} loading={pages.isLoading} showSnapshotLink />
      )}
      <LoadMore pages={pages} />
    </Card>
  );
}

/** Alerts as a list that reads on a phone too: the crossing in words, its week, its report. */
export function AlertItems({
  alerts,
  loading,
  showSnapshotLink,
}: {
  alerts: ReportAlert[];
  loading?: boolean;
  showSnapshotLink: boolean;
}) {
  const { t } = useTranslation();
  const weeks = useWeekWords();
  // On a phone the link goes under the alert rather than squeeze its words into a narrow column.
  const phone = !Grid.useBreakpoint().sm;
  return (
    <List<ReportAlert>
      itemLayout={phone ? 'vertical' : 'horizontal'}
      loading={loading}
      dataSource={alerts}
      rowKey="id"
      renderItem={(alert) => {
        const week = weeks.ofWeekStart(alert.weekStart);
        return (
          <List.Item
            data-testid="alert"
            actions={
              showSnapshotLink
                ? [
                    <Link
                      key="snapshot"
                      to={snapshotSearch(alert.snapshotId)}
                      aria-label={t('reports.alerts.openSnapshotLabel', { week: week.label })}
                      style={{ textDecoration: 'underline' }}
                    >
                      {t('reports.alerts.openSnapshot')}
                    </Link>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap size={8}>
                  <Typography.Text strong>{alert.departmentName}</Typography.Text>
                  <Tag color="red">{t(`reports.alerts.rules.${alert.rule}`)}</Tag>
                </Space>
              }
              description={
                <Space orientation="vertical" size={2}>
                  <Typography.Text>
                    {t(`reports.alerts.values.${alert.rule}`, {
                      value: formatRuleValue(alert.rule, alert.value),
                      threshold: formatRuleValue(alert.rule, alert.threshold),
                    })}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {/* Inside a weekly report the week goes without saying. */}
                    {showSnapshotLink
                      ? t('reports.alerts.weekLine', {
                          week: week.label,
                          range: week.range,
                          at: formatDateTime(alert.raisedAt),
                        })
                      : t('reports.alerts.raisedLine', { at: formatDateTime(alert.raisedAt) })}
                  </Typography.Text>
                </Space>
              }
            />
          </List.Item>
        );
      }}
    />
  );
}
