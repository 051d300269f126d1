import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { formatDate, formatDateTime } from '../../components/format';
import { saveLanguage } from '../../i18n';

/**
 * The public verification page a certificate's QR code opens (/verify/:code): no sign-in. It says
 * plainly whether the certificate is genuine and in force, revoked, expired or unknown.
 */
export function VerifyPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const verification = useQuery({
    queryKey: ['certificate-verification', code],
    queryFn: () => unwrap(api.GET('/api/certificates/verify/{verifyCode}', { params: { path: { verifyCode: code } } })),
    retry: false,
  });
  const switchLanguage = () => {
    const next = i18n.language === 'en' ? 'zh' : 'en';
    saveLanguage(next);
    document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
    void i18n.changeLanguage(next);
  };

  const failure = verification.error;
  const unknown = failure instanceof ApiError && failure.status === 404;
  const data = verification.data;

  return (
    <main
      style={{ display: 'grid', placeItems: 'start center', minHeight: '100vh', padding: 16, background: '#f0f2f5' }}
    >
      <Card style={{ width: '100%', maxWidth: 640, marginTop: 32 }} loading={verification.isLoading}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('certificates.verifyTitle')}
          </Typography.Title>
          <Button type="link" onClick={switchLanguage} data-testid="language-switch">
            {t('certificates.language')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary">{t('certificates.verifyIntro')}</Typography.Paragraph>
        {unknown ? (
          <Result
            status="error"
            title={t('certificates.verdictUnknown')}
            subTitle={t('certificates.unknownDetail')}
            data-testid="verdict-unknown"
          />
        ) : failure ? (
          <Alert
            type="warning"
            showIcon
            title={
              failure instanceof ApiError && failure.status === 429
                ? t('certificates.tooMany')
                : errorMessage(t, failure)
            }
          />
        ) : data ? (
          <>
            <Result
              status={data.valid ? 'success' : data.status === 'revoked' ? 'error' : 'warning'}
              title={
                data.valid
                  ? t('certificates.verdictValid')
                  : data.status === 'revoked'
                    ? t('certificates.verdictRevoked')
                    : t('certificates.verdictExpired')
              }
              data-testid={`verdict-${data.valid ? 'valid' : data.status === 'revoked' ? 'revoked' : 'expired'}`}
            />
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('certificates.number')}>{data.number}</Descriptions.Item>
              <Descriptions.Item label={t('certificates.holder')}>{data.holder}</Descriptions.Item>
              <Descriptions.Item label={t('certificates.department')}>{data.departmentName}</Descriptions.Item>
              <Descriptions.Item label={t('certificates.service')}>{data.serviceName}</Descriptions.Item>
              <Descriptions.Item label={t('certificates.issuedAt')}>{formatDate(data.issuedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('certificates.validUntil')}>{formatDate(data.validUntil)}</Descriptions.Item>
              {data.revokedAt ? (
                <Descriptions.Item label={t('certificates.revokedAt')}>
                  {formatDateTime(data.revokedAt)}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </>
        ) : null}
      </Card>
    </main>
  );
}
