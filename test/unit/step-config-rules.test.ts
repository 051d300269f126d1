import { defaultStepConfig, type FormField, type StepConfig } from '../../libs/domain/service/step-config';
import { validateStepConfig } from '../../libs/domain/service/step-config.rules';

const field = (overrides: Partial<FormField> = {}): FormField => ({
  key: 'seating_area_m2',
  label: { zh: '营业面积', en: 'Seating area' },
  type: 'area_m2',
  required: true,
  ...overrides,
});

/** Where each problem is and which rule it names. */
const located = (config: StepConfig, at = '') => validateStepConfig(config, at).map((p) => [p.path, p.rule]);

describe('validateStepConfig', () => {
  test('a complete, sensible config has no problems', () => {
    const config = defaultStepConfig({
      timeLimitDays: 5,
      statutoryLimitDays: 20,
      materials: [
        { code: 'floor-plan', name: '消防平面图', kind: 'core', fileTypes: ['pdf'], maxBytes: 10_000_000 },
        { code: 'fume_plan', name: '油烟净化方案', kind: 'non-core' },
      ],
      fields: [
        field({ rules: { min: 0, max: 10_000 } }),
        field({
          key: 'cuisine',
          type: 'enum',
          label: { zh: '菜系', en: 'Cuisine' },
          rules: { options: ['zhe', 'chuan'] },
        }),
        field({
          key: 'shop_name',
          type: 'text',
          label: { zh: '店名', en: 'Shop name' },
          rules: { pattern: '[^<>]{1,50}' },
        }),
      ],
      handling: { group: 'food-safety', reviewers: 2 },
      pledge: { allowed: true, postCheckRate: 0.2 },
      deferrable: { allowed: true, supplyWithinDays: 10 },
    });
    expect(validateStepConfig(config)).toEqual([]);
  });

  test.each([0, 366, 2.5])('a time limit of %p working days is refused', (days) => {
    expect(validateStepConfig(defaultStepConfig({ timeLimitDays: days }))).toEqual([
      {
        path: 'timeLimitDays',
        rule: 'WORKING_DAYS_OUT_OF_RANGE',
        params: { min: 1, max: 365 },
        message: 'must be a whole number of working days from 1 to 365',
      },
    ]);
  });

  test('the statutory limit may not be shorter than the promised limit', () => {
    expect(validateStepConfig(defaultStepConfig({ timeLimitDays: 10, statutoryLimitDays: 5 }))).toEqual([
      {
        path: 'statutoryLimitDays',
        rule: 'STATUTORY_LIMIT_SHORTER',
        params: { statutory: 5, promised: 10 },
        message: 'the statutory limit (5) cannot be shorter than the promised time limit (10)',
      },
    ]);
  });

  test('problems are located under the given path', () => {
    expect(located(defaultStepConfig({ timeLimitDays: 0 }), 'steps.fire-safety.config')).toEqual([
      ['steps.fire-safety.config.timeLimitDays', 'WORKING_DAYS_OUT_OF_RANGE'],
    ]);
  });

  test('material codes must be well-formed and unique, and a size limit positive', () => {
    const problems = validateStepConfig(
      defaultStepConfig({
        materials: [
          { code: 'plan', name: 'A', kind: 'core' },
          { code: 'Plan B', name: 'B', kind: 'core', maxBytes: 0 },
          { code: 'plan', name: ' ', kind: 'non-core' },
        ],
      }),
    );
    expect(problems).toEqual([
      {
        path: 'materials[1].code',
        rule: 'KEY_FORMAT',
        params: { key: 'Plan B' },
        message: '"Plan B" must start with a lowercase letter and use only a-z, 0-9, "_" or "-" (max 63)',
      },
      {
        path: 'materials[1].maxBytes',
        rule: 'MAX_BYTES_NOT_POSITIVE',
        params: {},
        message: 'must be a whole number of bytes greater than 0',
      },
      {
        path: 'materials[2].code',
        rule: 'DUPLICATE_MATERIAL_CODE',
        params: { code: 'plan', first: 'materials[0]' },
        message: 'duplicate material code "plan" (also materials[0])',
      },
      { path: 'materials[2].name', rule: 'NOT_BLANK', params: {}, message: 'must not be blank' },
    ]);
  });

  test('field keys must be well-formed and unique', () => {
    const problems = validateStepConfig(
      defaultStepConfig({ fields: [field(), field({ key: 'Seating-Area' }), field()] }),
    );
    expect(problems).toEqual([
      {
        path: 'fields[1].key',
        rule: 'FIELD_KEY_FORMAT',
        params: { key: 'Seating-Area' },
        message: '"Seating-Area" must start with a lowercase letter and use only a-z, 0-9 or "_" (max 63)',
      },
      {
        path: 'fields[2].key',
        rule: 'DUPLICATE_FIELD_KEY',
        params: { key: 'seating_area_m2', first: 'fields[0]' },
        message: 'duplicate field key "seating_area_m2" (also fields[0])',
      },
    ]);
  });

  test('both labels are required', () => {
    expect(validateStepConfig(defaultStepConfig({ fields: [field({ label: { zh: '', en: '  ' } })] }))).toEqual([
      {
        path: 'fields[0].label.zh',
        rule: 'LABEL_ZH_BLANK',
        params: {},
        message: 'the Chinese label must not be blank',
      },
      {
        path: 'fields[0].label.en',
        rule: 'LABEL_EN_BLANK',
        params: {},
        message: 'the English label must not be blank',
      },
    ]);
  });

  test('an enum needs options, each once', () => {
    expect(validateStepConfig(defaultStepConfig({ fields: [field({ type: 'enum', rules: {} })] }))).toEqual([
      {
        path: 'fields[0].rules.options',
        rule: 'ENUM_NEEDS_OPTIONS',
        params: {},
        message: 'an enum field needs at least one option',
      },
    ]);
    expect(
      validateStepConfig(defaultStepConfig({ fields: [field({ type: 'enum', rules: { options: ['a', 'b', 'a'] } })] })),
    ).toEqual([
      {
        path: 'fields[0].rules.options[2]',
        rule: 'DUPLICATE_OPTION',
        params: { option: 'a' },
        message: 'option "a" is listed twice',
      },
    ]);
  });

  test('options on a field that is not an enum are refused', () => {
    expect(validateStepConfig(defaultStepConfig({ fields: [field({ rules: { options: ['x'] } })] }))).toEqual([
      {
        path: 'fields[0].rules.options',
        rule: 'OPTIONS_ONLY_FOR_ENUM',
        params: { field: 'seating_area_m2', type: 'area_m2' },
        message: 'options apply only to enum fields; "seating_area_m2" is area_m2',
      },
    ]);
  });

  test('min may not exceed max', () => {
    expect(validateStepConfig(defaultStepConfig({ fields: [field({ rules: { min: 200, max: 100 } })] }))).toEqual([
      {
        path: 'fields[0].rules.min',
        rule: 'MIN_ABOVE_MAX',
        params: { min: 200, max: 100 },
        message: 'min (200) is greater than max (100)',
      },
    ]);
  });

  test('min and max do not apply to a boolean field', () => {
    expect(located(defaultStepConfig({ fields: [field({ type: 'boolean', rules: { min: 1 } })] }))).toEqual([
      ['fields[0].rules', 'BOUNDS_NOT_APPLICABLE'],
    ]);
  });

  test('a pattern must compile on its own and stay short', () => {
    const text = (pattern: string) => field({ key: 'shop_name', type: 'text', rules: { pattern } });
    expect(validateStepConfig(defaultStepConfig({ fields: [text('[a-z')] }))).toEqual([
      {
        path: 'fields[0].rules.pattern',
        rule: 'PATTERN_INVALID',
        // The engine's own words, passed on as they are.
        params: { error: expect.stringContaining('[a-z') },
        message: expect.stringMatching(/^is not a valid regular expression: .*\[a-z/),
      },
    ]);
    // Compiles only once wrapped as ^(?:…)$, where it would mean something else.
    expect(located(defaultStepConfig({ fields: [text('a)|(b')] }))).toEqual([
      ['fields[0].rules.pattern', 'PATTERN_INVALID'],
    ]);
    expect(validateStepConfig(defaultStepConfig({ fields: [text('a'.repeat(201))] }))).toEqual([
      {
        path: 'fields[0].rules.pattern',
        rule: 'LENGTH_OUT_OF_RANGE',
        params: { min: 1, max: 200 },
        message: 'must be 1 to 200 characters',
      },
    ]);
  });

  test('a pattern on a number field is refused', () => {
    expect(located(defaultStepConfig({ fields: [field({ rules: { pattern: '\\d+' } })] }))).toEqual([
      ['fields[0].rules.pattern', 'PATTERN_NOT_APPLICABLE'],
    ]);
  });

  test('at least one reviewer, a whole number', () => {
    expect(validateStepConfig(defaultStepConfig({ handling: { reviewers: 0 } }))).toEqual([
      {
        path: 'handling.reviewers',
        rule: 'REVIEWERS_OUT_OF_RANGE',
        params: { min: 1, max: 20 },
        message: 'must be a whole number of reviewers from 1 to 20',
      },
    ]);
    expect(located(defaultStepConfig({ handling: { reviewers: 1.5 } }))).toEqual([
      ['handling.reviewers', 'REVIEWERS_OUT_OF_RANGE'],
    ]);
  });

  test.each([-0.1, 1.1])('a post-check rate of %p is refused', (rate) => {
    expect(validateStepConfig(defaultStepConfig({ pledge: { allowed: true, postCheckRate: rate } }))).toEqual([
      { path: 'pledge.postCheckRate', rule: 'SHARE_OUT_OF_RANGE', params: {}, message: 'must be a share from 0 to 1' },
    ]);
  });

  test('the supervision ladder takes whole working days: a warning from 0 (none) up to the limit, a red card at least one day after it', () => {
    expect(
      located(defaultStepConfig({ timeLimitDays: 3, supervision: { warnBeforeDays: 0, redAfterDays: 1 } })),
    ).toEqual([]);
    expect(located(defaultStepConfig({ timeLimitDays: 3, supervision: { warnBeforeDays: 3 } }))).toEqual([]);
    expect(validateStepConfig(defaultStepConfig({ timeLimitDays: 3, supervision: { warnBeforeDays: 4 } }))).toEqual([
      {
        path: 'supervision.warnBeforeDays',
        rule: 'WARNING_BEYOND_LIMIT',
        params: { days: 3 },
        message: 'cannot be longer than the time limit itself (3 working days)',
      },
    ]);
    expect(
      validateStepConfig(
        defaultStepConfig({ timeLimitDays: 3, supervision: { warnBeforeDays: 1.5, redAfterDays: 0 } }),
      ),
    ).toEqual([
      {
        path: 'supervision.warnBeforeDays',
        rule: 'WARNING_DAYS_OUT_OF_RANGE',
        params: { max: 365 },
        message: 'must be a whole number of working days from 0 (no warning) to 365',
      },
      {
        path: 'supervision.redAfterDays',
        rule: 'WORKING_DAYS_OUT_OF_RANGE',
        params: { min: 1, max: 365 },
        message: 'must be a whole number of working days from 1 to 365',
      },
    ]);
    expect(located(defaultStepConfig({ supervision: { warnBeforeDays: -1 } }))).toEqual([
      ['supervision.warnBeforeDays', 'WARNING_DAYS_OUT_OF_RANGE'],
    ]);
  });

  test('a red card is for escalate only: deemed approval ends the step at the limit', () => {
    expect(
      validateStepConfig(defaultStepConfig({ timeoutPolicy: 'deemed_approval', supervision: { redAfterDays: 2 } })),
    ).toEqual([
      {
        path: 'supervision.redAfterDays',
        rule: 'RED_CARD_ONLY_FOR_ESCALATE',
        params: {},
        message: 'applies only to timeoutPolicy "escalate"; leave it out for deemed_approval',
      },
    ]);
    expect(
      located(defaultStepConfig({ timeoutPolicy: 'deemed_approval', supervision: { warnBeforeDays: 1 } })),
    ).toEqual([]);
  });

  test('deferring materials needs a supply deadline of at least one working day', () => {
    expect(validateStepConfig(defaultStepConfig({ deferrable: { allowed: true, supplyWithinDays: 0 } }))).toEqual([
      {
        path: 'deferrable.supplyWithinDays',
        rule: 'SUPPLY_DEADLINE_REQUIRED',
        params: { max: 365 },
        message: 'deferred materials need a supply deadline: a whole number of working days from 1 to 365',
      },
    ]);
    // Not allowed: the deadline is not used, so 0 is fine.
    expect(located(defaultStepConfig({ deferrable: { allowed: false, supplyWithinDays: 0 } }))).toEqual([]);
  });
});
