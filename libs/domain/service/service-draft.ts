import type { RouteStep } from '../route/route.types';
import type { ServiceVersionSnapshot } from './service-version';
import type { StepConfig } from './step-config';

/**
 * One step of the draft. `config` is null until the owning department's CIO configures it.
 * `revision` counts that step's edits: a department CIO's edit names the revision it was based on.
 */
export interface DraftStep extends RouteStep {
  config: StepConfig | null;
  revision: number;
}

/**
 * The next version of a service while it is being prepared (`services.draft`). The coordinating CIO
 * owns name, overall limit and route (`routeRevision` counts those edits); each department CIO owns
 * the config of its steps (each with its own `revision`), so they edit side by side.
 */
export interface ServiceDraft {
  name: string;
  overallLimitDays: number;
  routeRevision: number;
  steps: DraftStep[];
}

export interface RouteEdit {
  name: string;
  overallLimitDays: number;
  steps: readonly RouteStep[];
}

/** A service that existed before drafts (or was seeded) starts its next version from its published one. */
export function draftFromVersion(version: ServiceVersionSnapshot): ServiceDraft {
  return {
    name: version.name,
    overallLimitDays: version.overallLimitDays,
    routeRevision: 1,
    steps: version.steps.map((s) => ({
      key: s.key,
      departmentCode: s.departmentCode,
      after: [...s.after],
      config: s.config,
      revision: 1,
    })),
  };
}

export function newDraft(edit: RouteEdit): ServiceDraft {
  return {
    name: edit.name,
    overallLimitDays: edit.overallLimitDays,
    routeRevision: 1,
    steps: edit.steps.map((s) => ({
      key: s.key,
      departmentCode: s.departmentCode,
      after: [...s.after],
      config: null,
      revision: 1,
    })),
  };
}

/**
 * The coordinating CIO's route edit. A step that keeps its key and department keeps its config and
 * revision, so department work survives re-wiring. A step handed to another department starts
 * unconfigured (the new owner decides) with its revision moved on, so an edit the old owner based on
 * the earlier revision cannot land.
 */
export function applyRouteEdit(draft: ServiceDraft, edit: RouteEdit): ServiceDraft {
  const previous = new Map(draft.steps.map((s) => [s.key, s]));
  return {
    name: edit.name,
    overallLimitDays: edit.overallLimitDays,
    routeRevision: draft.routeRevision + 1,
    steps: edit.steps.map((s) => {
      const before = previous.get(s.key);
      const route = { key: s.key, departmentCode: s.departmentCode, after: [...s.after] };
      if (!before) return { ...route, config: null, revision: 1 };
      if (before.departmentCode !== s.departmentCode) return { ...route, config: null, revision: before.revision + 1 };
      return { ...route, config: before.config, revision: before.revision };
    }),
  };
}

/** The department CIO's edit of one step; the caller has checked ownership and revision. */
export function applyStepEdit(draft: ServiceDraft, stepKey: string, config: StepConfig): ServiceDraft {
  return {
    ...draft,
    steps: draft.steps.map((s) => (s.key === stepKey ? { ...s, config, revision: s.revision + 1 } : s)),
  };
}

/** The draft as a version: only meaningful once validateDraftForPublish found no problem. */
export function snapshotOfDraft(serviceCode: string, version: number, draft: ServiceDraft): ServiceVersionSnapshot {
  return {
    serviceCode,
    name: draft.name,
    version,
    overallLimitDays: draft.overallLimitDays,
    steps: draft.steps.map((s) => {
      if (!s.config) throw new Error(`step "${s.key}" has no config; validate the draft before publishing`);
      return { key: s.key, departmentCode: s.departmentCode, after: [...s.after], config: s.config };
    }),
  };
}
