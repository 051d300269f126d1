import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../components/format';
import { RouteDiagram } from '../../components/RouteDiagram';
import { show } from './flatten';

type Version = Schemas['VersionSummaryDto'];

/** The published versions of a service, and two of them side by side with what changed. */
export function VersionCompare({ code }: { code: string }) {
  const { t } = useTranslation();
  const versions = useQuery({
    queryKey: ['versions', code],
    queryFn: () => unwrap(api.GET('/api/services/{code}/versions', { params: { path: { code } } })),
  });
  const list = [...(versions.data ?? [])].sort((a, b) => a.version - b.version);
  const [from, setFrom] = useState<number | undefined>();
  const [to, setTo] = useState<number | undefined>();
  useEffect(() => {
    if (list.length >= 2) {
      setFrom(list[list.length - 2].version);
      setTo(list[list.length - 1].version);
    }
  }, [list.length]);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {versions.error ? <Alert type="error" title={errorMessage(t, versions.error)} showIcon /> : null}
      <Table<Version>
        rowKey="version"
        size="small"
        data-testid="versions"
        loading={versions.isLoading}
        dataSource={[...list].reverse()}
        pagination={false}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('console.versions.version'), dataIndex: 'version' },
          { title: t('console.versions.publishedAt'), dataIndex: 'publishedAt', render: formatDateTime },
          { title: t('console.versions.publishedBy'), dataIndex: 'publishedBy' },
        ]}
      />
      {list.length < 2 ? (
        <Typography.Text type="secondary">{t('console.versions.needTwo')}</Typography.Text>
      ) : (
        <>
          <Space wrap>
            <label>
              {t('console.versions.from')}{' '}
              <Select
                aria-label={t('console.versions.from')}
                data-testid="diff-from"
                value={from}
                onChange={setFrom}
                style={{ width: 120 }}
                options={list.map((v) => ({ value: v.version, label: `v${v.version}` }))}
              />
            </label>
            <label>
              {t('console.versions.to')}{' '}
              <Select
                aria-label={t('console.versions.to')}
                data-testid="diff-to"
                value={to}
                onChange={setTo}
                style={{ width: 120 }}
                options={list.map((v) => ({ value: v.version, label: `v${v.version}` }))}
              />
            </label>
          </Space>
          {from !== undefined && to !== undefined && from !== to ? <Diff code={code} from={from} to={to} /> : null}
        </>
      )}
    </Space>
  );
}

function useVersion(code: string, n: number) {
  return useQuery({
    queryKey: ['versions', code, n],
    queryFn: () => unwrap(api.GET('/api/services/{code}/versions/{n}', { params: { path: { code, n } } })),
    staleTime: Infinity,
  });
}

/** Two versions side by side: their routes, then each change with the earlier and later value. */
function Diff({ code, from, to }: { code: string; from: number; to: number }) {
  const { t } = useTranslation();
  const diff = useQuery({
    queryKey: ['diff', code, from, to],
    queryFn: () =>
      unwrap(
        api.GET('/api/services/{code}/versions/{n}/diff', {
          params: { path: { code, n: to }, query: { against: from } },
        }),
      ),
    staleTime: Infinity,
  });
  const earlier = useVersion(code, from);
  const later = useVersion(code, to);
  if (diff.error) return <Alert type="error" title={errorMessage(t, diff.error)} showIcon />;
  const d = diff.data;
  const rows: { id: string; path: string; before: string; after: string }[] = d
    ? [
        ...d.service.map((c) => ({ id: `s-${c.path}`, path: c.path, before: show(c.before), after: show(c.after) })),
        ...d.steps.added.map((s) => ({
          id: `a-${s.key}`,
          path: `${t('console.versions.stepAdded')}: ${s.key}`,
          before: '—',
          after: `${s.key} (${s.departmentCode})`,
        })),
        ...d.steps.removed.map((s) => ({
          id: `r-${s.key}`,
          path: `${t('console.versions.stepRemoved')}: ${s.key}`,
          before: `${s.key} (${s.departmentCode})`,
          after: '—',
        })),
        ...d.steps.departmentChanged.map((c) => ({
          id: `d-${c.stepKey}`,
          path: `${t('console.versions.departmentChanged')}: ${c.stepKey}`,
          before: c.before,
          after: c.after,
        })),
        ...d.edges.added.map((e) => ({
          id: `ea-${e.from}-${e.to}`,
          path: t('console.versions.edgeAdded'),
          before: '—',
          after: `${e.from} → ${e.to}`,
        })),
        ...d.edges.removed.map((e) => ({
          id: `er-${e.from}-${e.to}`,
          path: t('console.versions.edgeRemoved'),
          before: `${e.from} → ${e.to}`,
          after: '—',
        })),
        ...d.configChanges.map((c) => ({
          id: `c-${c.stepKey}-${c.path}`,
          path: `${c.stepKey} · ${c.path}`,
          before: show(c.before),
          after: show(c.after),
        })),
      ]
    : [];
  const diagram = (steps: Schemas['ServiceStepDto'][] | undefined) =>
    steps ? (
      <RouteDiagram
        steps={steps.map((s) => ({
          key: s.key,
          departmentCode: s.departmentCode,
          after: s.after,
          timeLimitDays: typeof s.config.timeLimitDays === 'number' ? s.config.timeLimitDays : undefined,
        }))}
      />
    ) : null;
  return (
    <Card
      size="small"
      title={t('console.versions.sideBySide', { from, to })}
      data-testid="version-diff"
      loading={diff.isLoading}
    >
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>v{from}</Typography.Title>
          {diagram(earlier.data?.steps)}
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>v{to}</Typography.Title>
          {diagram(later.data?.steps)}
        </Col>
      </Row>
      {rows.length === 0 ? (
        <Empty description={t('console.versions.noChanges')} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={rows}
          scroll={{ x: true }}
          columns={[
            { title: t('console.versions.path'), dataIndex: 'path' },
            { title: `v${from}`, dataIndex: 'before', onCell: () => ({ style: { background: '#fef2f2' } }) },
            { title: `v${to}`, dataIndex: 'after', onCell: () => ({ style: { background: '#f0fdf4' } }) },
          ]}
        />
      )}
    </Card>
  );
}
