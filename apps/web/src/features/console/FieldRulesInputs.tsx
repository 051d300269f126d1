import type { FieldType, FormField } from '@domain';
import { Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { domainRule, NUMERIC_TYPES, STRING_TYPES } from './step-config-check';

/**
 * The rules of one form field (the field at `index` of the step's fields), each input shown only
 * where the field's type has it: options for an enum, value bounds for numbers, length bounds and a
 * pattern for text. Each is checked as typed with the server's own rules.
 */
export function FieldRulesInputs({ index, otherFields }: { index: number; otherFields: () => readonly FormField[] }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const type = Form.useWatch(['fields', index, 'type'], form) as FieldType | undefined;
  if (!type) return null;
  const at = (rule: string) => ['fields', index, 'rules', rule];
  const check = (rule: string) => domainRule(t, form, at(rule), otherFields);
  // Bounds and pattern are checked again when the type or the other bound changes.
  const dependencies = [['fields', index, 'type'], at('min'), at('max')];

  if (type === 'enum') {
    return (
      <Space wrap align="start">
        <Form.Item
          name={[index, 'rules', 'options']}
          label={t('console.steps.options')}
          dependencies={[['fields', index, 'type']]}
          rules={[check('options')]}
        >
          <Select
            mode="tags"
            open={false}
            suffixIcon={null}
            tokenSeparators={[',', '，']}
            style={{ minWidth: 260 }}
            placeholder={t('console.steps.optionsHint')}
          />
        </Form.Item>
      </Space>
    );
  }
  const numeric = NUMERIC_TYPES.has(type);
  const text = STRING_TYPES.has(type);
  if (!numeric && !text) return null;
  return (
    <Space wrap align="start">
      <Form.Item
        name={[index, 'rules', 'min']}
        label={t(numeric ? 'console.steps.minValue' : 'console.steps.minLength')}
        dependencies={dependencies}
        rules={[check('min')]}
      >
        <InputNumber style={{ width: 120 }} />
      </Form.Item>
      <Form.Item
        name={[index, 'rules', 'max']}
        label={t(numeric ? 'console.steps.maxValue' : 'console.steps.maxLength')}
        dependencies={dependencies}
        rules={[check('max')]}
      >
        <InputNumber style={{ width: 120 }} />
      </Form.Item>
      {text ? (
        <Form.Item
          name={[index, 'rules', 'pattern']}
          label={t('console.steps.pattern')}
          dependencies={[['fields', index, 'type']]}
          rules={[check('pattern')]}
        >
          <Input style={{ minWidth: 200, fontFamily: 'monospace' }} placeholder="[0-9]{6}" />
        </Form.Item>
      ) : null}
    </Space>
  );
}
