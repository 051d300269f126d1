import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, unwrap, type Schemas } from '../../api/client';
import { errorMessage, problemMessage } from '../../api/errors';
import { FieldRulesInputs } from './FieldRulesInputs';
import { IncludeWhenEditor, toBuilderShape } from './IncludeWhenEditor';
import { showProblemsAtFields, type Problem } from './problems';
import { cleanConfig, domainRule } from './step-config-check';
import { codeRules } from './code-rules';

type StepConfig = Schemas['StepConfigDto'];
type DraftStep = Schemas['DraftStepDto'];
type FormField = StepConfig['fields'][number];

const BYTES_PER_MB = 1024 * 1024;
/** One field per block: its definition on the first line, the rules its type has on the second. */
const FIELD_BLOCK = { borderBottom: '1px solid rgba(5, 5, 5, 0.06)', marginBottom: 12 } as const;

const FIELD_TYPES = ['text', 'number', 'date', 'enum', 'boolean', 'address', 'area_m2', 'money'] as const;

/** What a step not yet configured starts from. */
const EMPTY_CONFIG: StepConfig = {
  timeLimitDays: 5,
  materials: [],
  fields: [],
  handling: { reviewers: 1 },
  timeoutPolicy: 'escalate',
  pledge: { allowed: false, postCheckRate: 0 },
  deferrable: { allowed: false, supplyWithinDays: 10 },
  supervision: { warnBeforeDays: 1, redAfterDays: 2 },
};

/**
 * One step's configuration, edited by its department's CIO. Checks run as the CIO types; what only
 * the server knows comes back as 400/422 details and is shown at the field each names. A stale
 * revision (409) is explained, with a reload.
 */
export function StepConfigEditor({
  serviceCode,
  step,
  steps,
  onReload,
}: {
  serviceCode: string;
  step: DraftStep;
  /** Every step of the draft: their fields, with this step's, make the form a condition may test. */
  steps: readonly DraftStep[];
  onReload: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StepConfig>();
  const [failure, setFailure] = useState<{ error: unknown; problems: Problem[] } | null>(null);
  const [stale, setStale] = useState(false);
  // The save button is at the bottom of a long form: what went wrong is brought into view.
  const staleRef = useRef<HTMLDivElement>(null);
  const stored = (step.config ?? EMPTY_CONFIG) as StepConfig;
  const initial = { ...stored, includeWhen: toBuilderShape(stored.includeWhen) } as StepConfig;
  const otherFields = (): FormField[] =>
    steps.filter((s) => s.key !== step.key).flatMap((s) => (s.config as StepConfig | null)?.fields ?? []);
  const check = (name: (string | number)[]) => domainRule(t, form, name, otherFields);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(initial);
    setFailure(null);
    setStale(false);
    // The form starts again whenever the step or its revision changes.
  }, [serviceCode, step.key, step.revision]);

  const save = useMutation({
    mutationFn: (config: StepConfig) =>
      unwrap(
        api.PUT('/api/services/{code}/steps/{key}', {
          params: { path: { code: serviceCode, key: step.key }, header: { 'If-Match': String(step.revision) } },
          body: config,
        }),
      ),
    onSuccess: (result) => {
      setFailure(null);
      void message.success(t('console.steps.saved', { revision: result.revision }));
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      void queryClient.invalidateQueries({ queryKey: ['changes', serviceCode] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'STALE_REVISION') {
        setStale(true);
        setFailure(null);
        requestAnimationFrame(() => staleRef.current?.scrollIntoView({ block: 'center' }));
        return;
      }
      setFailure({ error, problems: showProblemsAtFields(t, form, error) });
      const first = form.getFieldsError().find((field) => field.errors.length > 0);
      if (first) form.scrollToField(first.name, { block: 'center' });
    },
  });

  const submit = () => {
    form
      .validateFields()
      .then(() => save.mutate(cleanConfig(form.getFieldsValue(true) as StepConfig)))
      .catch(() => undefined);
  };

  const whole = (min: number): Rule[] => [
    { required: true, message: t('console.steps.required') },
    { type: 'integer', min, message: t('console.steps.wholeNumber', { min }) },
  ];

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      data-testid="step-config-form"
      aria-label={`${serviceCode} · ${step.key}`}
    >
      <div ref={staleRef} />
      {stale ? (
        <Alert
          type="warning"
          showIcon
          data-testid="stale-revision"
          style={{ marginBottom: 16 }}
          title={t('console.steps.staleTitle')}
          description={t('console.steps.staleBody', { revision: step.revision })}
          action={
            <Button onClick={() => void onReload()} data-testid="reload-step">
              {t('console.steps.reload')}
            </Button>
          }
        />
      ) : null}
      {failure ? (
        <Alert
          type="error"
          showIcon
          data-testid="step-save-error"
          style={{ marginBottom: 16 }}
          title={errorMessage(t, failure.error)}
          description={
            failure.problems.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {failure.problems.map((p) => (
                  <li key={p.path + p.message}>
                    <code>{p.path}</code>: {problemMessage(t, p)}
                  </li>
                ))}
              </ul>
            ) : (
              t('console.steps.invalid')
            )
          }
        />
      ) : null}

      <Card size="small" title={t('console.steps.limits')} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="timeLimitDays" label={t('console.steps.timeLimitDays')} rules={whole(1)}>
              <InputNumber style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="statutoryLimitDays"
              label={t('console.steps.statutoryLimitDays')}
              dependencies={['timeLimitDays']}
              rules={[
                { type: 'integer', min: 1, message: t('console.steps.wholeNumber', { min: 1 }) },
                ({ getFieldValue }) => ({
                  warningOnly: true,
                  validator: (_, value: number | undefined) =>
                    value == null || value >= (getFieldValue('timeLimitDays') as number)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('console.steps.statutoryBelow'))),
                }),
              ]}
            >
              <InputNumber style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="timeoutPolicy" label={t('console.steps.timeoutPolicy')}>
              <Select
                options={[
                  { value: 'escalate', label: t('console.steps.policyEscalate') },
                  { value: 'deemed_approval', label: t('console.steps.policyDeemed') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name={['supervision', 'warnBeforeDays']}
              label={t('console.steps.warnBeforeDays')}
              dependencies={['timeLimitDays']}
              rules={[
                { type: 'integer', min: 0, message: t('console.steps.wholeNumber', { min: 0 }) },
                ({ getFieldValue }) => ({
                  warningOnly: true,
                  validator: (_, value: number | undefined) =>
                    value == null || value <= (getFieldValue('timeLimitDays') as number)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('console.steps.warnAbove'))),
                }),
              ]}
            >
              <InputNumber style={{ width: '100%' }} placeholder={t('console.steps.defaultDays', { days: 1 })} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name={['supervision', 'redAfterDays']}
              label={t('console.steps.redAfterDays')}
              rules={[{ type: 'integer', min: 1, message: t('console.steps.wholeNumber', { min: 1 }) }]}
            >
              <InputNumber style={{ width: '100%' }} placeholder={t('console.steps.defaultDays', { days: 2 })} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('console.steps.certificate')} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name={['certificate', 'validForYears']}
              label={t('console.steps.certificateYears')}
              extra={t('console.steps.certificateHint')}
              rules={[{ type: 'integer', min: 1, max: 50, message: t('console.steps.certificateRange') }]}
            >
              <InputNumber style={{ width: '100%' }} placeholder={t('console.steps.certificateDefault')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name={['certificate', 'validForDays']}
              label={t('console.steps.certificateDays')}
              rules={[{ type: 'integer', min: 1, max: 36500, message: t('console.steps.certificateDaysRange') }]}
            >
              <InputNumber style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('console.steps.handling')} style={{ marginBottom: 12 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name={['handling', 'group']} label={t('console.steps.group')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['handling', 'reviewers']} label={t('console.steps.reviewers')} rules={whole(1)}>
              <InputNumber style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name={['pledge', 'allowed']} label={t('console.steps.pledgeAllowed')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name={['pledge', 'postCheckRate']}
              label={t('console.steps.postCheckRate')}
              rules={[{ type: 'number', min: 0, max: 1, message: t('console.steps.postCheckRate') }]}
            >
              <InputNumber step={0.05} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name={['deferrable', 'allowed']}
              label={t('console.steps.deferrableAllowed')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name={['deferrable', 'supplyWithinDays']}
              label={t('console.steps.supplyWithinDays')}
              dependencies={[['deferrable', 'allowed']]}
              rules={[
                // A supply deadline is needed only when deferring is allowed.
                ({ getFieldValue }) => {
                  const min = getFieldValue(['deferrable', 'allowed']) ? 1 : 0;
                  return { type: 'integer', min, required: min > 0, message: t('console.steps.wholeNumber', { min }) };
                },
              ]}
            >
              <InputNumber style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('console.steps.materials')} style={{ marginBottom: 12 }}>
        <Form.List name="materials">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Space key={key} align="start" wrap style={{ display: 'flex' }}>
                  <Form.Item name={[name, 'code']} label={t('console.steps.materialCode')} rules={codeRules(t)}>
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'name']}
                    label={t('console.steps.materialName')}
                    rules={[{ required: true, whitespace: true, message: t('console.steps.required') }]}
                  >
                    <Input style={{ minWidth: 220 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'kind']} label={t('console.steps.materialKind')}>
                    <Select
                      style={{ minWidth: 120 }}
                      options={[
                        { value: 'core', label: t('console.steps.kindCore') },
                        { value: 'non-core', label: t('console.steps.kindNonCore') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'fileTypes']}
                    label={t('console.steps.fileTypes')}
                    rules={[check(['materials', name, 'fileTypes'])]}
                  >
                    <Select
                      mode="tags"
                      open={false}
                      suffixIcon={null}
                      tokenSeparators={[',', '，', ' ']}
                      style={{ minWidth: 180 }}
                      placeholder={t('console.steps.fileTypesHint')}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'maxBytes']}
                    label={t('console.steps.maxMegabytes')}
                    rules={[check(['materials', name, 'maxBytes'])]}
                    // Stored in bytes (as uploads are measured), edited in megabytes.
                    getValueProps={(bytes?: number) => ({ value: bytes == null ? undefined : bytes / BYTES_PER_MB })}
                    normalize={(mb?: number | null) => (mb == null ? undefined : Math.round(mb * BYTES_PER_MB))}
                  >
                    <InputNumber style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item label=" ">
                    <Button
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(name)}
                      aria-label={`${t('console.steps.remove')} ${t('console.steps.materials')} ${name + 1}`}
                    />
                  </Form.Item>
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', kind: 'core' })}>
                {t('console.steps.addMaterial')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card size="small" title={t('console.steps.fields')} style={{ marginBottom: 12 }}>
        <Form.List name="fields">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <div key={key} data-testid={`field-${name}`} style={FIELD_BLOCK}>
                  <Space align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item
                      name={[name, 'key']}
                      label={t('console.steps.fieldKey')}
                      rules={[{ required: true, message: t('console.steps.required') }]}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[name, 'label', 'zh']}
                      label={t('console.steps.labelZh')}
                      rules={[{ required: true, whitespace: true, message: t('console.steps.required') }]}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[name, 'label', 'en']}
                      label={t('console.steps.labelEn')}
                      rules={[{ required: true, whitespace: true, message: t('console.steps.required') }]}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item name={[name, 'type']} label={t('console.steps.fieldType')}>
                      <Select
                        style={{ minWidth: 110 }}
                        options={FIELD_TYPES.map((type) => ({ value: type, label: type }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[name, 'required']}
                      label={t('console.steps.fieldRequired')}
                      valuePropName="checked"
                    >
                      <Checkbox />
                    </Form.Item>
                    <Form.Item label=" ">
                      <Button
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(name)}
                        aria-label={`${t('console.steps.remove')} ${t('console.steps.fields')} ${name + 1}`}
                      />
                    </Form.Item>
                  </Space>
                  <FieldRulesInputs index={name} otherFields={otherFields} />
                </div>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ key: '', label: { zh: '', en: '' }, type: 'text', required: false })}
              >
                {t('console.steps.addField')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card size="small" title={t('console.steps.includeWhen')} style={{ marginBottom: 12 }}>
        <IncludeWhenEditor otherFields={otherFields} />
      </Card>

      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-step">
        {t('console.steps.save')}
      </Button>
    </Form>
  );
}
