import { validateCondition, type FieldType, type FormField, type StepConfig as DomainStepConfig } from '@domain';
import type { FormInstance, FormRule } from 'antd';
import type { TFunction } from 'i18next';
import type { Schemas } from '../../api/client';
import { problemMessage } from '../../api/errors';
import { validateStepConfig } from '../../../../../libs/domain/service/step-config.rules';
import type { NamePath } from './problems';

/** Types whose `min`/`max` bound the value. */
export const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set(['number', 'area_m2', 'money']);
/** Types whose `min`/`max` bound the length, and which may have a `pattern`. */
export const STRING_TYPES: ReadonlySet<FieldType> = new Set(['text', 'address']);

type StepConfig = Schemas['StepConfigDto'];
type Rules = NonNullable<FormField['rules']>;
type Condition = NonNullable<StepConfig['includeWhen']>;

/**
 * A field's rules without what its type cannot have (options of a field no longer an enum, a pattern
 * of a number…) and without inputs left empty: the form keeps a hidden input's value, the server
 * would refuse it.
 */
function cleanRules(type: FieldType, rules: Rules | undefined): Rules | undefined {
  if (!rules) return undefined;
  const result: Rules = { ...rules };
  if (type !== 'enum') delete result.options;
  const bounded = NUMERIC_TYPES.has(type) || STRING_TYPES.has(type);
  if (!bounded || result.min == null) delete result.min;
  if (!bounded || result.max == null) delete result.max;
  if (!STRING_TYPES.has(type) || !result.pattern) delete result.pattern;
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * The config as it is sent: empty optional values dropped (a cleared statutory limit, a blank
 * group, an unset size limit). Everything else the form holds, shown or not, is kept as it was.
 */
export function cleanConfig(config: StepConfig): StepConfig {
  const result: StepConfig = { ...config, handling: { ...config.handling } };
  if (result.statutoryLimitDays == null) delete result.statutoryLimitDays;
  if (!result.handling.group) delete result.handling.group;
  const supervision = config.supervision;
  if (!supervision || (supervision.warnBeforeDays == null && supervision.redAfterDays == null)) {
    delete result.supervision;
  } else {
    result.supervision = { ...supervision, warnBeforeDays: supervision.warnBeforeDays ?? 1 };
    if (supervision.redAfterDays == null) delete (result.supervision as Partial<typeof supervision>).redAfterDays;
  }
  result.materials = (config.materials ?? []).map((material) => {
    const cleaned = { ...material };
    if (!cleaned.fileTypes?.length) delete cleaned.fileTypes;
    if (cleaned.maxBytes == null) delete cleaned.maxBytes;
    return cleaned;
  });
  result.fields = (config.fields ?? []).map((field) => {
    const cleaned = { ...field };
    const rules = cleanRules(field.type, field.rules);
    if (rules) cleaned.rules = rules;
    else delete cleaned.rules;
    return cleaned;
  });
  // Neither period given: the step issues certificates with the default validity.
  const certificate = config.certificate;
  if (!certificate || (certificate.validForYears == null && certificate.validForDays == null)) {
    delete result.certificate;
  } else {
    result.certificate = {
      ...(certificate.validForYears != null ? { validForYears: certificate.validForYears } : {}),
      ...(certificate.validForDays != null ? { validForDays: certificate.validForDays } : {}),
    };
  }
  if (result.includeWhen == null) delete result.includeWhen;
  else result.includeWhen = collapseGroup(result.includeWhen);
  return result;
}

/** A group of one comparison is that comparison: stored the way the seed and the API write it. */
function collapseGroup(condition: Condition): Condition {
  for (const group of ['all', 'any'] as const) {
    const members = condition[group];
    const only = Array.isArray(members) && members.length === 1 ? (members[0] as unknown) : undefined;
    // Only a comparison: a deeper condition the builder does not show is saved exactly as it came.
    if (Object.keys(condition).length === 1 && isComparison(only)) {
      return only;
    }
  }
  return condition;
}

function isComparison(value: unknown): value is Condition {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'field' in value;
}

/** `fields[0].rules.min` for ['fields', 0, 'rules', 'min']. */
export function pathOf(name: NamePath): string {
  return name.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/**
 * The fields of the service's merged form as the editor sees it: this step's fields as being
 * edited, then the other steps' fields (a key this step defines is this step's definition).
 */
export function mergedFields(own: readonly FormField[], others: readonly FormField[]): Map<string, FormField> {
  const fields = new Map<string, FormField>();
  for (const field of [...own, ...others]) {
    if (field && typeof field.key === 'string' && field.key !== '' && !fields.has(field.key)) {
      fields.set(field.key, field);
    }
  }
  return fields;
}

/**
 * An antd rule that runs the server's own checks (validateStepConfig, and validateCondition for the
 * include condition) on the whole config as it would be sent, and reports the problems located at
 * `name` (or under it, for a list such as options). The form holds the include condition as a
 * group (see IncludeWhenEditor), so the condition's paths are those of its inputs.
 */
export function domainRule(
  t: TFunction,
  form: FormInstance,
  name: NamePath,
  otherFields: () => readonly FormField[],
): FormRule {
  const path = pathOf(name);
  return {
    validator: () => {
      const config = form.getFieldsValue(true) as StepConfig;
      let problems;
      try {
        const cleaned = cleanConfig(config) as unknown as DomainStepConfig;
        problems = validateStepConfig(cleaned);
        if (path.startsWith('includeWhen') && config.includeWhen) {
          const fields = mergedFields(cleaned.fields, otherFields());
          problems = problems.concat(validateCondition(config.includeWhen, fields, 'includeWhen'));
        }
      } catch {
        // A half-typed form the checks cannot read yet; the required rules speak for it.
        return Promise.resolve();
      }
      const here = problems.find((p) => p.path === path || p.path.startsWith(`${path}[`));
      return here ? Promise.reject(new Error(problemMessage(t, here))) : Promise.resolve();
    },
  };
}
