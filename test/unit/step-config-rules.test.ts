import { defaultStepConfig, type FormField, type StepConfig } from '../../libs/domain/service/step-config';
import { validateStepConfig } from '../../libs/domain/service/step-config.rules';

const field = (overrides: Partial<FormField> = {}): FormField => ({
  key: 'seating_area_m2',
  label: { zh: '营业面积', en: 'Seating area' },
  type: 'area_m2',
  required: true,
  ...overrides,
});

const paths = (config: StepConfig, at = '') => validateStepConfig(config, at).map((p) => p.path);

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
      { path: 'timeLimitDays', message: expect.stringContaining('from 1 to 365') },
    ]);
  });

  test('the statutory limit may not be shorter than the promised limit', () => {
    expect(validateStepConfig(defaultStepConfig({ timeLimitDays: 10, statutoryLimitDays: 5 }))).toEqual([
      {
        path: 'statutoryLimitDays',
        message: expect.stringContaining('cannot be shorter than the promised time limit (10)'),
      },
    ]);
  });

  test('problems are located under the given path', () => {
    expect(paths(defaultStepConfig({ timeLimitDays: 0 }), 'steps.fire-safety.config')).toEqual([
      'steps.fire-safety.config.timeLimitDays',
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
      { path: 'materials[1].code', message: expect.stringContaining('"Plan B" must start with a lowercase letter') },
      { path: 'materials[1].maxBytes', message: expect.stringContaining('greater than 0') },
      { path: 'materials[2].code', message: 'duplicate material code "plan" (also materials[0])' },
      { path: 'materials[2].name', message: 'must not be blank' },
    ]);
  });

  test('field keys must be well-formed and unique', () => {
    const problems = validateStepConfig(
      defaultStepConfig({ fields: [field(), field({ key: 'Seating-Area' }), field()] }),
    );
    expect(problems).toEqual([
      { path: 'fields[1].key', message: expect.stringContaining('"Seating-Area" must start with a lowercase letter') },
      { path: 'fields[2].key', message: 'duplicate field key "seating_area_m2" (also fields[0])' },
    ]);
  });

  test('both labels are required', () => {
    expect(paths(defaultStepConfig({ fields: [field({ label: { zh: '', en: '  ' } })] }))).toEqual([
      'fields[0].label.zh',
      'fields[0].label.en',
    ]);
  });

  test('an enum needs options, each once', () => {
    expect(validateStepConfig(defaultStepConfig({ fields: [field({ type: 'enum', rules: {} })] }))).toEqual([
      { path: 'fields[0].rules.options', message: 'an enum field needs at least one option' },
    ]);
    expect(
      validateStepConfig(defaultStepConfig({ fields: [field({ type: 'enum', rules: { options: ['a', 'b', 'a'] } })] })),
    ).toEqual([{ path: 'fields[0].rules.options[2]', message: 'option "a" is listed twice' }]);
  });

  test('options on a field that is not an enum are refused', () => {
    expect(paths(defaultStepConfig({ fields: [field({ rules: { options: ['x'] } })] }))).toEqual([
      'fields[0].rules.options',
    ]);
  });

  test('min may not exceed max', () => {
    expect(validateStepConfig(defaultStepConfig({ fields: [field({ rules: { min: 200, max: 100 } })] }))).toEqual([
      { path: 'fields[0].rules.min', message: 'min (200) is greater than max (100)' },
    ]);
  });

  test('min and max do not apply to a boolean field', () => {
    expect(paths(defaultStepConfig({ fields: [field({ type: 'boolean', rules: { min: 1 } })] }))).toEqual([
      'fields[0].rules',
    ]);
  });

  test('a pattern must compile on its own and stay short', () => {
    const text = (pattern: string) => field({ key: 'shop_name', type: 'text', rules: { pattern } });
    expect(validateStepConfig(defaultStepConfig({ fields: [text('[a-z')] }))).toEqual([
      { path: 'fields[0].rules.pattern', message: expect.stringContaining('is not a valid regular expression') },
    ]);
    // Compiles only once wrapped as ^(?:…)$, where it would mean something else.
    expect(paths(defaultStepConfig({ fields: [text('a)|(b')] }))).toEqual(['fields[0].rules.pattern']);
    expect(validateStepConfig(defaultStepConfig({ fields: [text('a'.repeat(201))] }))).toEqual([
      { path: 'fields[0].rules.pattern', message: 'must be 1 to 200 characters' },
    ]);
  });

  test('a pattern on a number field is refused', () => {
    expect(paths(defaultStepConfig({ fields: [field({ rules: { pattern: '\\d+' } })] }))).toEqual([
      'fields[0].rules.pattern',
    ]);
  });

  test('at least one reviewer, a whole number', () => {
    expect(paths(defaultStepConfig({ handling: { reviewers: 0 } }))).toEqual(['handling.reviewers']);
    expect(paths(defaultStepConfig({ handling: { reviewers: 1.5 } }))).toEqual(['handling.reviewers']);
  });

  test.each([-0.1, 1.1])('a post-check rate of %p is refused', (rate) => {
    expect(paths(defaultStepConfig({ pledge: { allowed: true, postCheckRate: rate } }))).toEqual([
      'pledge.postCheckRate',
    ]);
  });

  test('the supervision ladder takes whole working days: a warning from 0 (none) up to the limit, a red card at least one day after it', () => {
    expect(paths(defaultStepConfig({ timeLimitDays: 3, supervision: { warnBeforeDays: 0, redAfterDays: 1 } }))).toEqual(
      [],
    );
    expect(paths(defaultStepConfig({ timeLimitDays: 3, supervision: { warnBeforeDays: 3 } }))).toEqual([]);
    expect(validateStepConfig(defaultStepConfig({ timeLimitDays: 3, supervision: { warnBeforeDays: 4 } }))).toEqual([
      {
        path: 'supervision.warnBeforeDays',
        message: 'cannot be longer than the time limit itself (3 working days)',
      },
    ]);
    expect(
      paths(defaultStepConfig({ timeLimitDays: 3, supervision: { warnBeforeDays: 1.5, redAfterDays: 0 } })),
    ).toEqual(['supervision.warnBeforeDays', 'supervision.redAfterDays']);
    expect(paths(defaultStepConfig({ supervision: { warnBeforeDays: -1 } }))).toEqual(['supervision.warnBeforeDays']);
  });

  test('a red card is for escalate only: deemed approval ends the step at the limit', () => {
    expect(
      validateStepConfig(defaultStepConfig({ timeoutPolicy: 'deemed_approval', supervision: { redAfterDays: 2 } })),
    ).toEqual([
      {
        path: 'supervision.redAfterDays',
        message: 'applies only to timeoutPolicy "escalate"; leave it out for deemed_approval',
      },
    ]);
    expect(paths(defaultStepConfig({ timeoutPolicy: 'deemed_approval', supervision: { warnBeforeDays: 1 } }))).toEqual(
      [],
    );
  });

  test('deferring materials needs a supply deadline of at least one working day', () => {
    expect(paths(defaultStepConfig({ deferrable: { allowed: true, supplyWithinDays: 0 } }))).toEqual([
      'deferrable.supplyWithinDays',
    ]);
    // Not allowed: the deadline is not used, so 0 is fine.
    expect(paths(defaultStepConfig({ deferrable: { allowed: false, supplyWithinDays: 0 } }))).toEqual([]);
  });
});
