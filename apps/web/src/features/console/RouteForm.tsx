import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, unwrap, type Schemas } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { RouteDiagram } from '../../components/RouteDiagram';
import { useDepartments } from '../../components/useDepartments';
import { ProblemList } from './ProblemList';
import { showProblemsAtFields, type Problem } from './problems';
import { codeRules } from './code-rules';

type Route = Schemas['UpdateServiceDto'];
type Draft = Schemas['ServiceDraftDto'];

/**
 * The coordinating CIO's route editor: name, overall limit, steps with department and `after` edges,
 * with the route diagram following every change; saved with If-Match on the route revision.
 */
export function RouteForm({
  code,
  draft,
  readOnly,
  onReload,
}: {
  code: string;
  draft: Draft;
  readOnly: boolean;
  onReload: () => Promise<unknown>;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const departments = useDepartments();
  const [form] = Form.useForm<Route>();
  const [stale, setStale] = useState(false);
  // The save button is below the route: what went wrong is brought into view.
  const topRef = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<{ error: unknown; problems: Problem[] } | null>(null);
  const [routeProblems, setRouteProblems] = useState<Problem[]>([]);
  const [savedRevision, setSavedRevision] = useState<number | null>(null);
  const initial: Route = {
    name: draft.name,
    overallLimitDays: draft.overallLimitDays,
    steps: draft.steps.map((s) => ({ key: s.key, departmentCode: s.departmentCode, after: s.after })),
  };
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(initial);
    setStale(false);
    setFailure(null);
  }, [code, draft.routeRevision]);

  const watched = Form.useWatch('steps', form) as Route['steps'] | undefined;
  const steps = (watched ?? initial.steps).filter((s) => s && s.key && s.departmentCode);
  const keys = steps.map((s) => s.key);

  const save = useMutation({
    mutationFn: (route: Route) =>
      unwrap(
        api.PUT('/api/services/{code}', {
          params: { path: { code }, header: { 'If-Match': String(draft.routeRevision) } },
          body: route,
        }),
      ),
    onSuccess: (result) => {
      setFailure(null);
      setRouteProblems(result.problems);
      setSavedRevision(result.draft?.routeRevision ?? null);
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      void queryClient.invalidateQueries({ queryKey: ['changes', code] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'STALE_REVISION') setStale(true);
      else setFailure({ error, problems: showProblemsAtFields(t, form, error) });
      requestAnimationFrame(() => topRef.current?.scrollIntoView({ block: 'start' }));
    },
  });

  const submit = () => {
    void form
      .validateFields()
      .then(() => {
        const route = form.getFieldsValue(true) as Route;
        save.mutate({
          name: route.name,
          overallLimitDays: route.overallLimitDays,
          steps: route.steps.map((s) => ({ key: s.key, departmentCode: s.departmentCode, after: s.after ?? [] })),
        });
      })
      .catch(() => undefined);
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      disabled={readOnly}
      data-testid="route-form"
    >
      <div ref={topRef} />
      {stale ? (
        <Alert
          type="warning"
          showIcon
          data-testid="stale-route"
          style={{ marginBottom: 16 }}
          title={t('console.services.staleTitle')}
          description={t('console.services.staleBody', { revision: draft.routeRevision })}
          action={<Button onClick={() => void onReload()}>{t('console.services.reload')}</Button>}
        />
      ) : null}
      {failure ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={errorMessage(t, failure.error)}
          description={failure.problems.length ? <ProblemList problems={failure.problems} /> : undefined}
        />
      ) : null}
      {routeProblems.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('console.services.routeProblems')}
          description={<ProblemList problems={routeProblems} />}
        />
      ) : null}
      <Space wrap align="start">
        <Form.Item
          name="name"
          label={t('console.services.name')}
          rules={[{ required: true, whitespace: true, message: t('console.steps.required') }]}
        >
          <Input style={{ minWidth: 320 }} />
        </Form.Item>
        <Form.Item
          name="overallLimitDays"
          label={t('console.services.overallLimitDays')}
          rules={[
            { required: true, message: t('console.steps.required') },
            { type: 'integer', min: 1, message: t('console.steps.wholeNumber', { min: 1 }) },
          ]}
        >
          <InputNumber />
        </Form.Item>
      </Space>
      <Card size="small" title={t('console.services.route')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">{t('console.services.routeHint')}</Typography.Paragraph>
        <RouteDiagram
          steps={steps.map((s) => {
            const limit = draft.steps.find((d) => d.key === s.key)?.config?.timeLimitDays;
            return {
              ...s,
              after: (s.after ?? []).filter((a) => keys.includes(a)),
              timeLimitDays: typeof limit === 'number' ? limit : undefined,
            };
          })}
        />
        {/* Read-only readers (the administrator) have the diagram; disabled inputs would only be faint copies of it. */}
        {readOnly ? null : (
          <Form.List name="steps">
            {(items, { add, remove }) => (
              <div style={{ marginTop: 16 }}>
                {items.map(({ key, name }) => (
                  <Space key={key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[name, 'key']} label={t('console.services.stepKey')} rules={codeRules(t)}>
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[name, 'departmentCode']}
                      label={t('console.services.department')}
                      rules={[{ required: true, message: t('console.steps.required') }]}
                    >
                      <Select
                        style={{ minWidth: 200 }}
                        options={(departments.data ?? []).map((d) => ({
                          value: d.code,
                          label: i18n.language === 'en' ? d.nameEn : d.name,
                        }))}
                      />
                    </Form.Item>
                    <Form.Item name={[name, 'after']} label={t('console.services.after')}>
                      <Select
                        mode="multiple"
                        style={{ minWidth: 260 }}
                        options={keys
                          .filter((k) => k !== form.getFieldValue(['steps', name, 'key']))
                          .map((k) => ({ value: k, label: k }))}
                      />
                    </Form.Item>
                    <Form.Item label=" ">
                      <Button
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(name)}
                        aria-label={`${t('console.steps.remove')} ${form.getFieldValue(['steps', name, 'key']) ?? ''}`}
                      />
                    </Form.Item>
                  </Space>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ key: '', departmentCode: undefined, after: [] })}>
                  {t('console.services.addStep')}
                </Button>
              </div>
            )}
          </Form.List>
        )}
      </Card>
      {readOnly ? null : (
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-route">
            {t('console.services.saveRoute')}
          </Button>
          {/* Stays until the next save, so whoever looks away still sees which revision is stored. */}
          {savedRevision !== null ? (
            <Typography.Text type="success" role="status" data-testid="route-saved">
              {t('console.services.saved', { revision: savedRevision })}
            </Typography.Text>
          ) : null}
        </Space>
      )}
    </Form>
  );
}
