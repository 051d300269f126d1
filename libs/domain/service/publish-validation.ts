import { validateRoute } from '../route/route-graph';
import { problemAt, type ValidationProblem } from '../problems/problem-rules';
import { validateCondition } from './conditions';
import { mergeFormFields, mergeMaterials } from './merged-form';
import type { DraftStep, ServiceDraft } from './service-draft';
import type { FormField, StepConfig } from './step-config';
import { validateStepConfig } from './step-config.rules';

interface ConfiguredStep extends DraftStep {
  config: StepConfig;
}

function isConfigured(step: DraftStep): step is ConfiguredStep {
  return step.config !== null;
}

/**
 * Everything that must hold before a draft becomes an immutable version, as a list of every problem
 * with its location (`steps.<key>.config.fields[0].key`, `overallLimitDays`, …) so the coordinating
 * CIO sees all of them at once and knows which department has to act.
 */
export function validateDraftForPublish(
  draft: ServiceDraft,
  knownDepartmentCodes: Iterable<string>,
): ValidationProblem[] {
  const departments = new Set(knownDepartmentCodes);
  const problems: ValidationProblem[] = [];

  if (draft.name.trim() === '') problems.push(problemAt('name', 'NOT_BLANK', {}));
  if (!(Number.isInteger(draft.overallLimitDays) && draft.overallLimitDays >= 1)) {
    problems.push(problemAt('overallLimitDays', 'OVERALL_LIMIT_TOO_SHORT', { min: 1 }));
  }

  const routeProblems = validateRoute(draft.steps);
  problems.push(...routeProblems.map((p) => ({ ...p, path: keyedPath(p.path, draft.steps) })));

  for (const step of draft.steps) {
    if (!departments.has(step.departmentCode)) {
      problems.push(
        problemAt(`steps.${step.key}.departmentCode`, 'UNKNOWN_DEPARTMENT', { department: step.departmentCode }),
      );
    }
  }
  for (const step of draft.steps) {
    if (step.config === null) {
      problems.push(
        problemAt(`steps.${step.key}.config`, 'STEP_NOT_CONFIGURED', {
          step: step.key,
          department: step.departmentCode,
        }),
      );
    }
  }

  const configured = draft.steps.filter(isConfigured);
  for (const step of configured) problems.push(...validateStepConfig(step.config, `steps.${step.key}.config`));

  const merged = mergeFormFields(configured);
  problems.push(...merged.problems, ...mergeMaterials(configured).problems);

  // A condition may test any field of the service, asked for by whichever step.
  const fieldsByKey = new Map<string, FormField>(merged.fields.map((f) => [f.key, f]));
  for (const step of configured) {
    if (step.config.includeWhen !== undefined) {
      problems.push(...validateCondition(step.config.includeWhen, fieldsByKey, `steps.${step.key}.config.includeWhen`));
    }
  }

  // Longest paths only mean something on an acyclic route with known predecessors.
  if (routeProblems.length === 0 && Number.isFinite(draft.overallLimitDays)) {
    for (const path of pathsOverLimit(draft.steps, draft.overallLimitDays)) {
      problems.push(
        problemAt('overallLimitDays', 'PATH_EXCEEDS_OVERALL_LIMIT', {
          path: path.keys.join(' → '),
          days: path.days,
          limit: draft.overallLimitDays,
        }),
      );
    }
  }
  return problems;
}

/** `steps[2].after[0]` → `steps.health-permit.after[0]`, so every problem names the step by key. */
function keyedPath(path: string, steps: readonly DraftStep[]): string {
  return path.replace(/^steps\[(\d+)\]/, (whole, index: string) => {
    const key = steps[Number(index)]?.key;
    const unique = key !== undefined && steps.filter((s) => s.key === key).length === 1;
    return unique ? `steps.${key}` : whole;
  });
}

export interface RoutePath {
  keys: string[];
  days: number;
}

/**
 * For each step that ends the route, the longest chain of time limits leading to it (steps run in
 * parallel within a stage, so only chains add up). Returns those longer than `limit`, longest first.
 * Unconfigured steps count as 0; they are reported separately. Assumes an acyclic route.
 */
export function pathsOverLimit(steps: readonly DraftStep[], limit: number): RoutePath[] {
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const longest = new Map<string, RoutePath>();
  const longestTo = (key: string): RoutePath => {
    const known = longest.get(key);
    if (known) return known;
    const step = byKey.get(key);
    const own = step?.config && Number.isFinite(step.config.timeLimitDays) ? step.config.timeLimitDays : 0;
    let best: RoutePath | undefined;
    for (const predecessor of step?.after ?? []) {
      if (!byKey.has(predecessor)) continue;
      const candidate = longestTo(predecessor);
      if (!best || candidate.days > best.days) best = candidate;
    }
    const path = { keys: [...(best?.keys ?? []), key], days: (best?.days ?? 0) + own };
    longest.set(key, path);
    return path;
  };
  const hasSuccessor = new Set(steps.flatMap((s) => s.after));
  return steps
    .filter((s) => !hasSuccessor.has(s.key))
    .map((s) => longestTo(s.key))
    .filter((p) => p.days > limit)
    .sort((a, b) => b.days - a.days);
}
