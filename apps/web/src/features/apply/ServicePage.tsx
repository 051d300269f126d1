import {
  deferredMaterialPlans,
  deferredMaterialProblems,
  stepApplicability,
  type Condition,
  type ServiceVersionSnapshot,
} from '@domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { errorMessage, fieldProblems, problemMessage } from '../../api/errors';
import { conditionText } from '../../components/condition-text';
import { RouteDiagram } from '../../components/RouteDiagram';
import { MaterialUpload, type UploadedFile } from '../../components/MaterialUpload';
import { useDepartments } from '../../components/useDepartments';

type MergedField = Schemas['MergedFieldDto'];
type FormValues = Record<string, unknown>;

/** Field keys an include condition reads: they must stay on the form to be answered. */
function conditionFields(condition: Condition | undefined, into = new Set<string>()): Set<string> {
  if (!condition) return into;
  if ('all' in condition) condition.all.forEach((c) => conditionFields(c, into));
  else if ('any' in condition) condition.any.forEach((c) => conditionFields(c, into));
  else into.add(condition.field);
  return into;
}

/** Form values as the API takes them: dates as YYYY-MM-DD, blanks left out. */
function toFiledForm(values: FormValues, fields: MergedField[]): FormValues {
  const form: FormValues = {};
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined || value === null || value === '') continue;
    form[field.key] = field.type === 'date' ? (value as Dayjs).format('YYYY-MM-DD') : value;
  }
  return form;
}

/**
 * One service: the route it takes, and ONE form. Steps whose include condition fails for the
 * answers so far are greyed out in the route and their fields and materials leave the form, by the
 * same rules the server applies when the filing arrives.
 */
export function ServicePage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const values = Form.useWatch([], form) ?? {};
  const [reviewing, setReviewing] = useState(false);
  // Materials uploaded as files, by material code; a typed text is the alternative for short notes.
  const [uploads, setUploads] = useState<Record<string, UploadedFile>>({});
  // The validator below reads the latest uploads at once, before React renders them.
  const uploadsRef = useRef(uploads);
  // Non-core materials the enterprise pledges to supply later (容缺受理), by code.
  const [deferred, setDeferred] = useState<string[]>([]);
  const deferredRef = useRef(deferred);
  // One key per filing attempt: a double click or a retry after a network failure files once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const service = useQuery({
    queryKey: ['service', code],
    queryFn: () => unwrap(api.GET('/api/services/{code}', { params: { path: { code } } })),
  });
  const version = service.data?.published?.version;
  const departments = useDepartments();
  const merged = useQuery({
    queryKey: ['form', code, version],
    enabled: version !== undefined,
    queryFn: () =>
      unwrap(api.GET('/api/services/{code}/versions/{n}/form', { params: { path: { code, n: version! } } })),
  });

  const steps = useMemo(
    () => (service.data?.published?.steps ?? []) as unknown as ServiceVersionSnapshot['steps'],
    [service.data],
  );
  const fields = merged.data?.fields ?? [];
  const filedForm = toFiledForm(values, fields);
  const included = new Set(
    stepApplicability(steps, filedForm)
      .filter((s) => s.included)
      .map((s) => s.key),
  );
  const asked = new Set<string>();
  steps.forEach((s) => conditionFields(s.config.includeWhen, asked));
  const visibleFields = fields.filter((f) => f.stepKeys.some((k) => included.has(k)) || asked.has(f.key));
  const visibleMaterials = (merged.data?.materials ?? []).filter((m) => m.stepKeys.some((k) => included.has(k)));
  /**
   * Working days to supply a material later, when the steps that apply let it be deferred (the
   * server's rule: non-core, and every applicable step needing it allows it; the shortest limit).
   */
  const deferralDays = (code: string): number | undefined =>
    deferredMaterialProblems({ steps }, filedForm, [], [code]).length === 0
      ? deferredMaterialPlans({ steps }, filedForm, [code])[0]?.supplyWithinDays
      : undefined;
  const deferredNow = visibleMaterials.filter((m) => deferred.includes(m.code) && deferralDays(m.code) !== undefined);
  const isDeferred = (code: string) => deferredNow.some((m) => m.code === code);
  // 告知承诺: steps that apply and allow approval on the enterprise's pledge.
  const pledgeable = steps.filter((s) => included.has(s.key) && s.config.pledge.allowed);
  const pledged = pledgeable.filter((s) => values[`pledge:${s.key}`] === true).map((s) => s.key);

  // A double click reaches here twice before the button shows it is busy; the key would make the
  // second request a harmless replay, but the user should see one answer.
  const submitting = useRef(false);
  const file = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/applications', {
          params: { header: { 'Idempotency-Key': idempotencyKey } },
          body: {
            serviceCode: code,
            form: toFiledForm(values, visibleFields),
            materials: visibleMaterials.flatMap((m): Schemas['FiledMaterialDto'][] => {
              if (isDeferred(m.code)) return [];
              const uploaded = uploads[m.code];
              if (uploaded) return [{ code: m.code, fileId: uploaded.id }];
              const text = values[`material:${m.code}`];
              return typeof text === 'string' && text.trim() !== '' ? [{ code: m.code, content: text }] : [];
            }),
            ...(deferredNow.length > 0 ? { deferredMaterials: deferredNow.map((m) => m.code) } : {}),
            ...(pledged.length > 0 ? { pledges: Object.fromEntries(pledged.map((key) => [key, true])) } : {}),
          },
        }),
      ),
    onSuccess: (filed) => {
      setReviewing(false);
      setIdempotencyKey(crypto.randomUUID());
      void message.success(t('apply.filed', { number: filed.number }));
      void navigate(`/cases/${filed.id}`);
    },
  });
  const problems = fieldProblems(file.error);
  /** What the server found wrong with a field, in the user's language. */
  const problemAt = (field: MergedField): string | undefined => {
    const problem = problems.find((p) => p.path === `form.${field.key}`);
    return problem && problemMessage(t, problem);
  };

  if (service.error) return <Alert type="error" title={errorMessage(t, service.error)} showIcon />;
  if (!service.data || !merged.data) return <Card loading />;
  const published = service.data.published!;
  const label = (field: MergedField) => (i18n.language === 'en' ? field.label.en : field.label.zh);
  // An enterprise knows the departments, not the configuration's step keys.
  const stepName = (stepKey: string) => {
    const departmentCode = steps.find((s) => s.key === stepKey)?.departmentCode;
    const department = departments.data?.find((d) => d.code === departmentCode);
    if (!department) return stepKey;
    return i18n.language === 'en' ? department.nameEn : department.name;
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2}>{service.data.name}</Typography.Title>
        <Space wrap>
          <Tag color="blue">{t('apply.version', { version: published.version })}</Tag>
          <Tag>{t('apply.overallLimit', { days: published.overallLimitDays })}</Tag>
        </Space>
      </div>
      <Card title={t('apply.routeTitle')}>
        <Typography.Paragraph type="secondary">{t('apply.routeHint')}</Typography.Paragraph>
        <RouteDiagram
          steps={steps.map((s) => ({
            key: s.key,
            departmentCode: s.departmentCode,
            after: s.after,
            timeLimitDays: s.config.timeLimitDays,
            excluded: !included.has(s.key),
          }))}
        />
        {merged.data.conditionalSteps.length > 0 ? (
          <Descriptions size="small" column={1} title={t('apply.conditionalTitle')} style={{ marginTop: 16 }}>
            {merged.data.conditionalSteps.map((c) => (
              <Descriptions.Item key={c.stepKey} label={stepName(c.stepKey)}>
                <Space wrap>
                  <span>{conditionText(c.includeWhen as Condition, fields, t, i18n.language)}</span>
                  <Tag color={included.has(c.stepKey) ? 'blue' : 'default'}>
                    {included.has(c.stepKey) ? t('apply.stepRequired') : t('apply.stepNotRequired')}
                  </Tag>
                </Space>
              </Descriptions.Item>
            ))}
          </Descriptions>
        ) : null}
      </Card>
      <Form form={form} layout="vertical" onFinish={() => setReviewing(true)} scrollToFirstError>
        <Card title={t('apply.formTitle')}>
          {visibleFields.map((field) => (
            <Form.Item
              key={field.key}
              name={field.key}
              label={label(field)}
              rules={[{ required: field.required, message: t('apply.fieldRequired', { label: label(field) }) }]}
              validateStatus={problemAt(field) ? 'error' : undefined}
              help={problemAt(field)}
            >
              <FieldInput field={field} />
            </Form.Item>
          ))}
        </Card>
        <Card title={t('apply.materialsTitle')} style={{ marginTop: 16 }}>
          {visibleMaterials.map((material) => (
            <Form.Item
              key={material.code}
              htmlFor={`material:${material.code}`}
              required={material.kind === 'core'}
              label={
                <Space wrap>
                  <span>{material.name}</span>
                  <Tag color={material.kind === 'core' ? 'red' : 'default'}>
                    {material.kind === 'core' ? t('apply.materialCore') : t('apply.materialNonCore')}
                  </Tag>
                </Space>
              }
              extra={t('apply.neededBy', { steps: material.stepKeys.map(stepName).join(t('condition.listSeparator')) })}
            >
              <Space orientation="vertical" size="small" style={{ width: '100%' }}>
                {deferralDays(material.code) !== undefined ? (
                  <Checkbox
                    data-testid={`defer-${material.code}`}
                    checked={isDeferred(material.code)}
                    onChange={(event) => {
                      const others = deferredRef.current.filter((c) => c !== material.code);
                      deferredRef.current = event.target.checked ? [...others, material.code] : others;
                      setDeferred(deferredRef.current);
                    }}
                  >
                    {t('apply.deferLabel', { days: deferralDays(material.code) })}
                  </Checkbox>
                ) : null}
                {isDeferred(material.code) ? (
                  <Alert
                    type="info"
                    showIcon
                    data-testid={`deferred-hint-${material.code}`}
                    title={t('apply.deferHint', { days: deferralDays(material.code) })}
                  />
                ) : null}
                <div style={{ display: isDeferred(material.code) ? 'none' : undefined }}>
                  <MaterialUpload
                    serviceCode={code}
                    material={material}
                    value={uploads[material.code]}
                    onChange={(uploaded) => {
                      const { [material.code]: _replaced, ...others } = uploadsRef.current;
                      uploadsRef.current = uploaded ? { ...others, [material.code]: uploaded } : others;
                      setUploads(uploadsRef.current);
                      // The requirement may be met now (or no longer): say so at once.
                      void form.validateFields([`material:${material.code}`]).catch(() => undefined);
                    }}
                  />
                  <Form.Item
                    name={`material:${material.code}`}
                    noStyle
                    rules={[
                      {
                        // A core material is there when it was uploaded or typed.
                        validator: (_rule, value: unknown) =>
                          material.kind !== 'core' ||
                          uploadsRef.current[material.code] ||
                          (typeof value === 'string' && value.trim() !== '')
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('apply.fieldRequired', { label: material.name }))),
                      },
                    ]}
                  >
                    <Input.TextArea
                      rows={2}
                      placeholder={t('files.orText')}
                      disabled={uploads[material.code] !== undefined}
                    />
                  </Form.Item>
                </div>
              </Space>
            </Form.Item>
          ))}
        </Card>
        {pledgeable.length > 0 ? (
          <Card title={t('apply.pledgeTitle')} style={{ marginTop: 16 }} data-testid="pledges">
            <Typography.Paragraph type="secondary">{t('apply.pledgeHint')}</Typography.Paragraph>
            {pledgeable.map((step) => (
              <Form.Item
                key={step.key}
                name={`pledge:${step.key}`}
                valuePropName="checked"
                style={{ marginBottom: 12 }}
              >
                <Checkbox data-testid={`pledge-${step.key}`}>
                  <Typography.Text strong>{stepName(step.key)}</Typography.Text>
                  <br />
                  <Typography.Text>{t('apply.pledgeText', { department: stepName(step.key) })}</Typography.Text>
                </Checkbox>
              </Form.Item>
            ))}
          </Card>
        ) : null}
        <Button type="primary" htmlType="submit" size="large" style={{ marginTop: 16 }} data-testid="review">
          {t('apply.review')}
        </Button>
      </Form>
      <Modal
        open={reviewing}
        title={t('apply.reviewTitle')}
        okText={t('apply.submitFiling')}
        cancelText={t('common.back')}
        confirmLoading={file.isPending}
        onOk={() => {
          if (submitting.current) return;
          submitting.current = true;
          file.mutate(undefined, { onSettled: () => (submitting.current = false) });
        }}
        onCancel={() => setReviewing(false)}
        okButtonProps={{ 'data-testid': 'submit-filing' }}
      >
        <Descriptions column={1} size="small" bordered>
          {visibleFields.map((field) => (
            <Descriptions.Item key={field.key} label={label(field)}>
              {display(filedForm[field.key], t)}
            </Descriptions.Item>
          ))}
          {deferredNow.map((material) => (
            <Descriptions.Item key={`deferred:${material.code}`} label={material.name}>
              <Tag color="orange">{t('apply.deferredTag', { days: deferralDays(material.code) })}</Tag>
            </Descriptions.Item>
          ))}
          {pledged.length > 0 ? (
            <Descriptions.Item label={t('apply.pledgedSteps')}>{pledged.map(stepName).join('、')}</Descriptions.Item>
          ) : null}
        </Descriptions>
        {file.error ? (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            title={errorMessage(t, file.error)}
            description={
              problems.length ? problems.map((p) => `${p.path}: ${problemMessage(t, p)}`).join('\n') : undefined
            }
          />
        ) : null}
      </Modal>
    </Space>
  );
}

function display(value: unknown, t: (key: string) => string): string {
  if (value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('apply.yes') : t('apply.no');
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** The input for one field type; antd Form passes value and onChange. */
function FieldInput({ field, ...props }: { field: MergedField; value?: unknown; onChange?: (v: unknown) => void }) {
  const { t } = useTranslation();
  const rules = field.rules ?? {};
  switch (field.type) {
    case 'number':
    case 'area_m2':
    case 'money':
      return <InputNumber {...(props as object)} min={rules.min} max={rules.max} style={{ width: '100%' }} />;
    case 'boolean':
      return (
        <Radio.Group
          {...props}
          options={[
            { label: t('apply.yes'), value: true },
            { label: t('apply.no'), value: false },
          ]}
        />
      );
    case 'enum':
      return <Select {...(props as object)} options={(rules.options ?? []).map((o) => ({ label: o, value: o }))} />;
    case 'date':
      return <DatePicker {...(props as object)} style={{ width: '100%' }} />;
    default:
      return <Input {...(props as object)} maxLength={rules.max} />;
  }
}
