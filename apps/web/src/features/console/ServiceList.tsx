import { useQuery } from '@tanstack/react-query';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/session';
import { NewServiceDialog } from './NewServiceDialog';

/** Every service, its published version and its draft, each opening the service editor. */
export function ServiceList() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['services'], queryFn: () => unwrap(api.GET('/api/services')) });
  const [creating, setCreating] = useState(false);
  const canCreate = useSession().session?.user.role === 'coord_cio';
  return (
    <>
      {canCreate ? (
        <Button
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          style={{ marginBottom: 16 }}
          data-testid="new-service"
        >
          {t('console.services.create')}
        </Button>
      ) : null}
      {creating ? <NewServiceDialog onClose={() => setCreating(false)} /> : null}
      {list.error ? <Alert type="error" title={errorMessage(t, list.error)} showIcon /> : null}
      <Table<Schemas['ServiceDto']>
        rowKey="code"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: t('console.services.name'),
            dataIndex: 'name',
            render: (name: string, row) => (
              <Link to={`/coordination/services/${row.code}`} data-testid={`edit-service-${row.code}`}>
                {name}
              </Link>
            ),
          },
          { title: t('console.services.code'), dataIndex: 'code' },
          {
            title: t('console.services.published'),
            key: 'published',
            render: (_: unknown, row) =>
              row.published ? (
                <Tag color="green">{t('apply.version', { version: row.published.version })}</Tag>
              ) : (
                <Tag>{t('console.services.none')}</Tag>
              ),
          },
          {
            title: t('console.services.overallLimitDays'),
            key: 'limit',
            render: (_: unknown, row) => row.draft?.overallLimitDays ?? row.published?.overallLimitDays ?? '—',
          },
          {
            title: t('console.services.draftSteps'),
            key: 'steps',
            render: (_: unknown, row) => row.draft?.steps.length ?? '—',
          },
        ]}
      />
    </>
  );
}
