import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** Valid (green), revoked (red), or past its validity (grey), in words as well as colour. */
export function CertificateStatusTag({ status, validUntil }: { status: 'valid' | 'revoked'; validUntil: string }) {
  const { t } = useTranslation();
  if (status === 'revoked') return <Tag color="red">{t('certificates.revoked')}</Tag>;
  if (Date.parse(validUntil) <= Date.now()) return <Tag>{t('certificates.expired')}</Tag>;
  return <Tag color="green">{t('certificates.valid')}</Tag>;
}
