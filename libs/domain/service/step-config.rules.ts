import { problemAt, type ProblemParams, type ProblemRule, type ValidationProblem } from '../problems/problem-rules';
import { MAX_CERTIFICATE_DAYS, MAX_CERTIFICATE_YEARS } from '../certificates/certificate-rules';
import { MAX_SUPPLEMENT_ROUNDS, MAX_SUPPLEMENT_WINDOW_DAYS } from '../application/supplement-notice';
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
export function validateStepConfig(config: StepConfig, path = ''): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const problem = <R extends ProblemRule>(member: string, rule: R, params: ProblemParams<R>) =>
    problems.push(problemAt(at(path, member), rule, params));
  const workingDays = { min: 1, max: MAX_LIMIT_DAYS };

  if (!isWholeNumberIn(config.timeLimitDays, 1, MAX_LIMIT_DAYS)) {
    problem('timeLimitDays', 'WORKING_DAYS_OUT_OF_RANGE', workingDays);
  }
  if (config.statutoryLimitDays !== undefined) {
    if (!isWholeNumberIn(config.statutoryLimitDays, 1, MAX_LIMIT_DAYS)) {
      problem('statutoryLimitDays', 'WORKING_DAYS_OUT_OF_RANGE', workingDays);
    } else if (config.statutoryLimitDays < config.timeLimitDays) {
      problem('statutoryLimitDays', 'STATUTORY_LIMIT_SHORTER', {
        statutory: config.statutoryLimitDays,
        promised: config.timeLimitDays,
      });
    }
  }

  problems.push(...materialProblems(config.materials, at(path, 'materials')));
  problems.push(...fieldProblems(config.fields, at(path, 'fields')));

  if (!isWholeNumberIn(config.handling.reviewers, 1, 20)) {
    problem('handling.reviewers', 'REVIEWERS_OUT_OF_RANGE', { min: 1, max: 20 });
  }
  if (config.handling.group !== undefined && isBlank(config.handling.group)) {
    problem('handling.group', 'HANDLING_GROUP_BLANK', {});
  }
  if (!(config.pledge.postCheckRate >= 0 && config.pledge.postCheckRate <= 1)) {
    problem('pledge.postCheckRate', 'SHARE_OUT_OF_RANGE', {});
  }
  if (config.deferrable.allowed && !isWholeNumberIn(config.deferrable.supplyWithinDays, 1, MAX_LIMIT_DAYS)) {
    problem('deferrable.supplyWithinDays', 'SUPPLY_DEADLINE_REQUIRED', { max: MAX_LIMIT_DAYS });
  }
  const { windowDays, maxRounds } = config.supplement ?? {};
  if (windowDays !== undefined && !isWholeNumberIn(windowDays, 1, MAX_SUPPLEMENT_WINDOW_DAYS)) {
    problem('supplement.windowDays', 'SUPPLEMENT_WINDOW_OUT_OF_RANGE', { max: MAX_SUPPLEMENT_WINDOW_DAYS });
  }
  if (maxRounds !== undefined && !isWholeNumberIn(maxRounds, 1, MAX_SUPPLEMENT_ROUNDS)) {
    problem('supplement.maxRounds', 'SUPPLEMENT_ROUNDS_OUT_OF_RANGE', { max: MAX_SUPPLEMENT_ROUNDS });
  }
  const { warnBeforeDays, redAfterDays } = config.supervision ?? {};
  if (warnBeforeDays !== undefined) {
    if (!isWholeNumberIn(warnBeforeDays, 0, MAX_LIMIT_DAYS)) {
      problem('supervision.warnBeforeDays', 'WARNING_DAYS_OUT_OF_RANGE', { max: MAX_LIMIT_DAYS });
    } else if (warnBeforeDays > config.timeLimitDays) {
      problem('supervision.warnBeforeDays', 'WARNING_BEYOND_LIMIT', { days: config.timeLimitDays });
    }
  }
  if (redAfterDays !== undefined && !isWholeNumberIn(redAfterDays, 1, MAX_LIMIT_DAYS)) {
    problem('supervision.redAfterDays', 'WORKING_DAYS_OUT_OF_RANGE', workingDays);
  } else if (redAfterDays !== undefined && config.timeoutPolicy !== 'escalate') {
    // Under deemed approval the step is approved at the limit: there is nothing left to card.
    problem('supervision.redAfterDays', 'RED_CARD_ONLY_FOR_ESCALATE', {});
  }
  if (config.certificate !== undefined) {
    const { validForYears, validForDays } = config.certificate;
    if ((validForYears === undefined) === (validForDays === undefined)) {
      problem('certificate', 'CERTIFICATE_VALIDITY_EXACTLY_ONE', {});
    } else if (validForYears !== undefined && !isWholeNumberIn(validForYears, 1, MAX_CERTIFICATE_YEARS)) {
      problem('certificate.validForYears', 'WHOLE_NUMBER_OUT_OF_RANGE', { min: 1, max: MAX_CERTIFICATE_YEARS });
    } else if (validForDays !== undefined && !isWholeNumberIn(validForDays, 1, MAX_CERTIFICATE_DAYS)) {
      problem('certificate.validForDays', 'WHOLE_NUMBER_OUT_OF_RANGE', { min: 1, max: MAX_CERTIFICATE_DAYS });
    }
  }
  return problems;
}

function materialProblems(materials: readonly MaterialRequirement[], path: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const firstIndex = new Map<string, number>();
  materials.forEach((material, index) => {
    const here = `${path}[${index}]`;
    if (!MATERIAL_CODE_PATTERN.test(material.code)) {
      problems.push(problemAt(`${here}.code`, 'KEY_FORMAT', { key: material.code }));
    }
    const earlier = firstIndex.get(material.code);
    if (earlier !== undefined) {
      problems.push(
        problemAt(`${here}.code`, 'DUPLICATE_MATERIAL_CODE', { code: material.code, first: `${path}[${earlier}]` }),
      );
    } else {
      firstIndex.set(material.code, index);
    }
    if (isBlank(material.name)) problems.push(problemAt(`${here}.name`, 'NOT_BLANK', {}));
    if (material.maxBytes !== undefined && !(Number.isInteger(material.maxBytes) && material.maxBytes > 0)) {
      problems.push(problemAt(`${here}.maxBytes`, 'MAX_BYTES_NOT_POSITIVE', {}));
    }
    const fileTypes = material.fileTypes ?? [];
    fileTypes.forEach((fileType, i) => {
      if (isBlank(fileType)) problems.push(problemAt(`${here}.fileTypes[${i}]`, 'NOT_BLANK', {}));
      else if (fileTypes.indexOf(fileType) !== i) {
        problems.push(problemAt(`${here}.fileTypes[${i}]`, 'DUPLICATE_ENTRY', { value: fileType }));
      }
    });
  });
  return problems;
}

function fieldProblems(fields: readonly FormField[], path: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const firstIndex = new Map<string, number>();
  fields.forEach((field, index) => {
    const here = `${path}[${index}]`;
    if (!FIELD_KEY_PATTERN.test(field.key)) {
      problems.push(problemAt(`${here}.key`, 'FIELD_KEY_FORMAT', { key: field.key }));
    }
    const earlier = firstIndex.get(field.key);
    if (earlier !== undefined) {
      problems.push(problemAt(`${here}.key`, 'DUPLICATE_FIELD_KEY', { key: field.key, first: `${path}[${earlier}]` }));
    } else {
      firstIndex.set(field.key, index);
    }
    if (isBlank(field.label.zh)) problems.push(problemAt(`${here}.label.zh`, 'LABEL_ZH_BLANK', {}));
    if (isBlank(field.label.en)) problems.push(problemAt(`${here}.label.en`, 'LABEL_EN_BLANK', {}));
    problems.push(...ruleProblems(field, `${here}.rules`));
  });
  return problems;
}

function ruleProblems(field: FormField, path: string): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const kind = { field: field.key, type: field.type };
  const rules = field.rules ?? {};
  const options = rules.options;
  if (field.type === 'enum') {
    if (!options || options.length === 0) {
      problems.push(problemAt(`${path}.options`, 'ENUM_NEEDS_OPTIONS', {}));
    }
    options?.forEach((option, i) => {
      if (isBlank(option)) problems.push(problemAt(`${path}.options[${i}]`, 'NOT_BLANK', {}));
      else if (options.indexOf(option) !== i) {
        problems.push(problemAt(`${path}.options[${i}]`, 'DUPLICATE_OPTION', { option }));
      }
    });
  } else if (options !== undefined) {
    problems.push(problemAt(`${path}.options`, 'OPTIONS_ONLY_FOR_ENUM', kind));
  }

  if (rules.min !== undefined || rules.max !== undefined) {
    if (!NUMERIC_TYPES.has(field.type) && !STRING_TYPES.has(field.type)) {
      problems.push(problemAt(path, 'BOUNDS_NOT_APPLICABLE', kind));
    } else if (STRING_TYPES.has(field.type)) {
      for (const bound of ['min', 'max'] as const) {
        const value = rules[bound];
        if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
          problems.push(problemAt(`${path}.${bound}`, 'LENGTH_BOUND_NOT_WHOLE', {}));
        }
      }
    }
    if (rules.min !== undefined && rules.max !== undefined && rules.min > rules.max) {
      problems.push(problemAt(`${path}.min`, 'MIN_ABOVE_MAX', { min: rules.min, max: rules.max }));
    }
  }

  if (rules.pattern !== undefined) {
    if (!STRING_TYPES.has(field.type)) {
      problems.push(problemAt(`${path}.pattern`, 'PATTERN_NOT_APPLICABLE', kind));
    } else if (rules.pattern.length === 0 || rules.pattern.length > MAX_PATTERN_LENGTH) {
      problems.push(problemAt(`${path}.pattern`, 'LENGTH_OUT_OF_RANGE', { min: 1, max: MAX_PATTERN_LENGTH }));
    } else {
      const error = patternError(rules.pattern);
      if (error) problems.push(problemAt(`${path}.pattern`, 'PATTERN_INVALID', { error }));
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
