import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage, fieldProblems, problemMessage } from '../../api/errors';
import { MaterialUpload, type UploadedFile } from '../../components/MaterialUpload';
import { formatDateTime } from '../../components/format';

type Notice = Schemas['NoticeDto'];
type StepConfig = Schemas['StepConfigDto'];
type Field = StepConfig['fields'][number];
type Material = StepConfig['materials'][number];

const NUMERIC = new Set(['number', 'area_m2', 'money']);

/**
 * The consolidated supplement notice (一次性告知) on the enterprise's case: every item every
 * department asked for, with the department and its reason, and ONE answer form (the fields asked,
 * a file for each material asked, a note). While departments are still collecting their requests
 * it says so; answered notices stay listed with their answer date.
 */
export function SupplementNotice({
  applicationId,
  serviceCode,
  configs,
  departmentName,
  awaiting,
}: {
  applicationId: string;
  serviceCode: string;
  /** The step configs of the version the case runs on, by step key. */
  configs: Map<string, StepConfig>;
  departmentName: (code: string) => string;
  /** The case waits on the enterprise (some department asked). */
  awaiting: boolean;
}) {
  const { t } = useTranslation();
  const notices = useQuery({
    queryKey: ['notices', applicationId],
    queryFn: () => unwrap(api.GET('/api/applications/{id}/notices', { params: { path: { id: applicationId } } })),
    refetchInterval: 5_000,
  });
  const open = notices.data?.find((n) => !n.answeredAt);
  const answered = notices.data?.filter((n) => n.answeredAt) ?? [];
  if (!open && !awaiting && answered.length === 0) return null;
  return (
    <Card title={t('notice.title')} data-testid="supplement-notice">
      {open ? (
        <NoticeAnswerForm
          notice={open}
          applicationId={applicationId}
          serviceCode={serviceCode}
          configs={configs}
          departmentName={departmentName}
        />
      ) : awaiting ? (
        <Alert type="info" showIcon title={t('notice.collecting')} data-testid="notice-collecting" />
      ) : null}
      {answered.length > 0 ? (
        <ul style={{ marginTop: 16 }}>
          {answered.map((n) => (
            <li key={n.id}>
              {t('notice.answeredLine', {
                number: n.number,
                issuedAt: formatDateTime(n.issuedAt),
                answeredAt: formatDateTime(n.answeredAt),
                count: n.items.length,
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function NoticeAnswerForm({
  notice,
  applicationId,
  serviceCode,
  configs,
  departmentName,
}: {
  notice: Notice;
  applicationId: string;
  serviceCode: string;
  configs: Map<string, StepConfig>;
  departmentName: (code: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [uploads, setUploads] = useState<Record<string, UploadedFile>>({});
  const fieldOf = (item: Notice['items'][number]): Field | undefined =>
    configs.get(item.stepKey)?.fields.find((f) => f.key === item.fieldKey);
  const materialOf = (item: Notice['items'][number]): Material | undefined =>
    configs.get(item.stepKey)?.materials.find((m) => m.code === item.materialCode);
  const label = (item: Notice['items'][number]): string => {
    if (item.kind === 'field') {
      const field = fieldOf(item);
      return field ? (i18n.language === 'en' ? field.label.en : field.label.zh) : (item.fieldKey ?? '');
    }
    if (item.kind === 'material') return materialOf(item)?.name ?? item.materialCode ?? '';
    return t('notice.kind.other');
  };
  // One input per field and one upload per material, however many departments asked for it.
  const fields = [...new Map(notice.items.filter((i) => i.kind === 'field').map((i) => [i.fieldKey, i])).values()];
  const materials = [
    ...new Map(notice.items.filter((i) => i.kind === 'material').map((i) => [i.materialCode, i])).values(),
  ];
  const hasOther = notice.items.some((i) => i.kind === 'other');

  const answer = useMutation({
    mutationFn: (values: Record<string, unknown>) => {
      const changed = Object.fromEntries(
        fields
          .map((i) => [i.fieldKey!, values[`field:${i.fieldKey}`]] as const)
          .filter(([, value]) => value !== undefined && value !== null && value !== ''),
      );
      const note = typeof values.note === 'string' ? values.note.trim() : '';
      return unwrap(
        api.POST('/api/applications/{id}/supplements', {
          params: { path: { id: applicationId } },
          body: {
            noticeId: notice.id,
            form: changed,
            materials: Object.entries(uploads).map(([code, file]) => ({ code, fileId: file.id })),
            ...(note ? { note } : {}),
          },
        }),
      );
    },
    onSuccess: () => {
      void message.success(t('apply.supplementDone'));
      void queryClient.invalidateQueries({ queryKey: ['notices', applicationId] });
      void queryClient.invalidateQueries({ queryKey: ['application', applicationId] });
    },
  });
  const problems = fieldProblems(answer.error);
  const problemAt = (path: string) => problems.find((p) => p.path === path || p.path.startsWith(`${path}[`));

  return (
    <>
      <Typography.Paragraph>
        {t('notice.intro', { number: notice.number, issuedAt: formatDateTime(notice.issuedAt) })}
      </Typography.Paragraph>
      <Table
        rowKey={(item) => `${item.stepKey}:${item.kind}:${item.materialCode ?? item.fieldKey ?? item.reason}`}
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={notice.items}
        data-testid="notice-items"
        columns={[
          { title: t('notice.department'), render: (_: unknown, item) => departmentName(item.departmentCode) },
          { title: t('notice.kindTitle'), render: (_: unknown, item) => <Tag>{t(`notice.kind.${item.kind}`)}</Tag> },
          { title: t('notice.item'), render: (_: unknown, item) => label(item) },
          { title: t('notice.reason'), dataIndex: 'reason' },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        style={{ marginTop: 16 }}
        onFinish={(values: Record<string, unknown>) => answer.mutate(values)}
      >
        {fields.map((item) => {
          const field = fieldOf(item);
          const problem = problemAt(`form.${item.fieldKey}`);
          return (
            <Form.Item
              key={item.fieldKey}
              name={`field:${item.fieldKey}`}
              label={label(item)}
              valuePropName={field?.type === 'boolean' ? 'checked' : 'value'}
              {...(problem ? { validateStatus: 'error' as const, help: problemMessage(t, problem) } : {})}
            >
              {field && NUMERIC.has(field.type) ? (
                <InputNumber style={{ width: 200 }} data-testid={`notice-field-${item.fieldKey}`} />
              ) : field?.type === 'boolean' ? (
                <Switch />
              ) : (
                <Input data-testid={`notice-field-${item.fieldKey}`} />
              )}
            </Form.Item>
          );
        })}
        {materials.map((item) => {
          const material = materialOf(item);
          return (
            <Form.Item key={item.materialCode} label={label(item)}>
              <MaterialUpload
                serviceCode={serviceCode}
                material={material ?? { code: item.materialCode!, name: item.materialCode! }}
                value={uploads[item.materialCode!]}
                onChange={(file) => {
                  const { [item.materialCode!]: _replaced, ...others } = uploads;
                  setUploads(file ? { ...others, [item.materialCode!]: file } : others);
                }}
              />
            </Form.Item>
          );
        })}
        <Form.Item
          name="note"
          label={t('apply.supplementNote')}
          rules={hasOther ? [{ required: true, whitespace: true, message: t('notice.noteRequired') }] : []}
        >
          <Input.TextArea rows={3} data-testid="notice-note" />
        </Form.Item>
        {answer.error ? <Alert type="error" title={errorMessage(t, answer.error)} showIcon /> : null}
        <Button
          type="primary"
          htmlType="submit"
          loading={answer.isPending}
          style={{ marginTop: 8 }}
          data-testid="notice-submit"
        >
          {t('notice.submit')}
        </Button>
      </Form>
    </>
  );
}
