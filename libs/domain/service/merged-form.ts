import { problemAt, type ValidationProblem } from '../problems/problem-rules';
import type { FormField, MaterialRequirement, StepConfig } from './step-config';

export interface MergedField extends FormField {
  /** The steps that ask for this field. */
  stepKeys: string[];
}

export interface MergedMaterial extends MaterialRequirement {
  stepKeys: string[];
}

interface ConfiguredStep {
  key: string;
  config: Pick<StepConfig, 'fields' | 'materials'>;
}

/** JSON with object keys sorted, so definitions written in a different key order compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** What makes two definitions of one key the same field: everything but `required`. */
function fieldSignature(field: FormField): string {
  return canonical({ type: field.type, label: field.label, rules: field.rules ?? {} });
}

/** Accepted file types are a set: their order does not make two definitions differ. */
function materialSignature(material: MaterialRequirement): string {
  const fileTypes = [...(material.fileTypes ?? [])].sort();
  return canonical({ kind: material.kind, fileTypes, maxBytes: material.maxBytes ?? null });
}

/**
 * One form for the whole application ("one window, one form"): a field key asked for by several
 * steps is one field, required if any of them requires it. Two steps defining the same key
 * differently is a conflict, reported with both steps named.
 */
export function mergeFormFields(steps: readonly ConfiguredStep[]): {
  fields: MergedField[];
  problems: ValidationProblem[];
} {
  const merged = new Map<string, MergedField>();
  const problems: ValidationProblem[] = [];
  for (const step of steps) {
    step.config.fields.forEach((field, index) => {
      const existing = merged.get(field.key);
      if (!existing) {
        merged.set(field.key, { ...field, stepKeys: [step.key] });
        return;
      }
      if (fieldSignature(existing) !== fieldSignature(field)) {
        problems.push(
          problemAt(`steps.${step.key}.config.fields[${index}]`, 'FIELD_DEFINED_DIFFERENTLY', {
            field: field.key,
            first: existing.stepKeys[0],
            step: step.key,
          }),
        );
        return;
      }
      existing.required ||= field.required;
      existing.stepKeys.push(step.key);
    });
  }
  return { fields: [...merged.values()], problems };
}

/** Materials across steps, each uploaded once however many steps need it. */
export function mergeMaterials(steps: readonly ConfiguredStep[]): {
  materials: MergedMaterial[];
  problems: ValidationProblem[];
} {
  const merged = new Map<string, MergedMaterial>();
  const problems: ValidationProblem[] = [];
  for (const step of steps) {
    step.config.materials.forEach((material, index) => {
      const existing = merged.get(material.code);
      if (!existing) {
        merged.set(material.code, { ...material, stepKeys: [step.key] });
        return;
      }
      if (materialSignature(existing) !== materialSignature(material)) {
        problems.push(
          problemAt(`steps.${step.key}.config.materials[${index}]`, 'MATERIAL_DEFINED_DIFFERENTLY', {
            material: material.code,
            first: existing.stepKeys[0],
            step: step.key,
          }),
        );
        return;
      }
      existing.stepKeys.push(step.key);
    });
  }
  return { materials: [...merged.values()], problems };
}
