import { compressedClock } from '../../libs/domain/calendar/working-clock';
import { caseFacts } from '../../libs/domain/reports/case-facts';
import { deferredMaterialPlans, deferredMaterialProblems } from '../../libs/domain/application/deferred-materials';
import type { ServiceVersionSnapshot } from '../../libs/domain/service/service-version';
import { defaultStepConfig, type StepConfig } from '../../libs/domain/service/step-config';
import { refuseApprovalWhileMissing, initialDeferredMaterials } from '../../workflows/deferred-materials';

const step = (key: string, config: Partial<StepConfig>) => ({
  key,
  departmentCode: key,
  after: [],
  config: defaultStepConfig(config),
});

const version: Pick<ServiceVersionSnapshot, 'steps'> = {
  steps: [
    step('market', {
      materials: [
        { code: 'application', name: '申请书', kind: 'core' },
        { code: 'health', name: '健康证明', kind: 'non-core' },
        { code: 'lease', name: '租赁合同', kind: 'non-core' },
      ],
      deferrable: { allowed: true, supplyWithinDays: 5 },
    }),
    step('health', {
      materials: [{ code: 'health', name: '健康证明', kind: 'non-core' }],
      deferrable: { allowed: true, supplyWithinDays: 3 },
    }),
    step('fire', {
      materials: [
        { code: 'plan', name: '平面图', kind: 'non-core' },
        { code: 'lease', name: '租赁合同', kind: 'non-core' },
      ],
      deferrable: { allowed: false, supplyWithinDays: 0 },
    }),
    step('alcohol', {
      materials: [{ code: 'licence', name: '酒类许可', kind: 'non-core' }],
      deferrable: { allowed: true, supplyWithinDays: 2 },
      includeWhen: { field: 'alcohol', op: 'eq', value: true },
    }),
  ],
};

const rules = (deferred: string[], form: Record<string, unknown> = { alcohol: false }, filed: string[] = []) =>
  deferredMaterialProblems(
    version,
    form,
    filed.map((code) => ({ code, content: 'x' })),
    deferred,
  ).map((p) => [p.path, p.rule]);

describe('deferred materials at filing (容缺受理)', () => {
  test('a non-core material every applicable step lets be deferred is accepted', () => {
    expect(rules(['health'])).toEqual([]);
  });

  test('each refused deferral names deferredMaterials[i] and its rule', () => {
    expect(rules(['application', 'plan', 'nope', 'health', 'health'])).toEqual([
      ['deferredMaterials[0]', 'DEFERRED_MATERIAL_CORE'],
      ['deferredMaterials[1]', 'DEFERRAL_NOT_ALLOWED'],
      ['deferredMaterials[2]', 'UNKNOWN_MATERIAL'],
      ['deferredMaterials[4]', 'DUPLICATE_ENTRY'],
    ]);
  });

  test('a material needed by a step that does not allow deferral cannot be deferred, even if another step allows it', () => {
    const [problem] = deferredMaterialProblems(version, { alcohol: false }, [], ['lease']);
    expect(problem).toMatchObject({ path: 'deferredMaterials[0]', rule: 'DEFERRAL_NOT_ALLOWED' });
    expect(problem.message).toContain('"fire"');
  });

  test('a material both filed and deferred is refused', () => {
    expect(rules(['health'], { alcohol: false }, ['health'])).toEqual([
      ['deferredMaterials[0]', 'DEFERRED_MATERIAL_ALSO_FILED'],
    ]);
  });

  test('a material only a skipped step needs is not needed, so not deferred', () => {
    expect(rules(['licence'], { alcohol: false })).toEqual([['deferredMaterials[0]', 'DEFERRED_MATERIAL_NOT_NEEDED']]);
    expect(rules(['licence'], { alcohol: true })).toEqual([]);
  });

  test('when several steps need the material, the shortest supplyWithinDays is the deadline and each of them waits for it', () => {
    expect(deferredMaterialPlans(version, { alcohol: false }, ['health'])).toEqual([
      { code: 'health', name: '健康证明', stepKeys: ['market', 'health'], supplyWithinDays: 3 },
    ]);
  });

  test('approval of a step waiting for a missing material is refused with the material named; other outcomes are not', () => {
    const materials = initialDeferredMaterials(deferredMaterialPlans(version, { alcohol: false }, ['health']));
    const refusal = refuseApprovalWhileMissing(materials.values(), { stepKey: 'health', outcome: 'approve' });
    expect(refusal).toMatchObject({ code: 'DEFERRED_MATERIAL_MISSING' });
    expect(refusal!.message).toContain('健康证明');
    expect(refuseApprovalWhileMissing(materials.values(), { stepKey: 'health', outcome: 'reject' })).toBeUndefined();
    expect(refuseApprovalWhileMissing(materials.values(), { stepKey: 'fire', outcome: 'approve' })).toBeUndefined();
    materials.get('health')!.suppliedAt = new Date().toISOString();
    expect(refuseApprovalWhileMissing(materials.values(), { stepKey: 'health', outcome: 'approve' })).toBeUndefined();
  });
});

describe('the reports replay a case terminated for a missing deferred material', () => {
  test('the deferral events are ignored and the cancelled rounds end where the termination cancelled them', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 2, minute)).toISOString();
    const facts = caseFacts(
      {
        applicationId: 'a1',
        serviceCode: 'svc',
        steps: [{ key: 'licence', departmentCode: 'market', after: [] }],
        events: [
          { at: at(0), kind: 'filed' },
          { at: at(0), kind: 'material_deferred', data: { materialCode: 'health', dueAt: at(30) } },
          { at: at(1), kind: 'step_started', stepKey: 'licence', round: 1 },
          { at: at(1), kind: 'task_created', stepKey: 'licence', round: 1, data: { departmentCode: 'market' } },
          { at: at(5), kind: 'claimed', stepKey: 'licence', round: 1 },
          { at: at(30), kind: 'material_overdue', data: { materialCode: 'health', dueAt: at(30) } },
          { at: at(30), kind: 'step_cancelled', stepKey: 'licence', round: 1, data: { reason: 'deferred material' } },
          { at: at(30), kind: 'terminated', data: { status: 'terminated', reason: 'deferred material' } },
        ],
      },
      compressedClock(60),
    );
    expect(facts.rounds).toHaveLength(1);
    expect(facts.rounds[0]).toMatchObject({ endedAt: new Date(at(30)), decidedAt: null, outcome: null });
    expect(facts.rounds[0].queue.ms).toBe(4 * 60_000);
    expect(facts.rounds[0].handling.ms).toBe(25 * 60_000);
  });
});
