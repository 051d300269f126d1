import type { RouteProblem } from '../route/route.types';
import type { FieldType, FormField, MaterialRequirement, StepConfig } from './step-config';

export const FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const MATERIAL_CODE_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
export const MAX_LIMIT_DAYS = 365;
/** Patterns run against applicants' input at filing; a short pattern keeps that cheap to reason about. */
export const MAX_PATTERN_LENGTH = 200;

const STRING_TYPES: ReadonlySet<FieldType> = new Set(['text', 'address']);
const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set(['number', 'area_m2', 'money']);

/** `at('', 'materials')` → `materials`; `at('steps.a.config', 'materials')` → `steps.a.config.materials`. */
function at(path: string, member: string): string {
  if (path === '') return member;
  return member.startsWith('[') ? `${path}${member}` : `${path}.${member}`;
}

function isWholeNumberIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/**
 * The rules of one step config that a request schema cannot express: ranges, formats, uniqueness,
 * consistency between members. Every problem is returned, located under `path`. Include conditions
 * are checked at publish time, against the fields of every step (see publish-validation.ts).
 */
export function validateStepConfig(config: StepConfig, path = ''): RouteProblem[] {
  const problems: RouteProblem[] = [];
  const problem = (member: string, message: string) => problems.push({ path: at(path, member), message });

  if (!isWholeNumberIn(config.timeLimitDays, 1, MAX_LIMIT_DAYS)) {
    problem('timeLimitDays', `must be a whole number of working days from 1 to ${MAX_LIMIT_DAYS}`);
  }
  if (config.statutoryLimitDays !== undefined) {
    if (!isWholeNumberIn(config.statutoryLimitDays, 1, MAX_LIMIT_DAYS)) {
      problem('statutoryLimitDays', `must be a whole number of working days from 1 to ${MAX_LIMIT_DAYS}`);
    } else if (config.statutoryLimitDays < config.timeLimitDays) {
      problem(
        'statutoryLimitDays',
        `the statutory limit (${config.statutoryLimitDays}) cannot be shorter than the promised time limit (${config.timeLimitDays})`,
      );
    }
  }

  problems.push(...materialProblems(config.materials, at(path, 'materials')));
  problems.push(...fieldProblems(config.fields, at(path, 'fields')));

  if (!isWholeNumberIn(config.handling.reviewers, 1, 20)) {
    problem('handling.reviewers', 'must be a whole number of reviewers from 1 to 20');
  }
  if (config.handling.group !== undefined && isBlank(config.handling.group)) {
    problem('handling.group', 'must not be blank (leave it out for the whole department)');
  }
  if (!(config.pledge.postCheckRate >= 0 && config.pledge.postCheckRate <= 1)) {
    problem('pledge.postCheckRate', 'must be a share from 0 to 1');
  }
  if (config.deferrable.allowed && !isWholeNumberIn(config.deferrable.supplyWithinDays, 1, MAX_LIMIT_DAYS)) {
    problem(
      'deferrable.supplyWithinDays',
      `deferred materials need a supply deadline: a whole number of working days from 1 to ${MAX_LIMIT_DAYS}`,
    );
  }
  const { warnBeforeDays, redAfterDays } = config.supervision ?? {};
  if (warnBeforeDays !== undefined) {
    if (!isWholeNumberIn(warnBeforeDays, 0, MAX_LIMIT_DAYS)) {
      problem(
        'supervision.warnBeforeDays',
        `must be a whole number of working days from 0 (no warning) to ${MAX_LIMIT_DAYS}`,
      );
    } else if (warnBeforeDays > config.timeLimitDays) {
      problem(
        'supervision.warnBeforeDays',
        `cannot be longer than the time limit itself (${config.timeLimitDays} working days)`,
      );
    }
  }
  if (redAfterDays !== undefined && !isWholeNumberIn(redAfterDays, 1, MAX_LIMIT_DAYS)) {
    problem('supervision.redAfterDays', `must be a whole number of working days from 1 to ${MAX_LIMIT_DAYS}`);
  } else if (redAfterDays !== undefined && config.timeoutPolicy !== 'escalate') {
    // Under deemed approval the step is approved at the limit: there is nothing left to card.
    problem('supervision.redAfterDays', 'applies only to timeoutPolicy "escalate"; leave it out for deemed_approval');
  }
  return problems;
}

function materialProblems(materials: readonly MaterialRequirement[], path: string): RouteProblem[] {
  const problems: RouteProblem[] = [];
  const firstIndex = new Map<string, number>();
  materials.forEach((material, index) => {
    const here = `${path}[${index}]`;
    if (!MATERIAL_CODE_PATTERN.test(material.code)) {
      problems.push({
        path: `${here}.code`,
        message: `"${material.code}" must start with a lowercase letter and use only a-z, 0-9, "_" or "-" (max 63)`,
      });
    }
    const earlier = firstIndex.get(material.code);
    if (earlier !== undefined) {
      problems.push({
        path: `${here}.code`,
        message: `duplicate material code "${material.code}" (also ${path}[${earlier}])`,
      });
    } else {
      firstIndex.set(material.code, index);
    }
    if (isBlank(material.name)) problems.push({ path: `${here}.name`, message: 'must not be blank' });
    if (material.maxBytes !== undefined && !(Number.isInteger(material.maxBytes) && material.maxBytes > 0)) {
      problems.push({ path: `${here}.maxBytes`, message: 'must be a whole number of bytes greater than 0' });
    }
    const fileTypes = material.fileTypes ?? [];
    fileTypes.forEach((fileType, i) => {
      if (isBlank(fileType)) problems.push({ path: `${here}.fileTypes[${i}]`, message: 'must not be blank' });
      else if (fileTypes.indexOf(fileType) !== i) {
        problems.push({ path: `${here}.fileTypes[${i}]`, message: `"${fileType}" is listed twice` });
      }
    });
  });
  return problems;
}

function fieldProblems(fields: readonly FormField[], path: string): RouteProblem[] {
  const problems: RouteProblem[] = [];
  const firstIndex = new Map<string, number>();
  fields.forEach((field, index) => {
    const here = `${path}[${index}]`;
    if (!FIELD_KEY_PATTERN.test(field.key)) {
      problems.push({
        path: `${here}.key`,
        message: `"${field.key}" must start with a lowercase letter and use only a-z, 0-9 or "_" (max 63)`,
      });
    }
    const earlier = firstIndex.get(field.key);
    if (earlier !== undefined) {
      problems.push({ path: `${here}.key`, message: `duplicate field key "${field.key}" (also ${path}[${earlier}])` });
    } else {
      firstIndex.set(field.key, index);
    }
    if (isBlank(field.label.zh))
      problems.push({ path: `${here}.label.zh`, message: 'the Chinese label must not be blank' });
    if (isBlank(field.label.en))
      problems.push({ path: `${here}.label.en`, message: 'the English label must not be blank' });
    problems.push(...ruleProblems(field, `${here}.rules`));
  });
  return problems;
}

function ruleProblems(field: FormField, path: string): RouteProblem[] {
  const problems: RouteProblem[] = [];
  const rules = field.rules ?? {};
  const options = rules.options;
  if (field.type === 'enum') {
    if (!options || options.length === 0) {
      problems.push({ path: `${path}.options`, message: 'an enum field needs at least one option' });
    }
    options?.forEach((option, i) => {
      if (isBlank(option)) problems.push({ path: `${path}.options[${i}]`, message: 'must not be blank' });
      else if (options.indexOf(option) !== i) {
        problems.push({ path: `${path}.options[${i}]`, message: `option "${option}" is listed twice` });
      }
    });
  } else if (options !== undefined) {
    problems.push({
      path: `${path}.options`,
      message: `options apply only to enum fields; "${field.key}" is ${field.type}`,
    });
  }

  if (rules.min !== undefined || rules.max !== undefined) {
    if (!NUMERIC_TYPES.has(field.type) && !STRING_TYPES.has(field.type)) {
      problems.push({
        path,
        message: `min and max apply to number, area, money (value) and text, address (length) fields; "${field.key}" is ${field.type}`,
      });
    } else if (STRING_TYPES.has(field.type)) {
      for (const bound of ['min', 'max'] as const) {
        const value = rules[bound];
        if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
          problems.push({ path: `${path}.${bound}`, message: 'a length bound must be a whole number, 0 or more' });
        }
      }
    }
    if (rules.min !== undefined && rules.max !== undefined && rules.min > rules.max) {
      problems.push({ path: `${path}.min`, message: `min (${rules.min}) is greater than max (${rules.max})` });
    }
  }

  if (rules.pattern !== undefined) {
    if (!STRING_TYPES.has(field.type)) {
      problems.push({
        path: `${path}.pattern`,
        message: `a pattern applies only to text and address fields; "${field.key}" is ${field.type}`,
      });
    } else if (rules.pattern.length === 0 || rules.pattern.length > MAX_PATTERN_LENGTH) {
      problems.push({ path: `${path}.pattern`, message: `must be 1 to ${MAX_PATTERN_LENGTH} characters` });
    } else {
      const error = patternError(rules.pattern);
      if (error) problems.push({ path: `${path}.pattern`, message: `is not a valid regular expression: ${error}` });
    }
  }
  return problems;
}

/**
 * Filing anchors the pattern as `^(?:pattern)$`; it is compiled alone too, because a pattern such
 * as `a)|(b` only compiles once wrapped, and would then mean something else.
 */
function patternError(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    new RegExp(`^(?:${pattern})$`);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
