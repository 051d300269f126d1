import { Alert, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { cursorParam, LoadMore, useCursorPages } from '../../components/cursor-pages';
import { applicationColumns } from './application-columns';

/** The caller's applications (an enterprise sees its own; CIOs see their scope), newest first. */
export function MyApplications() {
  const { t } = useTranslation();
  const { pages, rows } = useCursorPages(['applications'], (cursor) =>
    unwrap(api.GET('/api/applications', { params: { query: { limit: 50, ...cursorParam(cursor) } } })),
  );
  return (
    <>
      <Typography.Title level={2}>{t('apply.myApplicationsTitle')}</Typography.Title>
      {pages.error ? <Alert type="error" title={errorMessage(t, pages.error)} showIcon /> : null}
      <Table
        rowKey="id"
        loading={pages.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={applicationColumns(t)}
      />
      <LoadMore pages={pages} />
    </>
  );
}
