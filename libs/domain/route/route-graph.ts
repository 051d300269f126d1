import { problemAt, type ValidationProblem } from '../problems/problem-rules';
import type { RouteStep } from './route.types';

const STEP_KEY_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * Structural checks of a route: unique well-formed keys, known predecessors, no self edges, no cycles.
 * Returns every problem found (never throws) so a publish can report them all at once.
 */
export function validateRoute(steps: readonly RouteStep[]): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (steps.length === 0) {
    problems.push(problemAt('steps', 'ROUTE_EMPTY', {}));
    return problems;
  }
  const firstIndexOfKey = new Map<string, number>();
  steps.forEach((step, index) => {
    if (!STEP_KEY_PATTERN.test(step.key)) {
      problems.push(problemAt(`steps[${index}].key`, 'KEY_FORMAT', { key: step.key }));
    }
    const earlier = firstIndexOfKey.get(step.key);
    if (earlier !== undefined) {
      problems.push(
        problemAt(`steps[${index}].key`, 'DUPLICATE_STEP_KEY', { key: step.key, first: `steps[${earlier}]` }),
      );
    } else {
      firstIndexOfKey.set(step.key, index);
    }
  });
  steps.forEach((step, index) => {
    const seen = new Set<string>();
    step.after.forEach((predecessor, edgeIndex) => {
      const path = `steps[${index}].after[${edgeIndex}]`;
      if (predecessor === step.key) {
        problems.push(problemAt(path, 'STEP_AFTER_ITSELF', { step: step.key }));
      } else if (!firstIndexOfKey.has(predecessor)) {
        problems.push(problemAt(path, 'UNKNOWN_STEP', { step: predecessor }));
      } else if (seen.has(predecessor)) {
        problems.push(problemAt(path, 'DUPLICATE_ENTRY', { value: predecessor }));
      }
      seen.add(predecessor);
    });
  });
  if (problems.length === 0) {
    const cycle = findCycle(steps);
    if (cycle) {
      problems.push(problemAt('steps', 'ROUTE_CYCLE', { cycle: cycle.join(' → ') }));
    }
  }
  return problems;
}

/** A cycle as a list of keys that starts and ends with the same key, or undefined for a DAG. */
export function findCycle(steps: readonly RouteStep[]): string[] | undefined {
  const predecessorsOf = new Map(steps.map((s) => [s.key, s.after]));
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];

  const visit = (key: string): string[] | undefined => {
    const mark = state.get(key);
    if (mark === 'done') return undefined;
    if (mark === 'visiting') {
      const start = trail.indexOf(key);
      // trail walks predecessor edges; reverse it so the cycle reads in execution order.
      return [...trail.slice(start), key].reverse();
    }
    state.set(key, 'visiting');
    trail.push(key);
    for (const predecessor of predecessorsOf.get(key) ?? []) {
      if (!predecessorsOf.has(predecessor)) continue;
      const cycle = visit(predecessor);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(key, 'done');
    return undefined;
  };

  for (const step of steps) {
    const cycle = visit(step.key);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * Groups steps into stages: stage 0 has no predecessors, stage n runs once everything it waits for
 * is in an earlier stage. Steps within a stage run in parallel. Assumes a valid (acyclic) route.
 */
export function routeStages(steps: readonly RouteStep[]): string[][] {
  const depth = new Map<string, number>();
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const inProgress = new Set<string>();
  const depthOf = (key: string): number => {
    const known = depth.get(key);
    if (known !== undefined) return known;
    if (inProgress.has(key)) throw new Error(`routeStages needs an acyclic route; "${key}" is on a cycle`);
    inProgress.add(key);
    // Unknown predecessors are ignored here; validateRoute reports them.
    const predecessors = (byKey.get(key)?.after ?? []).filter((p) => byKey.has(p));
    const d = predecessors.length > 0 ? 1 + Math.max(...predecessors.map(depthOf)) : 0;
    inProgress.delete(key);
    depth.set(key, d);
    return d;
  };
  const stages: string[][] = [];
  for (const step of steps) {
    const d = depthOf(step.key);
    (stages[d] ??= []).push(step.key);
  }
  return stages;
}

/**
 * Steps that may start now: not started yet, and every predecessor is in `finished`.
 * Order follows the route's declaration order so activation is deterministic.
 */
export function readySteps(
  steps: readonly RouteStep[],
  finished: ReadonlySet<string>,
  started: ReadonlySet<string>,
): RouteStep[] {
  return steps.filter((step) => !started.has(step.key) && step.after.every((predecessor) => finished.has(predecessor)));
}
