import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Input, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';

/** The services an enterprise can apply for. */
export function Catalogue() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const services = useQuery({ queryKey: ['services'], queryFn: () => unwrap(api.GET('/api/services')) });
  // A province publishes hundreds of services: finding one by a word of its name beats scrolling.
  const [text, setText] = useState('');
  const needle = text.trim().toLowerCase();
  const shown = (services.data ?? []).filter(
    (s) => !needle || s.name.toLowerCase().includes(needle) || s.code.includes(needle),
  );
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2}>{t('apply.catalogueTitle')}</Typography.Title>
        <Typography.Text type="secondary">{t('apply.catalogueHint')}</Typography.Text>
      </div>
      {services.error ? <Alert type="error" title={errorMessage(t, services.error)} showIcon /> : null}
      <Input.Search
        allowClear
        aria-label={t('apply.catalogueSearch')}
        placeholder={t('apply.catalogueSearch')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        style={{ maxWidth: 420 }}
        data-testid="catalogue-search"
      />
      {needle && shown.length === 0 ? <Empty description={t('apply.catalogueNoMatch', { text: text.trim() })} /> : null}
      <Row gutter={[16, 16]}>
        {shown.map((service) => (
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
