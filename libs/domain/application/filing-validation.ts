import type { RouteProblem } from '../route/route.types';
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

function fieldValueProblem(field: MergedField, value: unknown): string | undefined {
  const rules = field.rules ?? {};
  if (NUMERIC.has(field.type)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
    if ((field.type === 'area_m2' || field.type === 'money') && value < 0) return 'must not be negative';
    if (rules.min !== undefined && value < rules.min) return `must be at least ${rules.min}`;
    if (rules.max !== undefined && value > rules.max) return `must be at most ${rules.max}`;
    return undefined;
  }
  if (field.type === 'boolean') return typeof value === 'boolean' ? undefined : 'must be true or false';
  if (typeof value !== 'string') return 'must be a string';
  if (field.type === 'date' && !isIsoDate(value)) return 'must be a date (YYYY-MM-DD)';
  if (field.type === 'enum' && !(rules.options ?? []).includes(value)) {
    return `must be one of ${(rules.options ?? []).join(', ')}`;
  }
  if (rules.min !== undefined && value.length < rules.min) return `must be at least ${rules.min} characters`;
  if (rules.max !== undefined && value.length > rules.max) return `must be at most ${rules.max} characters`;
  // Patterns come from a validated config; anchored so they describe the whole value.
  if (rules.pattern !== undefined && !new RegExp(`^(?:${rules.pattern})$`).test(value)) {
    return `must match the pattern ${rules.pattern}`;
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
): RouteProblem[] {
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
  const problems: RouteProblem[] = [];
  if (included.size === 0) {
    problems.push({ path: 'form', message: 'no step of this service applies to this form' });
  }

  for (const field of all) {
    const value = form[field.key];
    // Blank text counts as not answered, so it gets the same "is required" message.
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (requiredKeys.has(field.key)) {
        problems.push({ path: `form.${field.key}`, message: `"${field.label.en}" (${field.label.zh}) is required` });
      }
      continue;
    }
    const problem = fieldValueProblem({ ...field, required: requiredKeys.has(field.key) }, value);
    if (problem) problems.push({ path: `form.${field.key}`, message: `"${field.label.en}" ${problem}` });
  }
  const known = new Set(all.map((f) => f.key));
  for (const key of Object.keys(form)) {
    if (!known.has(key)) problems.push({ path: `form.${key}`, message: `"${key}" is not a field of this service` });
  }

  const allMaterials = mergeMaterials(version.steps).materials;
  const knownMaterials = new Set(allMaterials.map((m) => m.code));
  const filedCodes = new Set<string>();
  materials.forEach((material, index) => {
    if (!knownMaterials.has(material.code)) {
      problems.push({
        path: `materials[${index}].code`,
        message: `"${material.code}" is not a material of this service`,
      });
    } else if (filedCodes.has(material.code)) {
      problems.push({
        path: `materials[${index}].code`,
        message: `"${material.code}" is filed twice; upload each material once`,
      });
    }
    if (!material.fileId && !material.content) {
      problems.push({ path: `materials[${index}]`, message: 'needs a fileId or content' });
    }
    filedCodes.add(material.code);
  });
  for (const material of mergeMaterials(version.steps.filter((s) => included.has(s.key))).materials) {
    if (material.kind === 'core' && !filedCodes.has(material.code)) {
      problems.push({
        path: 'materials',
        message: `core material "${material.code}" (${material.name}) is required by step ${material.stepKeys.map((k) => `"${k}"`).join(', ')}`,
      });
    }
  }
  return problems;
}
