import { Alert, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { cursorParam, LoadMore, useCursorPages } from '../../components/cursor-pages';
import { formatDateTime } from '../../components/format';
import { differences, show } from './flatten';

type Change = Schemas['ConfigChangeDto'];

/** The audit trail of a service's configuration: who changed what, when, from what to what. */
export function ChangeLog({ serviceCode, stepKeys }: { serviceCode: string; stepKeys?: string[] }) {
  const { t } = useTranslation();
  const { pages, rows: loaded } = useCursorPages(['changes', serviceCode], (cursor) =>
    unwrap(
      api.GET('/api/services/{code}/changes', {
        params: { path: { code: serviceCode }, query: { limit: 50, ...cursorParam(cursor) } },
      }),
    ),
  );
  const rows = loaded.filter((change) => !stepKeys || (change.stepKey !== null && stepKeys.includes(change.stepKey)));
  return (
    <>
      {pages.error ? <Alert type="error" title={errorMessage(t, pages.error)} showIcon /> : null}
      <Table<Change>
        rowKey="id"
        size="small"
        data-testid={`changes-${serviceCode}`}
        loading={pages.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('console.changes.at'), dataIndex: 'at', render: formatDateTime, width: 150 },
          { title: t('console.changes.actor'), dataIndex: 'actor', width: 120 },
          {
            title: t('console.changes.action'),
            dataIndex: 'action',
            width: 140,
            render: (action: string) => t(`console.changes.actions.${action}`),
          },
          { title: t('console.changes.step'), dataIndex: 'stepKey', render: (key: string | null) => key ?? '—' },
          { title: t('console.changes.revision'), dataIndex: 'revision', render: (r: number | null) => r ?? '—' },
          {
            title: t('console.changes.detail'),
            key: 'detail',
            render: (_: unknown, change) => {
              const list = differences(change.before, change.after).slice(0, 8);
              return list.length ? (
                <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                  {list.map((d) => (
                    <li key={d.path}>
                      <Typography.Text code>{d.path}</Typography.Text> {show(d.before)} → {show(d.after)}
                    </li>
                  ))}
                </ul>
              ) : (
                '—'
              );
            },
          },
        ]}
      />
      <LoadMore pages={pages} />
    </>
  );
}
