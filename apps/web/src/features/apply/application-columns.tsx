import { Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { StatusTag } from './StatusTag';

type Summary = Schemas['ApplicationSummaryDto'];

/** The columns every list of applications shows; `extra` go after the case number. */
export function applicationColumns(
  t: TFunction,
  options: { serviceName?: (code: string) => string; extra?: ColumnsType<Summary> } = {},
): ColumnsType<Summary> {
  return [
    {
      title: t('apply.number'),
      dataIndex: 'number',
      render: (number: string, row) => <Link to={`/cases/${row.id}`}>{number}</Link>,
    },
    ...(options.extra ?? []),
    {
      title: t('apply.service'),
      dataIndex: 'serviceCode',
      render: (code: string) => options.serviceName?.(code) ?? code,
    },
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
  ];
}
