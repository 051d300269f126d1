import { problemAt, quotedList, type ValidationProblem } from '../problems/problem-rules';
import { mergeMaterials } from '../service/merged-form';
import type { ServiceVersionSnapshot } from '../service/service-version';
import { stepApplicability, type FiledMaterialRef } from './filing-validation';

/**
 * Deferred materials (容缺受理): a non-core material the enterprise may hand in after filing, against
 * a pledge to supply it within the step's `deferrable.supplyWithinDays` working days.
 *
 * A material can be needed by several steps. Each of those that applies to the form must allow the
 * deferral (a department that did not agree to wait is not made to), and the SHORTEST of their
 * `supplyWithinDays` is the deadline: the earliest department that needs it sets when it is due.
 * Every one of those steps then waits for it before it can be approved.
 */
export interface DeferredMaterialPlan {
  code: string;
  name: string;
  /** The applicable steps that need the material; none of them can be approved before it arrives. */
  stepKeys: string[];
  /** Working days from filing, the shortest among `stepKeys`. */
  supplyWithinDays: number;
}

/** Steps whose include condition holds for the form. */
function includedSteps(version: Pick<ServiceVersionSnapshot, 'steps'>, form: Readonly<Record<string, unknown>>) {
  const included = new Set(
    stepApplicability(version.steps, form)
      .filter((s) => s.included)
      .map((s) => s.key),
  );
  return version.steps.filter((s) => included.has(s.key));
}

/**
 * Problems with a filing's `deferredMaterials`, each at `deferredMaterials[i]`: the code must be a
 * material of the service, non-core, needed by a step that applies, allowed to be deferred by every
 * applicable step that needs it, listed once, and not also filed.
 */
export function deferredMaterialProblems(
  version: Pick<ServiceVersionSnapshot, 'steps'>,
  form: Readonly<Record<string, unknown>>,
  materials: readonly FiledMaterialRef[],
  deferred: readonly string[],
): ValidationProblem[] {
  const known = new Map(mergeMaterials(version.steps).materials.map((m) => [m.code, m]));
  const steps = includedSteps(version, form);
  const filed = new Set(materials.map((m) => m.code));
  const seen = new Set<string>();
  const problems: ValidationProblem[] = [];
  deferred.forEach((code, index) => {
    const path = `deferredMaterials[${index}]`;
    if (seen.has(code)) {
      problems.push(problemAt(path, 'DUPLICATE_ENTRY', { value: code }));
      return;
    }
    seen.add(code);
    const material = known.get(code);
    if (!material) {
      problems.push(problemAt(path, 'UNKNOWN_MATERIAL', { code }));
      return;
    }
    if (material.kind === 'core') {
      problems.push(problemAt(path, 'DEFERRED_MATERIAL_CORE', { code, name: material.name }));
      return;
    }
    if (filed.has(code)) {
      problems.push(problemAt(path, 'DEFERRED_MATERIAL_ALSO_FILED', { code }));
      return;
    }
    const needing = steps.filter((s) => s.config.materials.some((m) => m.code === code));
    if (needing.length === 0) {
      problems.push(problemAt(path, 'DEFERRED_MATERIAL_NOT_NEEDED', { code }));
      return;
    }
    const refusing = needing.filter((s) => !s.config.deferrable.allowed);
    if (refusing.length > 0) {
      problems.push(problemAt(path, 'DEFERRAL_NOT_ALLOWED', { code, steps: quotedList(refusing.map((s) => s.key)) }));
    }
  });
  return problems;
}

/** What the workflow keeps for each deferred material of a valid filing (see the module comment). */
export function deferredMaterialPlans(
  version: Pick<ServiceVersionSnapshot, 'steps'>,
  form: Readonly<Record<string, unknown>>,
  deferred: readonly string[],
): DeferredMaterialPlan[] {
  const known = new Map(mergeMaterials(version.steps).materials.map((m) => [m.code, m]));
  const steps = includedSteps(version, form);
  return [...new Set(deferred)].flatMap((code) => {
    const needing = steps.filter((s) => s.config.materials.some((m) => m.code === code));
    if (needing.length === 0) return [];
    return [
      {
        code,
        name: known.get(code)?.name ?? code,
        stepKeys: needing.map((s) => s.key),
        supplyWithinDays: Math.min(...needing.map((s) => s.config.deferrable.supplyWithinDays)),
      },
    ];
  });
}
