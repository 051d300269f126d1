import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Table, Tag, Typography, type CardProps } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, saveDownload, type Schemas } from '../api/client';
import { errorMessage } from '../api/errors';
import { formatBytes, formatCalendarDate } from './format';

type Detail = Schemas['ApplicationDetailDto'];
type Answer = Schemas['FormAnswerDto'];
type Material = Schemas['SubmittedMaterialDto'];

/**
 * What the enterprise filed, as the API lets the reader see it: each answer under its label in the
 * reader's language, and each material provided or missing. `ownStepKey` marks what the reader's
 * own step (a task's) asks for; `size` matches the cards around it.
 */
export function FiledContent({
  detail,
  ownStepKey,
  size,
}: {
  detail: Pick<Detail, 'form' | 'materials' | 'contentScope'>;
  ownStepKey?: string;
  size?: CardProps['size'];
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const ownTag = (stepKeys: string[]) =>
    ownStepKey !== undefined && stepKeys.includes(ownStepKey) ? <Tag color="blue">{t('filed.thisStep')}</Tag> : null;

  return (
    <Card title={t('filed.title')} size={size} data-testid="filed-content">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {detail.contentScope === 'department' ? (
          <Alert type="info" showIcon title={t('filed.departmentScope')} />
        ) : null}
        <section>
          <SectionHeading>{t('filed.form')}</SectionHeading>
          {detail.form.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('filed.noFields')} />
          ) : (
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              {detail.form.map((answer) => (
                <Descriptions.Item
                  key={answer.key}
                  label={
                    <Space size={4} wrap>
                      <span>{english ? answer.label.en : answer.label.zh}</span>
                      {ownTag(answer.stepKeys)}
                    </Space>
                  }
                >
                  <span data-testid={`filed-field-${answer.key}`}>
                    {answer.value === null ? (
                      <Typography.Text type="secondary">{t('filed.notAnswered')}</Typography.Text>
                    ) : (
                      formatAnswer(answer, t, english ? 'en' : 'zh-CN')
                    )}
                  </span>
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
        </section>
        <section>
          <SectionHeading>{t('filed.materials')}</SectionHeading>
          <Table<Material>
            rowKey="code"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={detail.materials}
            locale={{ emptyText: t('filed.noMaterials') }}
            onRow={(material) => ({ 'data-testid': `filed-material-${material.code}` }) as object}
            columns={[
              {
                title: t('filed.material'),
                dataIndex: 'name',
                render: (name: string, material) => (
                  <Space size={4} wrap>
                    <span>{name}</span>
                    {ownTag(material.stepKeys)}
                  </Space>
                ),
              },
              {
                title: t('filed.kind'),
                dataIndex: 'kind',
                render: (kind: Material['kind']) => (kind === 'core' ? t('filed.core') : t('filed.nonCore')),
              },
              {
                title: t('filed.status'),
                dataIndex: 'provided',
                // A missing core material holds the case up; a non-core one may follow later (容缺).
                render: (provided: boolean, material) =>
                  provided ? (
                    <Tag color="green">{t('filed.provided')}</Tag>
                  ) : (
                    <Tag color={material.kind === 'core' ? 'red' : 'gold'}>{t('filed.missing')}</Tag>
                  ),
              },
              {
                title: t('filed.content'),
                key: 'content',
                render: (_: unknown, material) =>
                  material.content !== null ? (
                    <Typography.Paragraph style={{ margin: 0, maxWidth: 480 }} ellipsis={{ rows: 2, expandable: true }}>
                      {material.content}
                    </Typography.Paragraph>
                  ) : material.file ? (
                    <FileLink file={material.file} />
                  ) : material.fileId !== null ? (
                    t('filed.uploadedFile')
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </section>
      </Space>
    </Card>
  );
}

/** An uploaded material: its name and size, and a download through the authenticated client. */
function FileLink({ file }: { file: NonNullable<Material['file']> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const download = async () => {
    try {
      await saveDownload(api.GET('/api/files/{id}', { params: { path: { id: file.id } }, parseAs: 'blob' }), file.name);
    } catch (error) {
      void message.error(errorMessage(t, error));
    }
  };
  return (
    <Space size={4} wrap data-testid={`filed-file-${file.id}`}>
      <span>{file.name}</span>
      <Typography.Text type="secondary">{formatBytes(file.size)}</Typography.Text>
      <Button size="small" icon={<DownloadOutlined />} onClick={() => void download()}>
        {t('filed.download')}
      </Button>
    </Space>
  );
}

function SectionHeading({ children }: { children: string }) {
  return (
    <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
      {children}
    </Typography.Text>
  );
}

/** An answer in words, by its field type: money in yuan, areas in m², booleans as yes or no. */
export function formatAnswer(answer: Pick<Answer, 'type' | 'value'>, t: TFunction, locale: string): string {
  const { value } = answer;
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? t('filed.yes') : t('filed.no');
  if (typeof value === 'number') {
    switch (answer.type) {
      case 'money':
        return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(value);
      case 'area_m2':
        return `${new Intl.NumberFormat(locale).format(value)} m²`;
      default:
        return new Intl.NumberFormat(locale).format(value);
    }
  }
  return answer.type === 'date' ? formatCalendarDate(value) : value;
}
