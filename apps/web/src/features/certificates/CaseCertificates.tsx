import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, saveDownload, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { formatDate } from '../../components/format';
import { useDepartments } from '../../components/useDepartments';
import { CertificateStatusTag } from './CertificateStatusTag';

type Certificate = Schemas['CertificateDto'];

/**
 * The certificates (电子证照) of an approved case: one per approving department, with its status, the
 * PDF (fetched through the signed-in client, since a plain link carries no token) and the public
 * verification page its QR code opens.
 */
export function CaseCertificates({ applicationId }: { applicationId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const departments = useDepartments();
  // The certificate carries the department's Chinese name (as printed); English readers get theirs.
  const departmentName = (certificate: Certificate) => {
    const department = departments.data?.find((d) => d.code === certificate.departmentCode);
    return i18n.language === 'en' && department ? department.nameEn : certificate.departmentName;
  };
  const [downloading, setDownloading] = useState<string | null>(null);
  const certificates = useQuery({
    queryKey: ['certificates', applicationId],
    queryFn: () => unwrap(api.GET('/api/applications/{id}/certificates', { params: { path: { id: applicationId } } })),
  });

  const download = async (number: string) => {
    setDownloading(number);
    try {
      await saveDownload(
        api.GET('/api/certificates/{number}/pdf', { params: { path: { number } }, parseAs: 'blob' }),
        `${number}.pdf`,
      );
    } catch (error) {
      void message.error(errorMessage(t, error));
    } finally {
      setDownloading(null);
    }
  };

  return (
    <Card title={t('certificates.title')} data-testid="case-certificates">
      <Typography.Paragraph type="secondary">{t('certificates.intro')}</Typography.Paragraph>
      {certificates.error ? <Alert type="error" title={errorMessage(t, certificates.error)} showIcon /> : null}
      <Table<Certificate>
        rowKey="number"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        loading={certificates.isLoading}
        dataSource={certificates.data ?? []}
        locale={{ emptyText: t('certificates.none') }}
        columns={[
          { title: t('certificates.number'), dataIndex: 'number', render: (n: string) => <code>{n}</code> },
          { title: t('certificates.department'), key: 'department', render: (_: unknown, c) => departmentName(c) },
          { title: t('certificates.holder'), dataIndex: 'holder' },
          { title: t('certificates.issuedAt'), dataIndex: 'issuedAt', render: (d: string) => formatDate(d) },
          { title: t('certificates.validUntil'), dataIndex: 'validUntil', render: (d: string) => formatDate(d) },
          {
            title: t('certificates.status'),
            key: 'status',
            render: (_: unknown, c) => (
              <Space orientation="vertical" size={0}>
                <CertificateStatusTag status={c.status} validUntil={c.validUntil} />
                {c.revokeReason ? (
                  <Typography.Text type="secondary">
                    {t('certificates.revokedBecause', { reason: c.revokeReason })}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, c) => (
              <Space wrap>
                <Button
                  size="small"
                  onClick={() => void download(c.number)}
                  loading={downloading === c.number}
                  data-testid={`certificate-pdf-${c.stepKey}`}
                >
                  {t('certificates.download')}
                </Button>
                <Link to={`/verify/${c.verifyCode}`} target="_blank" data-testid={`certificate-verify-${c.stepKey}`}>
                  {t('certificates.verifyLink')}
                </Link>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
