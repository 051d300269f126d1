import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../components/format';
import { StatusTag } from './StatusTag';

/** The caller's applications (an enterprise sees its own; CIOs see their scope), newest first. */
export function MyApplications() {
  const { t } = useTranslation();
  const pages = useInfiniteQuery({
    queryKey: ['applications'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/applications', { params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
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
        columns={[
          {
            title: t('apply.number'),
            dataIndex: 'number',
            render: (number: string, row) => <Link to={`/cases/${row.id}`}>{number}</Link>,
          },
          { title: t('apply.service'), dataIndex: 'serviceCode' },
          { title: t('apply.status'), dataIndex: 'status', render: (status: string) => <StatusTag status={status} /> },
          { title: t('apply.filedAt'), dataIndex: 'filedAt', render: formatDateTime },
          {
            title: t('apply.dueAt'),
            dataIndex: 'dueAt',
            render: (dueAt: string | null, row) => (
              <>
                {formatDateTime(dueAt)} {row.overdue ? <Tag color="red">{t('common.overdue')}</Tag> : null}
              </>
            ),
          },
        ]}
      />
      {pages.hasNextPage ? (
        <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage} style={{ marginTop: 16 }}>
          {t('common.loadMore')}
        </Button>
      ) : null}
    </>
  );
}
