import { problemAt, type ValidationProblem } from '../problems/problem-rules';
import { fieldValueProblem } from './filing-validation';
import type { ServiceVersionSnapshot } from '../service/service-version';
import type { StepConfig } from '../service/step-config';
import type { SupplementItem, SupplementItemKind } from './application.types';

/**
 * The consolidated supplement notice (一次性告知). A `request_supplement` decision lists its items;
 * the workflow collects the requests of the departments holding the case and issues ONE notice
 * listing every item with the department that asked; the enterprise answers it once.
 */

/**
 * A step's supplement policy, set by its department's CIO: how long its request may wait for other
 * departments before the notice goes out (working days), and how many supplement requests the step
 * may make on one case before it must decide.
 */
export interface SupplementPolicy {
  windowDays: number;
  maxRounds: number;
}

export const DEFAULT_SUPPLEMENT_POLICY: SupplementPolicy = { windowDays: 1, maxRounds: 3 };
export const MAX_SUPPLEMENT_WINDOW_DAYS = 30;
export const MAX_SUPPLEMENT_ROUNDS = 10;

/** The step's policy with the defaults filled in (versions published before it existed have none). */
export function supplementPolicyOf(config: Pick<StepConfig, 'supplement'>): SupplementPolicy {
  return { ...DEFAULT_SUPPLEMENT_POLICY, ...config.supplement };
}

/** One line of a notice: an item and the step (department) that asked for it. */
export interface NoticeItem {
  stepKey: string;
  departmentCode: string;
  kind: SupplementItemKind;
  materialCode?: string;
  fieldKey?: string;
  reason: string;
}

/** The enterprise's one answer to a notice: changed form values, files, a note. */
export interface NoticeAnswer {
  form: Record<string, unknown>;
  materials: { code: string; fileId: string }[];
  note: string;
}

/**
 * Problems with a step's supplement items: at least one, and each material or field named must be
 * one the step itself asks for (its config), so the department cannot ask for what it never needed.
 */
export function supplementItemProblems(
  step: { key: string; config: Pick<StepConfig, 'materials' | 'fields'> },
  items: readonly SupplementItem[] | undefined,
): ValidationProblem[] {
  if (!items || items.length === 0) return [problemAt('items', 'SUPPLEMENT_ITEMS_REQUIRED', {})];
  const materials = new Set(step.config.materials.map((m) => m.code));
  const fields = new Set(step.config.fields.map((f) => f.key));
  const problems: ValidationProblem[] = [];
  items.forEach((item, index) => {
    if (item.reason.trim() === '') problems.push(problemAt(`items.${index}.reason`, 'NOT_BLANK', {}));
    if (item.kind === 'material') {
      if (!item.materialCode)
        problems.push(problemAt(`items.${index}.materialCode`, 'SUPPLEMENT_MATERIAL_MISSING', {}));
      else if (!materials.has(item.materialCode)) {
        problems.push(
          problemAt(`items.${index}.materialCode`, 'SUPPLEMENT_MATERIAL_NOT_OF_STEP', {
            code: item.materialCode,
            step: step.key,
          }),
        );
      }
    }
    if (item.kind === 'field') {
      if (!item.fieldKey) problems.push(problemAt(`items.${index}.fieldKey`, 'SUPPLEMENT_FIELD_MISSING', {}));
      else if (!fields.has(item.fieldKey)) {
        problems.push(
          problemAt(`items.${index}.fieldKey`, 'SUPPLEMENT_FIELD_NOT_OF_STEP', { key: item.fieldKey, step: step.key }),
        );
      }
    }
  });
  return problems;
}

/**
 * Problems with an answer to a notice: it changes only the fields the notice asks for (each value
 * valid as at filing), hands in files only for the materials it asks for (one each), and answers
 * "other" items in the note. An answer may leave an item out: the asking department judges the
 * answer in its new round (and may ask again, within its rounds cap). File ownership, type and size
 * are checked separately (filedFileProblems), as for a filing.
 */
export function noticeAnswerProblems(
  version: Pick<ServiceVersionSnapshot, 'steps'>,
  items: readonly NoticeItem[],
  answer: NoticeAnswer,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const askedFields = new Set(items.filter((i) => i.kind === 'field' && i.fieldKey).map((i) => i.fieldKey!));
  const askedMaterials = new Set(
    items.filter((i) => i.kind === 'material' && i.materialCode).map((i) => i.materialCode!),
  );
  const fieldsByKey = new Map(version.steps.flatMap((s) => s.config.fields.map((f) => [f.key, f] as const)));
  for (const [key, value] of Object.entries(answer.form)) {
    const field = fieldsByKey.get(key);
    if (!askedFields.has(key) || !field) {
      problems.push(problemAt(`form.${key}`, 'FIELD_NOT_ASKED', { key }));
      continue;
    }
    const problem = fieldValueProblem(field, value);
    if (problem) problems.push(problem);
  }
  const handedIn = new Set<string>();
  answer.materials.forEach((material, index) => {
    if (!askedMaterials.has(material.code)) {
      problems.push(problemAt(`materials[${index}].code`, 'MATERIAL_NOT_ASKED', { code: material.code }));
    } else if (handedIn.has(material.code)) {
      problems.push(problemAt(`materials[${index}].code`, 'MATERIAL_FILED_TWICE', { code: material.code }));
    }
    handedIn.add(material.code);
  });
  if (items.some((i) => i.kind === 'other') && answer.note.trim() === '') {
    problems.push(problemAt('note', 'NOTE_REQUIRED_FOR_OTHER_ITEMS', {}));
  }
  return problems;
}
