import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';

/** The services an enterprise can apply for. */
export function Catalogue() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const services = useQuery({ queryKey: ['services'], queryFn: () => unwrap(api.GET('/api/services')) });
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2}>{t('apply.catalogueTitle')}</Typography.Title>
        <Typography.Text type="secondary">{t('apply.catalogueHint')}</Typography.Text>
      </div>
      {services.error ? <Alert type="error" title={errorMessage(t, services.error)} showIcon /> : null}
      <Row gutter={[16, 16]}>
        {(services.data ?? []).map((service) => (
          <Col key={service.code} xs={24} sm={12} lg={8}>
            <Card
              title={service.name}
              data-testid={`service-${service.code}`}
              actions={[
                service.published ? (
                  // One button, not a button inside a link: one stop for the Tab key, and valid HTML.
                  <Button key="start" type="primary" onClick={() => void navigate(`/apply/services/${service.code}`)}>
                    {t('apply.start')}
                  </Button>
                ) : (
                  <Typography.Text key="off" type="secondary">
                    {t('apply.notPublished')}
                  </Typography.Text>
                ),
              ]}
            >
              <Space wrap>
                <Tag>{service.code}</Tag>
                {service.published ? (
                  <>
                    <Tag color="blue">{t('apply.version', { version: service.published.version })}</Tag>
                    <Tag>{t('apply.overallLimit', { days: service.published.overallLimitDays })}</Tag>
                  </>
                ) : null}
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </Space>
  );
}
