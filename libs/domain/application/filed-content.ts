import { mergeFormFields, mergeMaterials } from '../service/merged-form';
import type { ServiceVersionSnapshot } from '../service/service-version';
import type { FieldType, FormField, MaterialRequirement } from '../service/step-config';
import { stepApplicability, type FiledMaterialRef } from './filing-validation';

/**
 * Who reads what an enterprise filed. The enterprise gave its answers to the departments that need
 * them: the applicant, the coordinating CIO and the administrator read the whole filing; a
 * department's officers and CIO read what their own department's steps ask for.
 */
export type FiledContentReader = { kind: 'whole_case' } | { kind: 'department'; departmentCode: string };

/** A form answer as filed (validation admits only these); null when the field was left blank. */
export type FiledValue = string | number | boolean | null;

export interface FiledFieldView {
  key: string;
  label: FormField['label'];
  type: FieldType;
  value: FiledValue;
  /** Every step of the version that asks for the field (several steps may share one). */
  stepKeys: string[];
}

export interface FiledMaterialView {
  code: string;
  name: string;
  kind: MaterialRequirement['kind'];
  provided: boolean;
  fileId: string | null;
  content: string | null;
  stepKeys: string[];
}

export interface FiledContent {
  form: FiledFieldView[];
  materials: FiledMaterialView[];
}

export interface StoredFiling {
  form: Readonly<Record<string, unknown>>;
  materials: readonly FiledMaterialRef[];
}

function filedValue(value: unknown): FiledValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // Filing validation admits nothing else; should a stored value ever differ, show it rather than hide it.
  return JSON.stringify(value);
}

/**
 * The filed form and materials as `reader` may see them, labelled by the version the case runs on.
 *
 * Scoping: a department sees a field or material when at least one of its own steps declares it (a
 * field declared by several steps counts for each of them). Within that, what is shown is what
 * concerns this case: everything answered or provided, and everything the steps that apply to the
 * answers ask for (left blank or missing), but not the questions of steps the answers excluded.
 */
export function filedContentFor(
  version: Pick<ServiceVersionSnapshot, 'steps'>,
  filing: StoredFiling,
  reader: FiledContentReader,
): FiledContent {
  const readable = (stepKey: string) =>
    reader.kind === 'whole_case' ||
    version.steps.some((step) => step.key === stepKey && step.departmentCode === reader.departmentCode);
  const applies = new Set(
    stepApplicability(version.steps, filing.form)
      .filter((s) => s.included)
      .map((s) => s.key),
  );

  const form = mergeFormFields(version.steps)
    .fields.filter((field) => field.stepKeys.some(readable))
    .map((field): FiledFieldView => ({
      key: field.key,
      label: field.label,
      type: field.type,
      value: filedValue(filing.form[field.key]),
      stepKeys: field.stepKeys,
    }))
    .filter((field) => field.value !== null || field.stepKeys.some((key) => applies.has(key)));

  const filedByCode = new Map(filing.materials.map((m) => [m.code, m]));
  const materials = mergeMaterials(version.steps)
    .materials.filter((material) => material.stepKeys.some(readable))
    .map((material): FiledMaterialView => {
      const filed = filedByCode.get(material.code);
      return {
        code: material.code,
        name: material.name,
        kind: material.kind,
        provided: filed !== undefined && Boolean(filed.fileId || filed.content),
        fileId: filed?.fileId ?? null,
        content: filed?.content ?? null,
        stepKeys: material.stepKeys,
      };
    })
    .filter((material) => material.provided || material.stepKeys.some((key) => applies.has(key)));

  return { form, materials };
}
