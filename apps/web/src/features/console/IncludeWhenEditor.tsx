import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Condition, FieldType, FormField } from '@domain';
import { Alert, Button, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { conditionText } from '../../components/condition-text';
import { domainRule, mergedFields, NUMERIC_TYPES } from './step-config-check';

type Group = 'all' | 'any';
type Mode = 'always' | Group;
const ORDERED_TYPES: ReadonlySet<FieldType> = new Set([...NUMERIC_TYPES, 'date']);
const BLANK_ROW = { field: undefined, op: 'eq', value: undefined };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isComparison(value: unknown): boolean {
  return isObject(value) && !('all' in value) && !('any' in value);
}

/**
 * How the form holds an include condition: a bare comparison becomes a group of one, so that every
 * condition the builder can show has its rows at `includeWhen.all[i]` / `includeWhen.any[i]`
 * (cleanConfig turns a group of one back into the comparison when saving).
 */
export function toBuilderShape(condition: unknown): unknown {
  return isComparison(condition) ? { all: [condition] } : condition;
}

/** The builder's mode for a condition, or `null` when it is deeper than the builder can show. */
export function modeOf(condition: unknown): Mode | null {
  if (condition == null) return 'always';
  if (!isObject(condition) || Object.keys(condition).length !== 1) return null;
  for (const group of ['all', 'any'] as const) {
    const members = condition[group];
    if (Array.isArray(members) && members.every(isComparison)) return group;
  }
  return null;
}

/** The operators that apply to a field of this type (gt… only to ordered values). */
function operatorsFor(type: FieldType | undefined): string[] {
  if (type && ORDERED_TYPES.has(type)) return ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'];
  if (type === 'boolean') return ['eq', 'ne'];
  return ['eq', 'ne', 'in'];
}

/** A tag typed into a number field's list is a number, as the condition compares it. */
function numbersWherePossible(values: unknown): unknown {
  if (!Array.isArray(values)) return values;
  return (values as unknown[]).map((v) =>
    typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v,
  );
}

/**
 * When the step applies (`includeWhen`): always, or when all / any of a list of comparisons on the
 * service's form hold. A condition nested deeper than that is kept as it is, shown as text, until
 * the CIO replaces it.
 */
export function IncludeWhenEditor({ otherFields }: { otherFields: () => readonly FormField[] }) {
  const { t, i18n } = useTranslation();
  const form = Form.useFormInstance();
  const condition = Form.useWatch('includeWhen', { form, preserve: true }) as unknown;
  const own = (Form.useWatch('fields', { form, preserve: true }) ?? []) as FormField[];
  const fields = mergedFields(own, otherFields());
  const mode = modeOf(condition);

  const setMode = (next: Mode) => {
    if (next === 'always') {
      form.setFieldValue('includeWhen', undefined);
      return;
    }
    const members = mode && mode !== 'always' ? ((condition as Record<Group, unknown[]>)[mode] ?? []) : [];
    form.setFieldValue('includeWhen', { [next]: members.length ? members : [{ ...BLANK_ROW }] });
  };

  if (mode === null) {
    let text: string;
    try {
      text = conditionText(condition as Condition, [...fields.values()], t, i18n.language);
    } catch {
      text = JSON.stringify(condition);
    }
    return (
      <Alert
        type="info"
        data-testid="include-when-readonly"
        title={t('console.steps.conditionTooDeep')}
        description={<Typography.Text code>{text}</Typography.Text>}
        action={
          <Button onClick={() => form.setFieldValue('includeWhen', { all: [{ ...BLANK_ROW }] })}>
            {t('console.steps.replaceCondition')}
          </Button>
        }
      />
    );
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="include-when">
      <Radio.Group
        value={mode}
        onChange={(e) => setMode(e.target.value as Mode)}
        aria-label={t('console.steps.includeWhen')}
        options={[
          { value: 'always', label: t('console.steps.always') },
          { value: 'all', label: t('console.steps.whenAll') },
          { value: 'any', label: t('console.steps.whenAny') },
        ]}
      />
      {mode !== 'always' ? (
        <Form.List name={['includeWhen', mode]}>
          {(rows, { add, remove }) => (
            <>
              {rows.map(({ key, name }) => (
                <ConditionRow
                  key={key}
                  group={mode}
                  index={name}
                  fields={fields}
                  otherFields={otherFields}
                  // The last row gone, the step applies always (an empty group means nothing).
                  onRemove={() => (rows.length === 1 ? setMode('always') : remove(name))}
                />
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ ...BLANK_ROW })}>
                {t('console.steps.addCondition')}
              </Button>
            </>
          )}
        </Form.List>
      ) : null}
    </Space>
  );
}

function ConditionRow({
  group,
  index,
  fields,
  otherFields,
  onRemove,
}: {
  group: Group;
  index: number;
  fields: ReadonlyMap<string, FormField>;
  otherFields: () => readonly FormField[];
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation();
  const form = Form.useFormInstance();
  const at = (member: string) => ['includeWhen', group, index, member];
  const fieldKey = Form.useWatch(at('field'), form) as string | undefined;
  const op = Form.useWatch(at('op'), form) as string | undefined;
  const field = fieldKey ? fields.get(fieldKey) : undefined;
  const check = (member: string) => domainRule(t, form, at(member), otherFields);
  const labelOf = (f: FormField) => `${i18n.language === 'en' ? f.label?.en : f.label?.zh} (${f.key})`;
  const number = `${t('console.steps.conditionRow', { n: index + 1 })}`;

  const pickField = (next: string) => {
    // Another field: the operator and value of the old one may mean nothing for it.
    form.setFieldValue(at('op'), 'eq');
    form.setFieldValue(at('value'), fields.get(next)?.type === 'boolean' ? true : undefined);
  };
  const pickOperator = (next: string) => {
    const value = form.getFieldValue(at('value')) as unknown;
    if (next === 'in' && !Array.isArray(value)) form.setFieldValue(at('value'), value == null ? [] : [value]);
    if (next !== 'in' && Array.isArray(value)) form.setFieldValue(at('value'), value[0]);
  };

  return (
    <Space align="start" wrap style={{ display: 'flex' }} data-testid={`condition-${index}`}>
      <Form.Item
        name={[index, 'field']}
        label={t('console.steps.conditionField')}
        rules={[{ required: true, message: t('console.steps.required') }, check('field')]}
      >
        <Select
          style={{ minWidth: 240 }}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={pickField}
          options={[...fields.values()].map((f) => ({ value: f.key, label: labelOf(f) }))}
        />
      </Form.Item>
      <Form.Item
        name={[index, 'op']}
        label={t('console.steps.conditionOp')}
        dependencies={[at('field')]}
        rules={[check('op')]}
      >
        <Select
          style={{ minWidth: 140 }}
          onChange={pickOperator}
          options={operatorsFor(field?.type).map((o) => ({ value: o, label: t(`console.steps.ops.${o}`) }))}
        />
      </Form.Item>
      <Form.Item
        name={[index, 'value']}
        label={t('console.steps.conditionValue')}
        dependencies={[at('field'), at('op')]}
        rules={[check('value')]}
        normalize={field && NUMERIC_TYPES.has(field.type) ? numbersWherePossible : undefined}
      >
        <ValueInput type={field?.type} options={field?.rules?.options} many={op === 'in'} />
      </Form.Item>
      <Form.Item label=" ">
        <Button
          icon={<MinusCircleOutlined />}
          onClick={onRemove}
          aria-label={`${t('console.steps.remove')} ${number}`}
        />
      </Form.Item>
    </Space>
  );
}

/** The value input that matches the field: a number, yes/no, an option, a date, text; a list for `in`. */
function ValueInput({
  type,
  options,
  many,
  ...control
}: {
  type: FieldType | undefined;
  options: string[] | undefined;
  many: boolean;
  id?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const style = { minWidth: 240 };
  const value = control.value as never;
  const onChange = control.onChange as never;
  const id = control.id;
  if (type === 'enum') {
    return (
      <Select
        id={id}
        value={value}
        onChange={onChange}
        mode={many ? 'multiple' : undefined}
        style={style}
        options={(options ?? []).map((o) => ({ value: o, label: o }))}
      />
    );
  }
  if (many) {
    return (
      <Select
        id={id}
        value={value}
        onChange={onChange}
        mode="tags"
        open={false}
        suffixIcon={null}
        tokenSeparators={[',', '，']}
        style={style}
        placeholder={t('console.steps.valuesHint')}
      />
    );
  }
  if (type === 'boolean') {
    return (
      <Select
        id={id}
        value={value}
        onChange={onChange}
        style={style}
        options={[
          { value: true, label: t('console.steps.yes') },
          { value: false, label: t('console.steps.no') },
        ]}
      />
    );
  }
  if (type && NUMERIC_TYPES.has(type)) {
    return <InputNumber id={id} value={value} onChange={onChange} style={style} />;
  }
  return (
    <Input
      id={id}
      type={type === 'date' ? 'date' : 'text'}
      value={value ?? ''}
      onChange={(e) => (onChange as (v: string) => void)(e.target.value)}
      style={style}
      disabled={!type}
    />
  );
}
