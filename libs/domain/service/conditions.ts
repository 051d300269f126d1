import type { RouteProblem } from '../route/route.types';
import type { Condition, FieldType, FormField } from './step-config';

/**
 * Include conditions (`includeWhen`): a small declarative language over form fields, validated at
 * publish time and interpreted here — never evaluated as code.
 */
type Comparison = Extract<Condition, { field: string }>;
const ORDERED_TYPES: ReadonlySet<FieldType> = new Set(['number', 'area_m2', 'money', 'date']);
const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set(['number', 'area_m2', 'money']);
const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'] as const;
const MAX_DEPTH = 6;

const SYMBOL: Record<Comparison['op'], string> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'in' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueFitsField(value: unknown, field: FormField): string | undefined {
  if (NUMERIC_TYPES.has(field.type))
    return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a number';
  if (field.type === 'boolean') return typeof value === 'boolean' ? undefined : 'true or false';
  if (field.type === 'date') {
    return typeof value === 'string' && isIsoDate(value) ? undefined : 'a date (YYYY-MM-DD)';
  }
  if (typeof value !== 'string') return 'a string';
  if (field.type === 'enum' && !(field.rules?.options ?? []).includes(value)) {
    return `one of ${JSON.stringify(field.rules?.options ?? [])}`;
  }
  return undefined;
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Every problem with a condition, located under `path`, given the fields of the merged form. */
export function validateCondition(
  condition: unknown,
  fields: ReadonlyMap<string, FormField>,
  path: string,
  depth = 0,
): RouteProblem[] {
  if (depth > MAX_DEPTH) return [{ path, message: `conditions may nest at most ${MAX_DEPTH} levels` }];
  if (!isObject(condition)) return [{ path, message: 'a condition must be an object' }];
  const keys = Object.keys(condition);
  for (const group of ['all', 'any'] as const) {
    if (group in condition) {
      const members = condition[group];
      if (keys.length !== 1) return [{ path, message: `"${group}" must be the only key of its condition` }];
      if (!Array.isArray(members) || members.length === 0) {
        return [{ path: `${path}.${group}`, message: 'must be a non-empty list of conditions' }];
      }
      return members.flatMap((member, i) => validateCondition(member, fields, `${path}.${group}[${i}]`, depth + 1));
    }
  }
  const unknownKeys = keys.filter((k) => !['field', 'op', 'value'].includes(k));
  if (unknownKeys.length > 0) return [{ path, message: `unknown key(s) ${unknownKeys.join(', ')}` }];
  const { field: fieldKey, op, value } = condition;
  if (typeof fieldKey !== 'string') return [{ path: `${path}.field`, message: 'must name a form field' }];
  const field = fields.get(fieldKey);
  if (!field) return [{ path: `${path}.field`, message: `no form field "${fieldKey}" in this service` }];
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    return [{ path: `${path}.op`, message: `must be one of ${OPERATORS.join(', ')}` }];
  }
  if (['gt', 'gte', 'lt', 'lte'].includes(op) && !ORDERED_TYPES.has(field.type)) {
    return [
      {
        path: `${path}.op`,
        message: `"${op}" needs a number, area, money or date field; "${fieldKey}" is ${field.type}`,
      },
    ];
  }
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0) {
      return [{ path: `${path}.value`, message: '"in" needs a non-empty list of values' }];
    }
    return value.flatMap((item, i) => {
      const expected = valueFitsField(item, field);
      return expected ? [{ path: `${path}.value[${i}]`, message: `must be ${expected} for field "${fieldKey}"` }] : [];
    });
  }
  const expected = valueFitsField(value, field);
  return expected ? [{ path: `${path}.value`, message: `must be ${expected} for field "${fieldKey}"` }] : [];
}

function compare(actual: unknown, op: Comparison['op'], expected: unknown): boolean {
  // An unanswered field satisfies no comparison, `ne` included: a step conditioned on
  // "business_type ≠ bakery" does not apply to a form that never says what the business is.
  if (actual === undefined || actual === null) return false;
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'in':
      return Array.isArray(expected) && expected.includes(actual);
    default: {
      // Numbers compare as numbers and ISO dates as strings; a missing or mismatched value is false.
      if (typeof actual !== typeof expected || (typeof actual !== 'number' && typeof actual !== 'string')) return false;
      const b = expected as number | string;
      return op === 'gt' ? actual > b : op === 'gte' ? actual >= b : op === 'lt' ? actual < b : actual <= b;
    }
  }
}

/** Whether the form satisfies a (validated) condition. */
export function evaluateCondition(condition: Condition, form: Readonly<Record<string, unknown>>): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, form));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, form));
  return compare(form[condition.field], condition.op, condition.value);
}

/** The condition in words, for the timeline: `seating_area_m2 > 150 and serves_alcohol = true`. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map((c) => wrap(c)).join(' and ');
  if ('any' in condition) return condition.any.map((c) => wrap(c)).join(' or ');
  return `${condition.field} ${SYMBOL[condition.op]} ${JSON.stringify(condition.value)}`;
}

function wrap(condition: Condition): string {
  return 'field' in condition ? describeCondition(condition) : `(${describeCondition(condition)})`;
}
