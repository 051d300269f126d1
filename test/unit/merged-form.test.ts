import { mergeFormFields, mergeMaterials } from '../../libs/domain/service/merged-form';
import {
  defaultStepConfig,
  type FormField,
  type MaterialRequirement,
  type StepConfig,
} from '../../libs/domain/service/step-config';

const step = (key: string, config: Partial<StepConfig>) => ({ key, config: defaultStepConfig(config) });

const area = (overrides: Partial<FormField> = {}): FormField => ({
  key: 'seating_area_m2',
  label: { zh: '营业面积', en: 'Seating area' },
  type: 'area_m2',
  required: false,
  rules: { min: 1, max: 10_000 },
  ...overrides,
});
const alcohol: FormField = {
  key: 'serves_alcohol',
  label: { zh: '是否售酒', en: 'Serves alcohol' },
  type: 'boolean',
  required: true,
};
const shopName: FormField = {
  key: 'shop_name',
  label: { zh: '店名', en: 'Shop name' },
  type: 'text',
  required: true,
};

const floorPlan = (overrides: Partial<MaterialRequirement> = {}): MaterialRequirement => ({
  code: 'floor-plan',
  name: '平面图',
  kind: 'core',
  fileTypes: ['pdf'],
  maxBytes: 10_000_000,
  ...overrides,
});
const licence: MaterialRequirement = { code: 'business-licence', name: '营业执照', kind: 'core' };
const photos: MaterialRequirement = { code: 'shop-photos', name: '门店照片', kind: 'non-core' };

describe('mergeFormFields', () => {
  test('no steps, or steps without fields, give an empty form and no problems', () => {
    expect(mergeFormFields([])).toEqual({ fields: [], problems: [] });
    expect(mergeFormFields([step('a', {}), step('b', {})])).toEqual({ fields: [], problems: [] });
  });

  test('distinct fields are all kept, in step order, each with the step that asks for it', () => {
    const { fields, problems } = mergeFormFields([
      step('market', { fields: [shopName, area()] }),
      step('fire', { fields: [alcohol] }),
    ]);
    expect(problems).toEqual([]);
    expect(fields).toEqual([
      { ...shopName, stepKeys: ['market'] },
      { ...area(), stepKeys: ['market'] },
      { ...alcohol, stepKeys: ['fire'] },
    ]);
  });

  test('the same key in two steps is one field listing both steps', () => {
    const { fields, problems } = mergeFormFields([
      step('market', { fields: [area()] }),
      step('fire', { fields: [alcohol, area()] }),
    ]);
    expect(problems).toEqual([]);
    expect(fields.map((f) => [f.key, f.stepKeys])).toEqual([
      ['seating_area_m2', ['market', 'fire']],
      ['serves_alcohol', ['fire']],
    ]);
  });

  test('the same key in three steps lists all three steps in order', () => {
    const { fields } = mergeFormFields([
      step('market', { fields: [area()] }),
      step('fire', { fields: [area()] }),
      step('health', { fields: [area()] }),
    ]);
    expect(fields).toHaveLength(1);
    expect(fields[0].stepKeys).toEqual(['market', 'fire', 'health']);
  });

  test('a shared field is required if any step requires it, whichever step comes first', () => {
    const optionalFirst = mergeFormFields([
      step('market', { fields: [area({ required: false })] }),
      step('fire', { fields: [area({ required: true })] }),
      step('health', { fields: [area({ required: false })] }),
    ]);
    expect(optionalFirst.problems).toEqual([]);
    expect(optionalFirst.fields[0].required).toBe(true);

    const requiredFirst = mergeFormFields([
      step('market', { fields: [area({ required: true })] }),
      step('fire', { fields: [area({ required: false })] }),
    ]);
    expect(requiredFirst.fields[0].required).toBe(true);
  });

  test('a shared field is optional when no step requires it', () => {
    const { fields } = mergeFormFields([
      step('market', { fields: [area({ required: false })] }),
      step('fire', { fields: [area({ required: false })] }),
    ]);
    expect(fields[0].required).toBe(false);
  });

  test('differing only in required is not a conflict', () => {
    expect(
      mergeFormFields([
        step('market', { fields: [area({ required: false })] }),
        step('fire', { fields: [area({ required: true })] }),
      ]).problems,
    ).toEqual([]);
  });

  test('rules left out and empty rules are the same definition', () => {
    expect(
      mergeFormFields([
        step('market', { fields: [area({ rules: undefined })] }),
        step('fire', { fields: [area({ rules: {} })] }),
      ]).problems,
    ).toEqual([]);
  });

  test('merging does not change the step configs it was given', () => {
    const market = step('market', { fields: [area({ required: false })] });
    const fire = step('fire', { fields: [area({ required: true })] });
    mergeFormFields([market, fire]);
    expect(market.config.fields[0]).toEqual(area({ required: false }));
    expect(market.config.fields[0]).not.toHaveProperty('stepKeys');
  });

  test.each([
    ['type', area({ type: 'number' })],
    ['Chinese label', area({ label: { zh: '使用面积', en: 'Seating area' } })],
    ['English label', area({ label: { zh: '营业面积', en: 'Floor area' } })],
    ['rules (max)', area({ rules: { min: 1, max: 500 } })],
    ['rules (none vs some)', area({ rules: undefined })],
  ])('a different %s is a conflict naming both steps, at the second definition', (_what, second) => {
    const { fields, problems } = mergeFormFields([
      step('market', { fields: [area()] }),
      step('fire', { fields: [alcohol, second] }),
    ]);
    expect(problems).toEqual([
      {
        path: 'steps.fire.config.fields[1]',
        rule: 'FIELD_DEFINED_DIFFERENTLY',
        params: { field: 'seating_area_m2', first: 'market', step: 'fire' },
        message:
          'field "seating_area_m2" is defined differently by steps "market" and "fire" (type, label and rules must match)',
      },
    ]);
    // The first definition is kept, and the conflicting step is not listed on it.
    expect(fields.find((f) => f.key === 'seating_area_m2')).toEqual({ ...area(), stepKeys: ['market'] });
  });

  test('a conflicting definition does not make the kept field required', () => {
    const { fields } = mergeFormFields([
      step('market', { fields: [area({ required: false })] }),
      step('fire', { fields: [area({ required: true, type: 'number' })] }),
    ]);
    expect(fields[0].required).toBe(false);
  });

  test('a third step conflicting with a field shared by two names the first step that defined it', () => {
    const { fields, problems } = mergeFormFields([
      step('market', { fields: [area()] }),
      step('fire', { fields: [area()] }),
      step('health', { fields: [shopName, alcohol, area({ type: 'money' })] }),
    ]);
    expect(problems).toEqual([
      {
        path: 'steps.health.config.fields[2]',
        rule: 'FIELD_DEFINED_DIFFERENTLY',
        params: { field: 'seating_area_m2', first: 'market', step: 'health' },
        message:
          'field "seating_area_m2" is defined differently by steps "market" and "health" (type, label and rules must match)',
      },
    ]);
    expect(fields.find((f) => f.key === 'seating_area_m2')?.stepKeys).toEqual(['market', 'fire']);
  });

  test('every conflict is reported, one per conflicting definition', () => {
    const { problems } = mergeFormFields([
      step('market', { fields: [area(), alcohol] }),
      step('fire', { fields: [area({ type: 'number' }), { ...alcohol, type: 'text' }] }),
      step('health', { fields: [area({ rules: { max: 5 } })] }),
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      'steps.fire.config.fields[0]',
      'steps.fire.config.fields[1]',
      'steps.health.config.fields[0]',
    ]);
    expect(problems[1].message).toBe(
      'field "serves_alcohol" is defined differently by steps "market" and "fire" (type, label and rules must match)',
    );
  });
});

describe('mergeMaterials', () => {
  test('no steps, or steps without materials, give no materials and no problems', () => {
    expect(mergeMaterials([])).toEqual({ materials: [], problems: [] });
    expect(mergeMaterials([step('a', {})])).toEqual({ materials: [], problems: [] });
  });

  test('distinct materials are all kept, in step order, each with the step that needs it', () => {
    const { materials, problems } = mergeMaterials([
      step('market', { materials: [licence, photos] }),
      step('fire', { materials: [floorPlan()] }),
    ]);
    expect(problems).toEqual([]);
    expect(materials).toEqual([
      { ...licence, stepKeys: ['market'] },
      { ...photos, stepKeys: ['market'] },
      { ...floorPlan(), stepKeys: ['fire'] },
    ]);
  });

  test('the same code in two steps is one material listing both steps', () => {
    const { materials, problems } = mergeMaterials([
      step('fire', { materials: [floorPlan()] }),
      step('health', { materials: [photos, floorPlan()] }),
    ]);
    expect(problems).toEqual([]);
    expect(materials.map((m) => [m.code, m.stepKeys])).toEqual([
      ['floor-plan', ['fire', 'health']],
      ['shop-photos', ['health']],
    ]);
  });

  test('file types and size limit left out match on both steps', () => {
    expect(
      mergeMaterials([step('market', { materials: [licence] }), step('tax', { materials: [{ ...licence }] })]).problems,
    ).toEqual([]);
  });

  test('a different name or description is not a conflict: the first definition is kept', () => {
    const { materials, problems } = mergeMaterials([
      step('fire', { materials: [floorPlan()] }),
      step('health', { materials: [floorPlan({ name: '店面平面图', description: 'with kitchen layout' })] }),
    ]);
    expect(problems).toEqual([]);
    expect(materials).toEqual([{ ...floorPlan(), stepKeys: ['fire', 'health'] }]);
  });

  test.each([
    ['kind', floorPlan({ kind: 'non-core' })],
    ['file types', floorPlan({ fileTypes: ['pdf', 'dwg'] })],
    ['file types (none vs some)', floorPlan({ fileTypes: undefined })],
    ['size limit', floorPlan({ maxBytes: 5_000_000 })],
    ['size limit (none vs some)', floorPlan({ maxBytes: undefined })],
  ])('a different %s is a conflict naming both steps, at the second definition', (_what, second) => {
    const { materials, problems } = mergeMaterials([
      step('fire', { materials: [floorPlan()] }),
      step('health', { materials: [photos, second] }),
    ]);
    expect(problems).toEqual([
      {
        path: 'steps.health.config.materials[1]',
        rule: 'MATERIAL_DEFINED_DIFFERENTLY',
        params: { material: 'floor-plan', first: 'fire', step: 'health' },
        message:
          'material "floor-plan" is defined differently by steps "fire" and "health" (kind, file types and size limit must match)',
      },
    ]);
    expect(materials.find((m) => m.code === 'floor-plan')).toEqual({ ...floorPlan(), stepKeys: ['fire'] });
  });

  test('a third step conflicting with a material shared by two names the first step that defined it', () => {
    const { materials, problems } = mergeMaterials([
      step('market', { materials: [licence] }),
      step('fire', { materials: [licence] }),
      step('tax', { materials: [{ ...licence, kind: 'non-core' }] }),
    ]);
    expect(problems).toEqual([
      {
        path: 'steps.tax.config.materials[0]',
        rule: 'MATERIAL_DEFINED_DIFFERENTLY',
        params: { material: 'business-licence', first: 'market', step: 'tax' },
        message:
          'material "business-licence" is defined differently by steps "market" and "tax" (kind, file types and size limit must match)',
      },
    ]);
    expect(materials[0].stepKeys).toEqual(['market', 'fire']);
  });
});

describe('definitions that differ only in how they are written are the same', () => {
  const field = (rules: Record<string, number>, label: Record<string, string>) => ({
    key: 'a',
    label: label as { zh: string; en: string },
    type: 'number' as const,
    required: true,
    rules,
  });

  test('rules and labels with their keys in another order do not conflict', () => {
    const { problems, fields } = mergeFormFields([
      { key: 's1', config: { fields: [field({ min: 1, max: 9 }, { zh: '甲', en: 'A' })], materials: [] } },
      { key: 's2', config: { fields: [field({ max: 9, min: 1 }, { en: 'A', zh: '甲' })], materials: [] } },
    ]);
    expect(problems).toEqual([]);
    expect(fields[0].stepKeys).toEqual(['s1', 's2']);
  });

  test('accepted file types in another order do not conflict', () => {
    const material = (fileTypes: string[]) => ({ code: 'plan', name: 'Plan', kind: 'core' as const, fileTypes });
    const { problems } = mergeMaterials([
      { key: 's1', config: { fields: [], materials: [material(['pdf', 'jpg'])] } },
      { key: 's2', config: { fields: [], materials: [material(['jpg', 'pdf'])] } },
    ]);
    expect(problems).toEqual([]);
  });
});
