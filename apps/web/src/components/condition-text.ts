import type { Condition } from '@domain';
import type { TFunction } from 'i18next';
import type { Schemas } from '../api/client';
import { formatAnswer } from './FiledContent';

type Field = Pick<Schemas['MergedFieldDto'], 'key' | 'label' | 'type'>;

const SYMBOL = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;

/**
 * An include condition in the reader's words: the fields by their labels and the values as the
 * form shows them ("经营场所面积 > 150 m²"), rather than the configuration's keys and JSON.
 */
export function conditionText(condition: Condition, fields: readonly Field[], t: TFunction, language: string): string {
  if ('all' in condition) return condition.all.map((c) => nested(c, fields, t, language)).join(t('condition.and'));
  if ('any' in condition) return condition.any.map((c) => nested(c, fields, t, language)).join(t('condition.or'));
  const field = fields.find((f) => f.key === condition.field);
  const name = field ? (language === 'en' ? field.label.en : field.label.zh) : condition.field;
  const type = field?.type ?? 'text';
  const value = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? formatAnswer({ type, value: v }, t, language)
      : JSON.stringify(v);
  if (condition.op === 'in') {
    const values = Array.isArray(condition.value) ? condition.value : [condition.value];
    return t('condition.in', { field: name, values: values.map(value).join(t('condition.listSeparator')) });
  }
  return `${name} ${SYMBOL[condition.op]} ${value(condition.value)}`;
}

function nested(condition: Condition, fields: readonly Field[], t: TFunction, language: string): string {
  const text = conditionText(condition, fields, t, language);
  return 'field' in condition ? text : `(${text})`;
}
