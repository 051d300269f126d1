import { problemAt, type ValidationProblem } from '../problems/problem-rules';
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

/** The problem with a condition's value at `path` for `field`, if it cannot be a value of that field. */
function valueProblem(value: unknown, field: FormField, path: string): ValidationProblem[] {
  const named = { field: field.key };
  if (NUMERIC_TYPES.has(field.type)) {
    return typeof value === 'number' && Number.isFinite(value)
      ? []
      : [problemAt(path, 'CONDITION_VALUE_NOT_NUMBER', named)];
  }
  if (field.type === 'boolean') {
    return typeof value === 'boolean' ? [] : [problemAt(path, 'CONDITION_VALUE_NOT_BOOLEAN', named)];
  }
  if (field.type === 'date') {
    return typeof value === 'string' && isIsoDate(value) ? [] : [problemAt(path, 'CONDITION_VALUE_NOT_DATE', named)];
  }
  if (typeof value !== 'string') return [problemAt(path, 'CONDITION_VALUE_NOT_STRING', named)];
  const options = field.rules?.options ?? [];
  if (field.type === 'enum' && !options.includes(value)) {
    return [problemAt(path, 'CONDITION_VALUE_NOT_OPTION', { ...named, options: JSON.stringify(options) })];
  }
  return [];
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
): ValidationProblem[] {
  if (depth > MAX_DEPTH) return [problemAt(path, 'CONDITION_TOO_DEEP', { max: MAX_DEPTH })];
  if (!isObject(condition)) return [problemAt(path, 'CONDITION_NOT_OBJECT', {})];
  const keys = Object.keys(condition);
  for (const group of ['all', 'any'] as const) {
    if (group in condition) {
      const members = condition[group];
      if (keys.length !== 1) return [problemAt(path, 'CONDITION_GROUP_NOT_ALONE', { group })];
      if (!Array.isArray(members) || members.length === 0) {
        return [problemAt(`${path}.${group}`, 'CONDITION_GROUP_EMPTY', {})];
      }
      return members.flatMap((member, i) => validateCondition(member, fields, `${path}.${group}[${i}]`, depth + 1));
    }
  }
  const unknownKeys = keys.filter((k) => !['field', 'op', 'value'].includes(k));
  if (unknownKeys.length > 0) return [problemAt(path, 'CONDITION_UNKNOWN_KEYS', { keys: unknownKeys.join(', ') })];
  const { field: fieldKey, op, value } = condition;
  if (typeof fieldKey !== 'string') return [problemAt(`${path}.field`, 'CONDITION_FIELD_MISSING', {})];
  const field = fields.get(fieldKey);
  if (!field) return [problemAt(`${path}.field`, 'CONDITION_UNKNOWN_FIELD', { field: fieldKey })];
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    return [problemAt(`${path}.op`, 'CONDITION_UNKNOWN_OPERATOR', { operators: OPERATORS.join(', ') })];
  }
  if (['gt', 'gte', 'lt', 'lte'].includes(op) && !ORDERED_TYPES.has(field.type)) {
    return [problemAt(`${path}.op`, 'CONDITION_OPERATOR_NEEDS_ORDER', { op, field: fieldKey, type: field.type })];
  }
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0) {
      return [problemAt(`${path}.value`, 'CONDITION_IN_NEEDS_VALUES', {})];
    }
    return value.flatMap((item, i) => valueProblem(item, field, `${path}.value[${i}]`));
  }
  return valueProblem(value, field, `${path}.value`);
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
