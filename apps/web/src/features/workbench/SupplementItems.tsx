import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, saveDownload, unwrap, type Schemas } from '../../api/client';
import { formatDateTime } from '../../components/format';

type StepConfig = Schemas['StepConfigDto'];
type Notice = Schemas['NoticeDto'];
const KINDS = ['material', 'field', 'other'] as const;

/** The config of the task's step in the version its case runs on (what the officer may ask for). */
export function useStepConfig(
  application: { serviceCode: string; serviceVersion: number } | undefined,
  stepKey: string,
) {
  const version = useQuery({
    queryKey: ['version', application?.serviceCode, application?.serviceVersion],
    enabled: application !== undefined,
    staleTime: Infinity,
    queryFn: () =>
      unwrap(
        api.GET('/api/services/{code}/versions/{n}', {
          params: { path: { code: application!.serviceCode, n: application!.serviceVersion } },
        }),
      ),
  });
  return version.data?.steps.find((s) => s.key === stepKey)?.config as StepConfig | undefined;
}

/**
 * The items of a supplement request (一次性告知): what is missing — a material or a form field of
 * this step, or something else — and why. At least one; they go into the one notice the enterprise
 * answers.
 */
export function SupplementItemsField({ config }: { config: StepConfig | undefined }) {
  const { t, i18n } = useTranslation();
  const materials = (config?.materials ?? []).map((m) => ({ value: m.code, label: m.name }));
  const fields = (config?.fields ?? []).map((f) => ({
    value: f.key,
    label: i18n.language === 'en' ? f.label.en : f.label.zh,
  }));
  return (
    <Form.List
      name="items"
      initialValue={[{ kind: 'other' }]}
      rules={[
        {
          validator: (_rule, items: unknown[] | undefined) =>
            !items || items.length === 0 ? Promise.reject(new Error(t('notice.itemsRequired'))) : Promise.resolve(),
        },
      ]}
    >
      {(rows, { add, remove }, { errors }) => (
        <Card size="small" title={t('notice.itemsTitle')} style={{ marginBottom: 16 }} data-testid="supplement-items">
          {rows.map((row) => (
            <Space key={row.key} align="start" wrap style={{ width: '100%' }}>
              <Form.Item name={[row.name, 'kind']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                <Select
                  style={{ width: 120 }}
                  aria-label={t('notice.kindTitle')}
                  options={KINDS.filter(
                    (k) => (k !== 'material' || materials.length > 0) && (k !== 'field' || fields.length > 0),
                  ).map((k) => ({ value: k, label: t(`notice.kind.${k}`) }))}
                  data-testid={`item-kind-${row.name}`}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {({ getFieldValue }) => {
                  const kind = getFieldValue(['items', row.name, 'kind']) as string | undefined;
                  if (kind === 'material') {
                    return (
                      <Form.Item
                        name={[row.name, 'materialCode']}
                        rules={[{ required: true }]}
                        style={{ marginBottom: 8 }}
                      >
                        <Select
                          style={{ width: 180 }}
                          placeholder={t('notice.chooseMaterial')}
                          aria-label={t('notice.chooseMaterial')}
                          options={materials}
                          data-testid={`item-material-${row.name}`}
                        />
                      </Form.Item>
                    );
                  }
                  if (kind === 'field') {
                    return (
                      <Form.Item name={[row.name, 'fieldKey']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                        <Select
                          style={{ width: 180 }}
                          placeholder={t('notice.chooseField')}
                          aria-label={t('notice.chooseField')}
                          options={fields}
                          data-testid={`item-field-${row.name}`}
                        />
                      </Form.Item>
                    );
                  }
                  return null;
                }}
              </Form.Item>
              <Form.Item
                name={[row.name, 'reason']}
                rules={[{ required: true, whitespace: true }, { max: 500 }]}
                style={{ marginBottom: 8, minWidth: 220, flex: 1 }}
              >
                <Input
                  placeholder={t('notice.reason')}
                  aria-label={t('notice.reason')}
                  data-testid={`item-reason-${row.name}`}
                />
              </Form.Item>
              <Button onClick={() => remove(row.name)} disabled={rows.length === 1}>
                {t('notice.removeItem')}
              </Button>
            </Space>
          ))}
          <Form.ErrorList errors={errors} />
          <Button type="dashed" onClick={() => add({ kind: 'other' })} data-testid="add-item">
            {t('notice.addItem')}
          </Button>
        </Card>
      )}
    </Form.List>
  );
}

/** For the officer: the notices this step asked on, every item, and the enterprise's answer. */
export function TaskNotices({ notices, stepKey }: { notices: Notice[]; stepKey: string }) {
  const { t } = useTranslation();
  if (notices.length === 0) return null;
  return (
    <Card title={t('notice.officerTitle')} size="small" data-testid="task-notices">
      {notices.map((n) => (
        <Space key={n.id} orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <Typography.Text strong>
            #{n.number} · {formatDateTime(n.issuedAt)} ·{' '}
            {n.answeredAt ? (
              <Tag color="green">{t('notice.answered', { at: formatDateTime(n.answeredAt) })}</Tag>
            ) : (
              <Tag>{t('notice.notAnswered')}</Tag>
            )}
          </Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey={(i) => `${i.stepKey}:${i.kind}:${i.materialCode ?? i.fieldKey ?? i.reason}`}
            dataSource={n.items}
            rowClassName={(i) => (i.stepKey === stepKey ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('notice.department'), dataIndex: 'departmentCode' },
              { title: t('notice.kindTitle'), render: (_: unknown, i) => t(`notice.kind.${i.kind}`) },
              { title: t('notice.item'), render: (_: unknown, i) => i.materialCode ?? i.fieldKey ?? '—' },
              { title: t('notice.reason'), dataIndex: 'reason' },
            ]}
          />
          {n.answer ? (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('notice.answerForm')}>
                {Object.entries(n.answer.form)
                  .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
                  .join('; ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('notice.answerMaterials')}>
                {n.answer.materials.length === 0
                  ? '—'
                  : n.answer.materials.map((m) => (
                      <Button
                        key={m.fileId}
                        size="small"
                        style={{ marginRight: 8 }}
                        onClick={() =>
                          void saveDownload(
                            api.GET('/api/files/{id}', { params: { path: { id: m.fileId } }, parseAs: 'blob' }),
                            m.code,
                          ).catch(() => undefined)
                        }
                      >
                        {m.code}
                      </Button>
                    ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('notice.answerNote')}>{n.answer.note || '—'}</Descriptions.Item>
            </Descriptions>
          ) : null}
        </Space>
      ))}
    </Card>
  );
}
