import {
  ARRAY_MAX_SIZE,
  getMetadataStorage,
  IS_ARRAY,
  IS_BOOLEAN,
  IS_IN,
  IS_INT,
  IS_ISO8601,
  IS_LENGTH,
  IS_NUMBER,
  IS_OBJECT,
  IS_STRING,
  IS_UUID,
  Matches,
  MATCHES,
  MAX,
  MAX_LENGTH,
  MIN,
  ValidationTypes,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import { describeProblem, PROBLEM_RULES, type PlainProblemRule, type RuleProblem } from '../../../libs/domain';

type Arguments = readonly unknown[];

const number = (value: unknown): string | number => (typeof value === 'number' ? value : String(value));
const list = (value: unknown): string => (Array.isArray(value) ? value.map(String).join(', ') : String(value));

/**
 * The rule each class-validator constraint breaks, with the values of its sentence taken from the
 * decorator's arguments (`@Max(20)` → ABOVE_MAX {max: 20}), so a 400 is as translatable as a 422.
 * A constraint the DTOs use must be listed here (a unit test walks every DTO's decorators).
 */
const RULE_OF_CONSTRAINT: Readonly<Record<string, (args: Arguments) => RuleProblem>> = {
  [ValidationTypes.WHITELIST]: () => describeProblem('UNKNOWN_PROPERTY', {}),
  [ValidationTypes.NESTED_VALIDATION]: () => describeProblem('NOT_OBJECT', {}),
  [ValidationTypes.IS_DEFINED]: () => describeProblem('REQUIRED', {}),
  [IS_STRING]: () => describeProblem('NOT_STRING', {}),
  [IS_INT]: () => describeProblem('NOT_INTEGER', {}),
  [IS_NUMBER]: () => describeProblem('NOT_NUMBER', {}),
  [IS_BOOLEAN]: () => describeProblem('NOT_BOOLEAN', {}),
  [IS_ARRAY]: () => describeProblem('NOT_LIST', {}),
  [IS_OBJECT]: () => describeProblem('NOT_OBJECT', {}),
  [IS_UUID]: () => describeProblem('NOT_UUID', {}),
  [IS_ISO8601]: () => describeProblem('NOT_INSTANT', {}),
  isCalendarDate: () => describeProblem('NOT_CALENDAR_DATE', {}),
  isBooleanRecord: ([max]) => describeProblem('NOT_BOOLEAN_RECORD', { max: number(max) }),
  [IS_IN]: ([values]) => describeProblem('NOT_ONE_OF', { values: list(values) }),
  [MIN]: ([min]) => describeProblem('BELOW_MIN', { min: number(min) }),
  [MAX]: ([max]) => describeProblem('ABOVE_MAX', { max: number(max) }),
  [MAX_LENGTH]: ([max]) => describeProblem('TOO_LONG', { max: number(max) }),
  [IS_LENGTH]: ([min, max]) => describeProblem('LENGTH_OUT_OF_RANGE', { min: number(min), max: number(max) }),
  [ARRAY_MAX_SIZE]: ([max]) => describeProblem('TOO_MANY_ITEMS', { max: number(max) }),
  [MATCHES]: ([pattern]) =>
    describeProblem('PATTERN_MISMATCH', { pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
};

export const CONSTRAINTS_WITH_RULES: ReadonlySet<string> = new Set(Object.keys(RULE_OF_CONSTRAINT));

/**
 * Names the rule a decorator checks when its constraint alone says too little: `@Matches(/\S/,
 * withRule('NOT_BLANK'))` is "must not be blank", not "must match the pattern \S".
 */
export function withRule(rule: PlainProblemRule, options: ValidationOptions = {}): ValidationOptions {
  return { ...options, context: { ...(options.context as object | undefined), rule } };
}

/** Text that is not only whitespace: an empty note, reason or name says nothing. */
export function NotBlank(): PropertyDecorator {
  return Matches(/\S/, withRule('NOT_BLANK'));
}

function namedRule(error: ValidationError, constraint: string): PlainProblemRule | undefined {
  const rule: unknown = (error.contexts?.[constraint] as { rule?: unknown } | undefined)?.rule;
  return typeof rule === 'string' && rule in PROBLEM_RULES ? (rule as PlainProblemRule) : undefined;
}

/** The decorator's arguments, from class-validator's metadata of the validated object's class. */
function constraintArguments(error: ValidationError, constraint: string): Arguments {
  const target: unknown = error.target;
  if (typeof target !== 'object' || target === null) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const found = metadata.find((m) => m.propertyName === error.property && (m.name ?? m.type) === constraint);
  return (found?.constraints as Arguments | undefined) ?? [];
}

/**
 * The problem one failed constraint describes. A constraint without a rule keeps class-validator's
 * own sentence under INVALID_VALUE, so nothing is lost while the table catches up.
 */
export function requestProblem(error: ValidationError, constraint: string, validatorMessage: string): RuleProblem {
  const named = namedRule(error, constraint);
  if (named) return describeProblem(named, {});
  const fromConstraint = RULE_OF_CONSTRAINT[constraint];
  if (fromConstraint) return fromConstraint(constraintArguments(error, constraint));
  return { rule: 'INVALID_VALUE', params: {}, message: validatorMessage };
}
