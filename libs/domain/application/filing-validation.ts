import { problemAt, quotedList, type ValidationProblem } from '../problems/problem-rules';
import { evaluateCondition, describeCondition, isIsoDate } from '../service/conditions';
import { mergeFormFields, mergeMaterials, type MergedField } from '../service/merged-form';
import type { ServiceVersionSnapshot, VersionedStep } from '../service/service-version';

export interface FiledMaterialRef {
  code: string;
  fileId?: string;
  content?: string;
}

export interface StepApplicability {
  key: string;
  included: boolean;
  /** Why, in words, when the step has an include condition. */
  reason?: string;
}

/** Which steps apply to this form: those without a condition, and those whose condition holds. */
export function stepApplicability(
  steps: readonly VersionedStep[],
  form: Readonly<Record<string, unknown>>,
): StepApplicability[] {
  return steps.map((step) => {
    const condition = step.config.includeWhen;
    if (!condition) return { key: step.key, included: true };
    const included = evaluateCondition(condition, form);
    const description = describeCondition(condition);
    return {
      key: step.key,
      included,
      reason: included ? `required because ${description}` : `not required: the form does not meet ${description}`,
    };
  });
}

const NUMERIC = new Set(['number', 'area_m2', 'money']);

/** The problem with an answered field's value, if any; the field is named in both languages. */
export function fieldValueProblem(
  field: Pick<MergedField, 'key' | 'label' | 'type' | 'rules'> & { required?: boolean },
  value: unknown,
): ValidationProblem | undefined {
  const rules = field.rules ?? {};
  const path = `form.${field.key}`;
  const label = { labelEn: field.label.en, labelZh: field.label.zh };
  if (NUMERIC.has(field.type)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return problemAt(path, 'FORM_VALUE_NOT_NUMBER', label);
    if ((field.type === 'area_m2' || field.type === 'money') && value < 0) {
      return problemAt(path, 'FORM_VALUE_NEGATIVE', label);
    }
    if (rules.min !== undefined && value < rules.min) {
      return problemAt(path, 'FORM_VALUE_BELOW_MIN', { ...label, min: rules.min });
    }
    if (rules.max !== undefined && value > rules.max) {
      return problemAt(path, 'FORM_VALUE_ABOVE_MAX', { ...label, max: rules.max });
    }
    return undefined;
  }
  if (field.type === 'boolean') {
    return typeof value === 'boolean' ? undefined : problemAt(path, 'FORM_VALUE_NOT_BOOLEAN', label);
  }
  if (typeof value !== 'string') return problemAt(path, 'FORM_VALUE_NOT_STRING', label);
  if (field.type === 'date' && !isIsoDate(value)) return problemAt(path, 'FORM_VALUE_NOT_DATE', label);
  if (field.type === 'enum' && !(rules.options ?? []).includes(value)) {
    return problemAt(path, 'FORM_VALUE_NOT_OPTION', { ...label, options: (rules.options ?? []).join(', ') });
  }
  if (rules.min !== undefined && value.length < rules.min) {
    return problemAt(path, 'FORM_VALUE_TOO_SHORT', { ...label, min: rules.min });
  }
  if (rules.max !== undefined && value.length > rules.max) {
    return problemAt(path, 'FORM_VALUE_TOO_LONG', { ...label, max: rules.max });
  }
  // Patterns come from a validated config; anchored so they describe the whole value.
  if (rules.pattern !== undefined && !new RegExp(`^(?:${rules.pattern})$`).test(value)) {
    return problemAt(path, 'FORM_VALUE_PATTERN_MISMATCH', { ...label, pattern: rules.pattern });
  }
  return undefined;
}

/**
 * Checks a filing against the service version: the merged form of the steps that apply, and the
 * core materials they require. Returns every problem, each located (`form.<key>`, `materials`).
 */
export function validateFiling(
  version: ServiceVersionSnapshot,
  form: Readonly<Record<string, unknown>>,
  materials: readonly FiledMaterialRef[],
): ValidationProblem[] {
  const included = new Set(
    stepApplicability(version.steps, form)
      .filter((s) => s.included)
      .map((s) => s.key),
  );
  // Conditions may refer to any field of the service, so every field is known; only applicable
  // steps make theirs required.
  const all = mergeFormFields(version.steps).fields;
  const applicable = mergeFormFields(version.steps.filter((s) => included.has(s.key))).fields;
  const requiredKeys = new Set(applicable.filter((f) => f.required).map((f) => f.key));
  const problems: ValidationProblem[] = [];
  if (included.size === 0) problems.push(problemAt('form', 'NO_APPLICABLE_STEP', {}));

  for (const field of all) {
    const value = form[field.key];
    // Blank text counts as not answered, so it gets the same "is required" message.
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (requiredKeys.has(field.key)) {
        problems.push(
          problemAt(`form.${field.key}`, 'FORM_FIELD_REQUIRED', { labelEn: field.label.en, labelZh: field.label.zh }),
        );
      }
      continue;
    }
    const problem = fieldValueProblem({ ...field, required: requiredKeys.has(field.key) }, value);
    if (problem) problems.push(problem);
  }
  const known = new Set(all.map((f) => f.key));
  for (const key of Object.keys(form)) {
    if (!known.has(key)) problems.push(problemAt(`form.${key}`, 'UNKNOWN_FORM_FIELD', { key }));
  }

  const allMaterials = mergeMaterials(version.steps).materials;
  const knownMaterials = new Set(allMaterials.map((m) => m.code));
  const filedCodes = new Set<string>();
  materials.forEach((material, index) => {
    if (!knownMaterials.has(material.code)) {
      problems.push(problemAt(`materials[${index}].code`, 'UNKNOWN_MATERIAL', { code: material.code }));
    } else if (filedCodes.has(material.code)) {
      problems.push(problemAt(`materials[${index}].code`, 'MATERIAL_FILED_TWICE', { code: material.code }));
    }
    if (!material.fileId && !material.content) {
      problems.push(problemAt(`materials[${index}]`, 'MATERIAL_CONTENT_MISSING', {}));
    }
    filedCodes.add(material.code);
  });
  for (const material of mergeMaterials(version.steps.filter((s) => included.has(s.key))).materials) {
    if (material.kind === 'core' && !filedCodes.has(material.code)) {
      problems.push(
        problemAt('materials', 'CORE_MATERIAL_MISSING', {
          code: material.code,
          name: material.name,
          steps: quotedList(material.stepKeys),
        }),
      );
    }
  }
  return problems;
}
