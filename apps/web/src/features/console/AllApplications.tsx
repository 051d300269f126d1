import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { cursorParam, LoadMore, useCursorPages } from '../../components/cursor-pages';
import { applicationColumns } from '../apply/application-columns';

const STATUSES = ['in_progress', 'awaiting_applicant', 'approved', 'rejected', 'withdrawn', 'terminated'] as const;
type Status = (typeof STATUSES)[number];
interface Filters {
  status?: Status;
  serviceCode?: string;
  number?: string;
}

/** Every application, filtered by status, service and number; each opens the case (urging is there). */
export function AllApplications() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const services = useQuery({ queryKey: ['services'], queryFn: () => unwrap(api.GET('/api/services')) });
  const { pages, rows } = useCursorPages(['applications', 'all', filters], (cursor) =>
    unwrap(
      api.GET('/api/applications', {
        params: {
          query: {
            limit: 50,
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.serviceCode ? { serviceCode: filters.serviceCode } : {}),
            ...(filters.number?.trim() ? { number: filters.number.trim() } : {}),
            ...cursorParam(cursor),
          },
        },
      }),
    ),
  );
  return (
    <>
      <Form
        form={form}
        layout="inline"
        onFinish={(values) => setFilters(values)}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="status" label={t('console.applications.status')}>
          <Select
            allowClear
            placeholder={t('console.applications.all')}
            style={{ width: 180 }}
            options={STATUSES.map((s) => ({ value: s, label: t(`applicationStatus.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="serviceCode" label={t('console.applications.service')}>
          <Select
            allowClear
            placeholder={t('console.applications.all')}
            style={{ width: 200 }}
            options={(services.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
          />
        </Form.Item>
        <Form.Item name="number" label={t('console.applications.number')}>
          <Input placeholder="YB-2026-000123" style={{ width: 180 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('console.applications.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
            }}
          >
            {t('console.applications.reset')}
          </Button>
        </Space>
      </Form>
      {pages.error ? <Alert type="error" title={errorMessage(t, pages.error)} showIcon /> : null}
      <Table
        rowKey="id"
        data-testid="all-applications"
        loading={pages.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={applicationColumns(t, {
          serviceName: (code) => services.data?.find((s) => s.code === code)?.name ?? code,
          extra: [{ title: t('console.tasks.enterprise'), dataIndex: 'enterpriseName' }],
        })}
      />
      <LoadMore pages={pages} />
    </>
  );
}
