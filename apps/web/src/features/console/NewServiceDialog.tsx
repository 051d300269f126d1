import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useDepartments } from '../../components/useDepartments';
import { ProblemList } from './ProblemList';
import { showProblemsAtFields, type Problem } from './problems';
import { codeRules } from './code-rules';

interface NewService {
  code: string;
  name: string;
  overallLimitDays: number;
  stepKey: string;
  departmentCode: string;
}

/** Creates a service with its first step (a route is never empty); its editor opens next for the rest. */
export function NewServiceDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const departments = useDepartments();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewService>();
  const [failure, setFailure] = useState<{ error: unknown; problems: Problem[] } | null>(null);
  const create = useMutation({
    mutationFn: ({ stepKey, departmentCode, ...service }: NewService) =>
      unwrap(api.POST('/api/services', { body: { ...service, steps: [{ key: stepKey, departmentCode, after: [] }] } })),
    onSuccess: (service) => {
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      void navigate(`/coordination/services/${service.code}`);
    },
    onError: (error) => setFailure({ error, problems: showProblemsAtFields(t, form, error) }),
  });
  return (
    <Modal
      open
      title={t('console.services.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('console.services.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
    >
      {failure ? (
        <Alert
          type="error"
          showIcon
          title={errorMessage(t, failure.error)}
          description={failure.problems.length ? <ProblemList problems={failure.problems} /> : undefined}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ overallLimitDays: 20 }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item
          name="code"
          label={t('console.services.code')}
          extra={t('console.services.codeHint')}
          rules={[
            { required: true, message: t('console.steps.required') },
            { pattern: /^[a-z][a-z0-9-]{1,63}$/, message: t('console.services.codeHint') },
          ]}
        >
          <Input placeholder="bakery-opening" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('console.services.name')}
          rules={[{ required: true, whitespace: true, message: t('console.steps.required') }]}
        >
          <Input />
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
        <Form.Item name="stepKey" label={t('console.services.firstStep')} rules={codeRules(t)}>
          <Input placeholder="business-licence" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="departmentCode"
          label={t('console.services.department')}
          rules={[{ required: true, message: t('console.steps.required') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={(departments.data ?? []).map((d) => ({
              value: d.code,
              label: i18n.language === 'en' ? d.nameEn : d.name,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
