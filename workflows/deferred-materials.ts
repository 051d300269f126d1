import {
  ApplicationErrorCode,
  type DecisionRequest,
  type DeferredMaterialPlan,
  type DeferredMaterialProgress,
  type SupplyMaterialRequest,
} from '../libs/domain';
import type { CaseState, Refusal } from './update.rules';

/**
 * The application workflow's bookkeeping of deferred materials (容缺受理), pure so the rules read on
 * their own: which steps wait for which material, what an approval or a supply is refused for.
 */
export interface DeferredMaterialState extends DeferredMaterialProgress {
  /** The file being stored for it right now; a concurrent supply of another file is refused. */
  supplying?: string;
}

export function initialDeferredMaterials(plans: readonly DeferredMaterialPlan[]): Map<string, DeferredMaterialState> {
  return new Map(plans.map((plan) => [plan.code, { ...plan, stepKeys: [...plan.stepKeys] }]));
}

/** As callers see it (query), without the bookkeeping. */
export function deferredMaterialProgress(material: DeferredMaterialState): DeferredMaterialProgress {
  const { supplying: _s, ...progress } = material;
  return progress;
}

/** Deferred materials a step still waits for: not supplied (a supply being stored still counts as missing). */
export function missingFor(materials: Iterable<DeferredMaterialState>, stepKey: string): DeferredMaterialState[] {
  return [...materials].filter((m) => m.stepKeys.includes(stepKey) && m.suppliedAt === undefined);
}

/** A step that needs a deferred material cannot be approved before the material arrives. */
export function refuseApprovalWhileMissing(
  materials: Iterable<DeferredMaterialState>,
  request: Pick<DecisionRequest, 'stepKey' | 'outcome'>,
): Refusal | undefined {
  if (request.outcome !== 'approve') return undefined;
  const missing = missingFor(materials, request.stepKey);
  if (missing.length === 0) return undefined;
  const list = missing.map((m) => `"${m.name}" (${m.code})${m.dueAt ? `, due by ${m.dueAt}` : ''}`).join('; ');
  return {
    code: ApplicationErrorCode.DeferredMaterialMissing,
    message: `step "${request.stepKey}" cannot be approved before the enterprise supplies the deferred material ${list}`,
  };
}

/**
 * A supply is taken while the case is open, for a material deferred on it. The same file again is
 * accepted (a retry: it changes nothing); another file once one is supplied or being stored is refused.
 */
export function refuseSupply(
  material: DeferredMaterialState | undefined,
  request: SupplyMaterialRequest,
  state: CaseState,
): Refusal | undefined {
  if (state.closed || state.withdrawing) {
    return {
      code: ApplicationErrorCode.ApplicationClosed,
      message: `the application is ${state.status}; nothing can be supplied`,
    };
  }
  if (!material) {
    return {
      code: ApplicationErrorCode.MaterialNotDeferred,
      message: `"${request.materialCode}" was not deferred at filing on this application`,
    };
  }
  const current = material.fileId ?? material.supplying;
  if (current !== undefined && current !== request.fileId) {
    return {
      code: ApplicationErrorCode.MaterialAlreadySupplied,
      message: `"${material.code}" was already supplied with another file`,
    };
  }
  return undefined;
}
