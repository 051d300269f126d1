import { pathsOverLimit, validateDraftForPublish } from '../../libs/domain/service/publish-validation';
import type { DraftStep, ServiceDraft } from '../../libs/domain/service/service-draft';
import { defaultStepConfig, type FormField, type StepConfig } from '../../libs/domain/service/step-config';

const DEPARTMENTS = ['market', 'fire', 'health', 'tax'];

const step = (
  key: string,
  departmentCode: string,
  after: string[],
  config: StepConfig | null = defaultStepConfig(),
): DraftStep => ({
  key,
  departmentCode,
  after,
  config,
  revision: 1,
});

const draft = (steps: DraftStep[], overallLimitDays = 20): ServiceDraft => ({
  name: 'Bakery opening',
  overallLimitDays,
  routeRevision: 1,
  steps,
});

const area: FormField = {
  key: 'seating_area_m2',
  label: { zh: '营业面积', en: 'Seating area' },
  type: 'area_m2',
  required: true,
};
const alcohol: FormField = {
  key: 'serves_alcohol',
  label: { zh: '是否售酒', en: 'Serves alcohol' },
  type: 'boolean',
  required: true,
};

describe('validateDraftForPublish', () => {
  test('a complete draft on known departments has no problems', () => {
    const problems = validateDraftForPublish(
      draft([
        step('business-licence', 'market', [], defaultStepConfig({ fields: [area, alcohol] })),
        step(
          'fire-safety',
          'fire',
          [],
          defaultStepConfig({ includeWhen: { field: 'seating_area_m2', op: 'gt', value: 150 } }),
        ),
        step('health-permit', 'health', ['business-licence', 'fire-safety'], defaultStepConfig({ fields: [area] })),
      ]),
      DEPARTMENTS,
    );
    expect(problems).toEqual([]);
  });

  test('a blank name and an overall limit under one working day are refused', () => {
    const problems = validateDraftForPublish(
      { ...draft([step('a', 'market', [], defaultStepConfig({ timeLimitDays: 1 }))], 1.5), name: '  ' },
      DEPARTMENTS,
    );
    expect(problems).toEqual([
      { path: 'name', rule: 'NOT_BLANK', params: {}, message: 'must not be blank' },
      {
        path: 'overallLimitDays',
        rule: 'OVERALL_LIMIT_TOO_SHORT',
        params: { min: 1 },
        message: 'must be a whole number of working days, 1 or more',
      },
    ]);
  });

  test('a cycle is reported with the steps on it', () => {
    const problems = validateDraftForPublish(
      draft([step('a', 'market', ['c']), step('b', 'fire', ['a']), step('c', 'tax', ['b'])]),
      DEPARTMENTS,
    );
    expect(problems).toEqual([
      {
        path: 'steps',
        rule: 'ROUTE_CYCLE',
        params: { cycle: 'a → b → c → a' },
        message: 'the route has a cycle: a → b → c → a',
      },
    ]);
  });

  test('route problems name the step by key', () => {
    const problems = validateDraftForPublish(draft([step('a', 'market', ['ghost'])]), DEPARTMENTS);
    expect(problems).toEqual([
      { path: 'steps.a.after[0]', rule: 'UNKNOWN_STEP', params: { step: 'ghost' }, message: 'unknown step "ghost"' },
    ]);
  });

  test('an unknown department is reported on its step', () => {
    expect(validateDraftForPublish(draft([step('a', 'aviation', [])]), DEPARTMENTS)).toEqual([
      {
        path: 'steps.a.departmentCode',
        rule: 'UNKNOWN_DEPARTMENT',
        params: { department: 'aviation' },
        message: 'department "aviation" does not exist',
      },
    ]);
  });

  test('an unconfigured step names the department that must configure it', () => {
    expect(
      validateDraftForPublish(draft([step('a', 'market', []), step('b', 'fire', ['a'], null)]), DEPARTMENTS),
    ).toEqual([
      {
        path: 'steps.b.config',
        rule: 'STEP_NOT_CONFIGURED',
        params: { step: 'b', department: 'fire' },
        message: 'step "b" is not configured yet; the CIO of department "fire" must configure it',
      },
    ]);
  });

  test('each step config is checked under its own path', () => {
    expect(
      validateDraftForPublish(draft([step('a', 'market', [], defaultStepConfig({ timeLimitDays: 0 }))]), DEPARTMENTS),
    ).toEqual([
      {
        path: 'steps.a.config.timeLimitDays',
        rule: 'WORKING_DAYS_OUT_OF_RANGE',
        params: { min: 1, max: 365 },
        message: 'must be a whole number of working days from 1 to 365',
      },
    ]);
  });

  test('conflicting definitions of one field name both steps', () => {
    const problems = validateDraftForPublish(
      draft([
        step('a', 'market', [], defaultStepConfig({ fields: [area] })),
        step('b', 'fire', [], defaultStepConfig({ fields: [{ ...area, type: 'number' }] })),
      ]),
      DEPARTMENTS,
    );
    expect(problems).toEqual([
      {
        path: 'steps.b.config.fields[0]',
        rule: 'FIELD_DEFINED_DIFFERENTLY',
        params: { field: 'seating_area_m2', first: 'a', step: 'b' },
        message:
          'field "seating_area_m2" is defined differently by steps "a" and "b" (type, label and rules must match)',
      },
    ]);
  });

  test('conflicting definitions of one material name both steps', () => {
    const problems = validateDraftForPublish(
      draft([
        step('a', 'market', [], defaultStepConfig({ materials: [{ code: 'lease', name: '租赁合同', kind: 'core' }] })),
        step(
          'b',
          'fire',
          [],
          defaultStepConfig({ materials: [{ code: 'lease', name: '租赁合同', kind: 'non-core' }] }),
        ),
      ]),
      DEPARTMENTS,
    );
    expect(problems).toEqual([
      {
        path: 'steps.b.config.materials[0]',
        rule: 'MATERIAL_DEFINED_DIFFERENTLY',
        params: { material: 'lease', first: 'a', step: 'b' },
        message:
          'material "lease" is defined differently by steps "a" and "b" (kind, file types and size limit must match)',
      },
    ]);
  });

  test("a condition may use another step's field, but not an unknown one", () => {
    const ok = validateDraftForPublish(
      draft([
        step('a', 'market', [], defaultStepConfig({ fields: [alcohol] })),
        step('b', 'fire', [], defaultStepConfig({ includeWhen: { field: 'serves_alcohol', op: 'eq', value: true } })),
      ]),
      DEPARTMENTS,
    );
    expect(ok).toEqual([]);
    const unknown = validateDraftForPublish(
      draft([step('b', 'fire', [], defaultStepConfig({ includeWhen: { field: 'floors', op: 'gt', value: 2 } }))]),
      DEPARTMENTS,
    );
    expect(unknown).toEqual([
      {
        path: 'steps.b.config.includeWhen.field',
        rule: 'CONDITION_UNKNOWN_FIELD',
        params: { field: 'floors' },
        message: 'no form field "floors" in this service',
      },
    ]);
  });

  test('a condition must fit the type of its field', () => {
    const problems = validateDraftForPublish(
      draft([
        step('a', 'market', [], defaultStepConfig({ fields: [alcohol] })),
        step(
          'b',
          'fire',
          [],
          defaultStepConfig({ includeWhen: { any: [{ field: 'serves_alcohol', op: 'gt', value: 1 }] } }),
        ),
      ]),
      DEPARTMENTS,
    );
    expect(problems).toEqual([
      {
        path: 'steps.b.config.includeWhen.any[0].op',
        rule: 'CONDITION_OPERATOR_NEEDS_ORDER',
        params: { op: 'gt', field: 'serves_alcohol', type: 'boolean' },
        message: '"gt" needs a number, area, money or date field; "serves_alcohol" is boolean',
      },
    ]);
  });

  test('step limits along a path may not exceed the overall limit; the path is named', () => {
    const problems = validateDraftForPublish(
      draft(
        [
          step('business-licence', 'market', [], defaultStepConfig({ timeLimitDays: 3 })),
          step('fire-safety', 'fire', [], defaultStepConfig({ timeLimitDays: 2 })),
          step('health-permit', 'health', ['business-licence', 'fire-safety'], defaultStepConfig({ timeLimitDays: 5 })),
          step('tax-registration', 'tax', ['health-permit'], defaultStepConfig({ timeLimitDays: 2 })),
        ],
        8,
      ),
      DEPARTMENTS,
    );
    expect(problems).toEqual([
      {
        path: 'overallLimitDays',
        rule: 'PATH_EXCEEDS_OVERALL_LIMIT',
        params: { path: 'business-licence → health-permit → tax-registration', days: 10, limit: 8 },
        message:
          'business-licence → health-permit → tax-registration takes 10 working days, more than the overall limit of 8',
      },
    ]);
  });

  test('every problem is listed at once', () => {
    const problems = validateDraftForPublish(
      draft([step('a', 'aviation', [], null), step('b', 'fire', ['a'], defaultStepConfig({ timeLimitDays: 400 }))], 5),
      DEPARTMENTS,
    );
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ['steps.a.departmentCode', 'UNKNOWN_DEPARTMENT'],
      ['steps.a.config', 'STEP_NOT_CONFIGURED'],
      ['steps.b.config.timeLimitDays', 'WORKING_DAYS_OUT_OF_RANGE'],
      ['overallLimitDays', 'PATH_EXCEEDS_OVERALL_LIMIT'],
    ]);
  });
});

describe('pathsOverLimit', () => {
  test('parallel steps do not add up; each end of the route gets its longest chain', () => {
    const steps = [
      step('a', 'market', [], defaultStepConfig({ timeLimitDays: 4 })),
      step('b', 'fire', [], defaultStepConfig({ timeLimitDays: 6 })),
      step('c', 'health', ['a', 'b'], defaultStepConfig({ timeLimitDays: 3 })),
      step('d', 'tax', ['a'], defaultStepConfig({ timeLimitDays: 1 })),
    ];
    expect(pathsOverLimit(steps, 9)).toEqual([]);
    expect(pathsOverLimit(steps, 4)).toEqual([
      { keys: ['b', 'c'], days: 9 },
      { keys: ['a', 'd'], days: 5 },
    ]);
  });

  test('an unconfigured step counts as zero but stays on the path', () => {
    expect(
      pathsOverLimit(
        [step('a', 'market', [], null), step('b', 'fire', ['a'], defaultStepConfig({ timeLimitDays: 6 }))],
        5,
      ),
    ).toEqual([{ keys: ['a', 'b'], days: 6 }]);
  });
});
