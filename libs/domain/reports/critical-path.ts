import type { WorkingClock } from '../calendar/working-clock';
import type { RouteStep } from '../route/route.types';
import type { ReportCase, TimeAmount } from './round-metrics';

/**
 * The parallel stages of a route: steps with the same set of predecessors. The workflow starts every
 * step whose predecessors are all approved (or skipped) in one go (`readySteps`), so steps that wait
 * for the same steps always become ready at the same moment and run side by side. (Depth in the
 * graph, as `routeStages` groups for display, is not enough: two steps at the same depth behind
 * different predecessors start at different times.) Groups of one step are kept; whether a stage is
 * parallel is decided per case, once skipped steps are left out.
 */
export function parallelStageGroups(steps: readonly RouteStep[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const step of steps) {
    const signature = JSON.stringify([...new Set(step.after)].sort());
    const group = groups.get(signature);
    if (group) group.push(step.key);
    else groups.set(signature, [step.key]);
  }
  return [...groups.values()];
}

/** One completed parallel stage of one case, and who finished it last. */
export interface StageFinish {
  applicationId: string;
  serviceCode: string;
  stepKeys: string[];
  /** The departments of the stage's steps (a department with two steps in it appears once). */
  departmentCodes: string[];
  lastStepKey: string;
  lastDepartmentCode: string;
  /** The last step's final decision: the stage finished then. */
  finishedAt: Date;
  /** The previous finish in the stage (the second-to-last step's final decision). */
  previousFinishAt: Date;
  /** How long the last department held the case up: previousFinishAt → finishedAt. */
  added: TimeAmount;
}

/**
 * The parallel stages of a case that finished, from the steps' final decisions (the last `decided`
 * whose outcome is not a supplement request: approve, reject, deemed or pledged). Skipped steps do
 * not count; a stage with fewer than two steps left is not parallel; a stage with a step that never
 * got a final decision (cancelled, still open) has no last finisher and is left out. Two steps
 * decided at the same instant: the later in the log is last, and added nothing.
 */
export function caseStageFinishes(reportCase: ReportCase, clock: WorkingClock): StageFinish[] {
  const departmentOf = new Map(reportCase.steps.map((step) => [step.key, step.departmentCode]));
  const skipped = new Set<string>();
  const finalDecision = new Map<string, { at: Date; order: number }>();
  reportCase.events.forEach((event, order) => {
    if (!event.stepKey) return;
    if (event.kind === 'step_skipped') skipped.add(event.stepKey);
    if (event.kind === 'decided' && event.data?.outcome !== 'request_supplement') {
      finalDecision.set(event.stepKey, { at: event.at instanceof Date ? event.at : new Date(event.at), order });
    }
  });

  const finishes: StageFinish[] = [];
  for (const group of parallelStageGroups(reportCase.steps)) {
    const members = group.filter((key) => !skipped.has(key));
    if (members.length < 2) continue;
    const decided = members.map((key) => ({ key, decision: finalDecision.get(key) }));
    if (decided.some((member) => !member.decision)) continue;
    const byFinish = decided
      .map((member) => ({ key: member.key, ...member.decision! }))
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
    const last = byFinish[byFinish.length - 1];
    const previous = byFinish[byFinish.length - 2];
    finishes.push({
      applicationId: reportCase.applicationId,
      serviceCode: reportCase.serviceCode,
      stepKeys: members,
      departmentCodes: [...new Set(members.map((key) => departmentOf.get(key) ?? ''))],
      lastStepKey: last.key,
      lastDepartmentCode: departmentOf.get(last.key) ?? '',
      finishedAt: last.at,
      previousFinishAt: previous.at,
      added: {
        elapsedMs: last.at.getTime() - previous.at.getTime(),
        workingMs: clock.workingTimeBetween(previous.at, last.at),
      },
    });
  }
  return finishes;
}
