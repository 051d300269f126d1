import {
  stepApplicability,
  validateFiling,
  type FiledMaterialRef,
} from '../../libs/domain/application/filing-validation';
import type { ServiceVersionSnapshot, VersionedStep } from '../../libs/domain/service/service-version';
import {
  defaultStepConfig,
  type Condition,
  type FieldType,
  type FormField,
  type MaterialRequirement,
  type StepConfig,
} from '../../libs/domain/service/step-config';

const field = (
  key: string,
  type: FieldType,
  label: [zh: string, en: string],
  required: boolean,
  rules?: FormField['rules'],
): FormField => ({ key, label: { zh: label[0], en: label[1] }, type, required, ...(rules ? { rules } : {}) });

const material = (code: string, name: string, kind: MaterialRequirement['kind']): MaterialRequirement => ({
  code,
  name,
  kind,
});

const shopName = field('shop_name', 'text', ['店名', 'Shop name'], true, { min: 2, max: 20 });
const seatingArea = field('seating_area_m2', 'area_m2', ['营业面积', 'Seating area'], true, { min: 1, max: 10_000 });
const businessType = field('business_type', 'enum', ['经营类型', 'Business type'], true, {
  options: ['bakery', 'bar', 'restaurant'],
});
const servesAlcohol = field('serves_alcohol', 'boolean', ['是否售酒', 'Serves alcohol'], true);
const openingDate = field('opening_date', 'date', ['开业日期', 'Opening date'], false);
const capital = field('registered_capital', 'money', ['注册资本', 'Registered capital'], false);
const staffCount = field('staff_count', 'number', ['从业人数', 'Staff count'], false, { min: 1, max: 500 });
const address = field('shop_address', 'address', ['经营地址', 'Shop address'], false);
const fireExits = field('fire_exits', 'number', ['安全出口数', 'Fire exits'], true, { min: 1 });
const foodLicence = field('food_licence_no', 'text', ['食品经营许可证号', 'Food licence no.'], true, {
  pattern: 'JY\\d{14}',
});
// Optional for the market, required by fire safety: required only when fire safety applies.
const kitchenAreaOptional = field('kitchen_area_m2', 'area_m2', ['厨房面积', 'Kitchen area'], false);
const kitchenAreaRequired = { ...kitchenAreaOptional, required: true };

const idCard = material('id-card', '法定代表人身份证', 'core');
const applicationForm = material('application-form', '申请书', 'core');
const shopPhotos = material('shop-photos', '门店照片', 'non-core');
const floorPlan = material('floor-plan', '平面图', 'core');
const hygienePlan = material('hygiene-plan', '卫生管理制度', 'core');
const staffCertificates = material('staff-certificates', '从业人员健康证明', 'non-core');

const LARGE: Condition = { field: 'seating_area_m2', op: 'gt', value: 150 };
const FOOD_OR_DRINK: Condition = {
  any: [
    { field: 'serves_alcohol', op: 'eq', value: true },
    { field: 'business_type', op: 'in', value: ['bar', 'restaurant'] },
  ],
};

const vstep = (key: string, departmentCode: string, after: string[], config: Partial<StepConfig>): VersionedStep => ({
  key,
  departmentCode,
  after,
  config: defaultStepConfig(config),
});

const version = (steps: VersionedStep[]): ServiceVersionSnapshot => ({
  serviceCode: 'bakery-opening',
  name: 'Bakery opening',
  version: 1,
  overallLimitDays: 20,
  steps,
});

/** Market always; fire only for large shops; health for alcohol, bars and restaurants; tax always. */
const BAKERY = version([
  vstep('business-licence', 'market', [], {
    fields: [
      shopName,
      seatingArea,
      businessType,
      servesAlcohol,
      openingDate,
      capital,
      staffCount,
      address,
      kitchenAreaOptional,
    ],
    materials: [idCard, applicationForm, shopPhotos],
  }),
  vstep('fire-safety', 'fire', [], {
    includeWhen: LARGE,
    fields: [seatingArea, fireExits, kitchenAreaRequired],
    materials: [floorPlan],
  }),
  vstep('health-permit', 'health', ['business-licence', 'fire-safety'], {
    includeWhen: FOOD_OR_DRINK,
    fields: [foodLicence, servesAlcohol],
    materials: [floorPlan, hygienePlan, staffCertificates],
  }),
  vstep('tax-registration', 'tax', ['health-permit'], { materials: [idCard] }),
]);

/** A small bakery without alcohol: only the market and tax steps apply. */
const SMALL_BAKERY = {
  shop_name: 'Golden Wheat',
  seating_area_m2: 80,
  business_type: 'bakery',
  serves_alcohol: false,
};
const SMALL_BAKERY_MATERIALS: FiledMaterialRef[] = [
  { code: 'id-card', fileId: 'f-1' },
  { code: 'application-form', content: 'I apply for…' },
];

/** A large restaurant serving alcohol: every step applies. */
const LARGE_RESTAURANT = {
  shop_name: 'Grand Hall',
  seating_area_m2: 400,
  business_type: 'restaurant',
  serves_alcohol: true,
  fire_exits: 3,
  kitchen_area_m2: 60,
  food_licence_no: 'JY12345678901234',
  opening_date: '2025-09-01',
  registered_capital: 500_000,
  staff_count: 25,
  shop_address: '杭州市西湖区文三路 1 号',
};
const LARGE_RESTAURANT_MATERIALS: FiledMaterialRef[] = [
  ...SMALL_BAKERY_MATERIALS,
  { code: 'floor-plan', fileId: 'f-2' },
  { code: 'hygiene-plan', fileId: 'f-3' },
];

const check = (form: Record<string, unknown>, materials: FiledMaterialRef[] = SMALL_BAKERY_MATERIALS) =>
  validateFiling(BAKERY, form, materials);
/** Problems for the small bakery with some form values changed. */
const withValues = (values: Record<string, unknown>) => check({ ...SMALL_BAKERY, ...values });

describe('stepApplicability', () => {
  test('a step without a condition is included, with no reason', () => {
    expect(stepApplicability(BAKERY.steps, SMALL_BAKERY)[0]).toEqual({ key: 'business-licence', included: true });
  });

  test('conditional steps are included or not, with the condition in words', () => {
    expect(stepApplicability(BAKERY.steps, SMALL_BAKERY)).toEqual([
      { key: 'business-licence', included: true },
      {
        key: 'fire-safety',
        included: false,
        reason: 'not required: the form does not meet seating_area_m2 > 150',
      },
      {
        key: 'health-permit',
        included: false,
        reason: 'not required: the form does not meet serves_alcohol = true or business_type in ["bar","restaurant"]',
      },
      { key: 'tax-registration', included: true },
    ]);
    expect(stepApplicability(BAKERY.steps, LARGE_RESTAURANT)).toEqual([
      { key: 'business-licence', included: true },
      { key: 'fire-safety', included: true, reason: 'required because seating_area_m2 > 150' },
      {
        key: 'health-permit',
        included: true,
        reason: 'required because serves_alcohol = true or business_type in ["bar","restaurant"]',
      },
      { key: 'tax-registration', included: true },
    ]);
  });

  test('a condition on a missing value does not include the step', () => {
    expect(stepApplicability(BAKERY.steps, {}).map((s) => s.included)).toEqual([true, false, false, true]);
  });
});

describe('validateFiling', () => {
  test('a valid filing where only some steps apply has no problems', () => {
    expect(check(SMALL_BAKERY)).toEqual([]);
  });

  test('a valid filing where every step applies has no problems', () => {
    expect(check(LARGE_RESTAURANT, LARGE_RESTAURANT_MATERIALS)).toEqual([]);
  });

  test('an empty form reports each required field of the applicable steps, with both labels', () => {
    expect(check({})).toEqual([
      {
        path: 'form.shop_name',
        rule: 'FORM_FIELD_REQUIRED',
        params: { labelEn: 'Shop name', labelZh: '店名' },
        message: '"Shop name" (店名) is required',
      },
      {
        path: 'form.seating_area_m2',
        rule: 'FORM_FIELD_REQUIRED',
        params: { labelEn: 'Seating area', labelZh: '营业面积' },
        message: '"Seating area" (营业面积) is required',
      },
      {
        path: 'form.business_type',
        rule: 'FORM_FIELD_REQUIRED',
        params: { labelEn: 'Business type', labelZh: '经营类型' },
        message: '"Business type" (经营类型) is required',
      },
      {
        path: 'form.serves_alcohol',
        rule: 'FORM_FIELD_REQUIRED',
        params: { labelEn: 'Serves alcohol', labelZh: '是否售酒' },
        message: '"Serves alcohol" (是否售酒) is required',
      },
    ]);
  });

  test('null, the empty string and blank text count as missing', () => {
    expect(withValues({ shop_name: '  ', seating_area_m2: null })).toEqual([
      {
        path: 'form.shop_name',
        rule: 'FORM_FIELD_REQUIRED',
        params: { labelEn: 'Shop name', labelZh: '店名' },
        message: '"Shop name" (店名) is required',
      },
      {
        path: 'form.seating_area_m2',
        rule: 'FORM_FIELD_REQUIRED',
        params: { labelEn: 'Seating area', labelZh: '营业面积' },
        message: '"Seating area" (营业面积) is required',
      },
    ]);
  });

  test('a required boolean answered false is present', () => {
    expect(withValues({ serves_alcohol: false })).toEqual([]);
  });

  test('fields required only by steps whose condition is false are not required', () => {
    // fire_exits, kitchen_area_m2 (fire) and food_licence_no (health) are all left out.
    const problems = check(SMALL_BAKERY);
    expect(problems).toEqual([]);
  });

  test('fields required by a step whose condition holds are required', () => {
    expect(withValues({ seating_area_m2: 200 })).toEqual([
      {
        path: 'form.kitchen_area_m2',
        rule: 'FORM_FIELD_REQUIRED',
        params: { labelEn: 'Kitchen area', labelZh: '厨房面积' },
        message: '"Kitchen area" (厨房面积) is required',
      },
      {
        path: 'form.fire_exits',
        rule: 'FORM_FIELD_REQUIRED',
        params: { labelEn: 'Fire exits', labelZh: '安全出口数' },
        message: '"Fire exits" (安全出口数) is required',
      },
      {
        path: 'materials',
        rule: 'CORE_MATERIAL_MISSING',
        params: { code: 'floor-plan', name: '平面图', steps: '"fire-safety"' },
        message: 'core material "floor-plan" (平面图) is required by step "fire-safety"',
      },
    ]);
  });

  test('a field optional in an applicable step and required in an excluded one is optional', () => {
    expect(withValues({ seating_area_m2: 150 }).filter((p) => p.path === 'form.kitchen_area_m2')).toEqual([]);
  });

  test('a condition met by a nested any (alcohol) brings in the health step and its requirements', () => {
    expect(withValues({ serves_alcohol: true })).toEqual([
      {
        path: 'form.food_licence_no',
        rule: 'FORM_FIELD_REQUIRED',
        params: { labelEn: 'Food licence no.', labelZh: '食品经营许可证号' },
        message: '"Food licence no." (食品经营许可证号) is required',
      },
      {
        path: 'materials',
        rule: 'CORE_MATERIAL_MISSING',
        params: { code: 'floor-plan', name: '平面图', steps: '"health-permit"' },
        message: 'core material "floor-plan" (平面图) is required by step "health-permit"',
      },
      {
        path: 'materials',
        rule: 'CORE_MATERIAL_MISSING',
        params: { code: 'hygiene-plan', name: '卫生管理制度', steps: '"health-permit"' },
        message: 'core material "hygiene-plan" (卫生管理制度) is required by step "health-permit"',
      },
    ]);
  });

  test('a value given for a field of an excluded step is still checked against its type', () => {
    expect(withValues({ fire_exits: 'two' })).toEqual([
      {
        path: 'form.fire_exits',
        rule: 'FORM_VALUE_NOT_NUMBER',
        params: { labelEn: 'Fire exits', labelZh: '安全出口数' },
        message: '"Fire exits" must be a number',
      },
    ]);
  });

  describe('type and rule violations', () => {
    test.each([
      [
        'a string for an area',
        { seating_area_m2: '80' },
        'form.seating_area_m2',
        'FORM_VALUE_NOT_NUMBER',
        { labelEn: 'Seating area', labelZh: '营业面积' },
        '"Seating area" must be a number',
      ],
      [
        'a string for a number',
        { staff_count: '5' },
        'form.staff_count',
        'FORM_VALUE_NOT_NUMBER',
        { labelEn: 'Staff count', labelZh: '从业人数' },
        '"Staff count" must be a number',
      ],
      [
        'a string for money',
        { registered_capital: '500000' },
        'form.registered_capital',
        'FORM_VALUE_NOT_NUMBER',
        { labelEn: 'Registered capital', labelZh: '注册资本' },
        '"Registered capital" must be a number',
      ],
      [
        'a boolean for a number',
        { staff_count: true },
        'form.staff_count',
        'FORM_VALUE_NOT_NUMBER',
        { labelEn: 'Staff count', labelZh: '从业人数' },
        '"Staff count" must be a number',
      ],
      [
        'a negative area',
        { seating_area_m2: -20 },
        'form.seating_area_m2',
        'FORM_VALUE_NEGATIVE',
        { labelEn: 'Seating area', labelZh: '营业面积' },
        '"Seating area" must not be negative',
      ],
      [
        'negative money',
        { registered_capital: -1 },
        'form.registered_capital',
        'FORM_VALUE_NEGATIVE',
        { labelEn: 'Registered capital', labelZh: '注册资本' },
        '"Registered capital" must not be negative',
      ],
      [
        'a number below min',
        { staff_count: 0 },
        'form.staff_count',
        'FORM_VALUE_BELOW_MIN',
        { labelEn: 'Staff count', min: 1, labelZh: '从业人数' },
        '"Staff count" must be at least 1',
      ],
      [
        'a number above max',
        { staff_count: 501 },
        'form.staff_count',
        'FORM_VALUE_ABOVE_MAX',
        { labelEn: 'Staff count', max: 500, labelZh: '从业人数' },
        '"Staff count" must be at most 500',
      ],
      [
        'an area below min',
        { seating_area_m2: 0.5 },
        'form.seating_area_m2',
        'FORM_VALUE_BELOW_MIN',
        { labelEn: 'Seating area', min: 1, labelZh: '营业面积' },
        '"Seating area" must be at least 1',
      ],
      [
        'text shorter than min',
        { shop_name: 'G' },
        'form.shop_name',
        'FORM_VALUE_TOO_SHORT',
        { labelEn: 'Shop name', min: 2, labelZh: '店名' },
        '"Shop name" must be at least 2 characters',
      ],
      [
        'text longer than max',
        { shop_name: 'G'.repeat(21) },
        'form.shop_name',
        'FORM_VALUE_TOO_LONG',
        { labelEn: 'Shop name', max: 20, labelZh: '店名' },
        '"Shop name" must be at most 20 characters',
      ],
      [
        'blank required text',
        { shop_name: '   ' },
        'form.shop_name',
        'FORM_FIELD_REQUIRED',
        { labelEn: 'Shop name', labelZh: '店名' },
        '"Shop name" (店名) is required',
      ],
      [
        'a number for text',
        { shop_name: 42 },
        'form.shop_name',
        'FORM_VALUE_NOT_STRING',
        { labelEn: 'Shop name', labelZh: '店名' },
        '"Shop name" must be a string',
      ],
      [
        'a number for an address',
        { shop_address: 1 },
        'form.shop_address',
        'FORM_VALUE_NOT_STRING',
        { labelEn: 'Shop address', labelZh: '经营地址' },
        '"Shop address" must be a string',
      ],
      [
        'an impossible date',
        { opening_date: '2025-02-30' },
        'form.opening_date',
        'FORM_VALUE_NOT_DATE',
        { labelEn: 'Opening date', labelZh: '开业日期' },
        '"Opening date" must be a date (YYYY-MM-DD)',
      ],
      [
        'a date in another format',
        { opening_date: '01/09/2025' },
        'form.opening_date',
        'FORM_VALUE_NOT_DATE',
        { labelEn: 'Opening date', labelZh: '开业日期' },
        '"Opening date" must be a date (YYYY-MM-DD)',
      ],
      [
        'a date with a time',
        { opening_date: '2025-09-01T08:00:00Z' },
        'form.opening_date',
        'FORM_VALUE_NOT_DATE',
        { labelEn: 'Opening date', labelZh: '开业日期' },
        '"Opening date" must be a date (YYYY-MM-DD)',
      ],
      [
        'a number for a date',
        { opening_date: 20250901 },
        'form.opening_date',
        'FORM_VALUE_NOT_STRING',
        { labelEn: 'Opening date', labelZh: '开业日期' },
        '"Opening date" must be a string',
      ],
      [
        'an enum value not among the options',
        { business_type: 'casino' },
        'form.business_type',
        'FORM_VALUE_NOT_OPTION',
        { labelEn: 'Business type', options: 'bakery, bar, restaurant', labelZh: '经营类型' },
        '"Business type" must be one of bakery, bar, restaurant',
      ],
      [
        'an enum value in the wrong case',
        { business_type: 'Bakery' },
        'form.business_type',
        'FORM_VALUE_NOT_OPTION',
        { labelEn: 'Business type', options: 'bakery, bar, restaurant', labelZh: '经营类型' },
        '"Business type" must be one of bakery, bar, restaurant',
      ],
      [
        'a string for a boolean',
        { serves_alcohol: 'false' },
        'form.serves_alcohol',
        'FORM_VALUE_NOT_BOOLEAN',
        { labelEn: 'Serves alcohol', labelZh: '是否售酒' },
        '"Serves alcohol" must be true or false',
      ],
    ])('%s is reported on its field', (_what, values, path, rule, params, message) => {
      expect(withValues(values)).toEqual([{ path, rule, params, message }]);
    });

    test('an area above max is reported on its field (a large shop, so every step applies)', () => {
      expect(check({ ...LARGE_RESTAURANT, seating_area_m2: 10_000.5 }, LARGE_RESTAURANT_MATERIALS)).toEqual([
        {
          path: 'form.seating_area_m2',
          rule: 'FORM_VALUE_ABOVE_MAX',
          params: { labelEn: 'Seating area', labelZh: '营业面积', max: 10000 },
          message: '"Seating area" must be at most 10000',
        },
      ]);
    });

    test('boundary values of min and max are accepted', () => {
      expect(withValues({ staff_count: 1, seating_area_m2: 1, shop_name: 'GW' })).toEqual([]);
      expect(withValues({ staff_count: 500, shop_name: 'G'.repeat(20) })).toEqual([]);
    });

    test('zero is a valid amount of money, and a number without min may be negative', () => {
      const signed = version([
        vstep('only', 'market', [], {
          fields: [capital, field('temperature', 'number', ['温度', 'Temperature'], true)],
        }),
      ]);
      expect(validateFiling(signed, { registered_capital: 0, temperature: -18 }, [])).toEqual([]);
    });

    test('non-finite numbers are rejected', () => {
      expect(withValues({ staff_count: Number.NaN, registered_capital: Number.POSITIVE_INFINITY })).toEqual([
        {
          path: 'form.registered_capital',
          rule: 'FORM_VALUE_NOT_NUMBER',
          params: { labelEn: 'Registered capital', labelZh: '注册资本' },
          message: '"Registered capital" must be a number',
        },
        {
          path: 'form.staff_count',
          rule: 'FORM_VALUE_NOT_NUMBER',
          params: { labelEn: 'Staff count', labelZh: '从业人数' },
          message: '"Staff count" must be a number',
        },
      ]);
    });

    test('a pattern must match the whole value, not just part of it', () => {
      const large = { ...LARGE_RESTAURANT };
      const problem = {
        path: 'form.food_licence_no',
        rule: 'FORM_VALUE_PATTERN_MISMATCH',
        params: { labelEn: 'Food licence no.', labelZh: '食品经营许可证号', pattern: 'JY\\d{14}' },
        message: '"Food licence no." must match the pattern JY\\d{14}',
      };
      expect(check({ ...large, food_licence_no: 'JY12345678901234' }, LARGE_RESTAURANT_MATERIALS)).toEqual([]);
      expect(check({ ...large, food_licence_no: 'xJY12345678901234' }, LARGE_RESTAURANT_MATERIALS)).toEqual([problem]);
      expect(check({ ...large, food_licence_no: 'JY123456789012345' }, LARGE_RESTAURANT_MATERIALS)).toEqual([problem]);
      expect(check({ ...large, food_licence_no: 'JY1234' }, LARGE_RESTAURANT_MATERIALS)).toEqual([problem]);
    });

    test('an alternation pattern is anchored as a whole (both alternatives must match the entire value)', () => {
      const coded = version([
        vstep('only', 'market', [], {
          fields: [field('code', 'text', ['代码', 'Code'], true, { pattern: '\\d{6}|[A-Z]{2}\\d{4}' })],
        }),
      ]);
      const problem = {
        path: 'form.code',
        rule: 'FORM_VALUE_PATTERN_MISMATCH',
        params: { labelEn: 'Code', labelZh: '代码', pattern: '\\d{6}|[A-Z]{2}\\d{4}' },
        message: '"Code" must match the pattern \\d{6}|[A-Z]{2}\\d{4}',
      };
      expect(validateFiling(coded, { code: '123456' }, [])).toEqual([]);
      expect(validateFiling(coded, { code: 'AB1234' }, [])).toEqual([]);
      expect(validateFiling(coded, { code: '1234567' }, [])).toEqual([problem]);
      expect(validateFiling(coded, { code: 'xAB1234' }, [])).toEqual([problem]);
    });

    test('every violation is reported, in the order of the merged form', () => {
      expect(withValues({ shop_name: 1, seating_area_m2: -3, business_type: 'casino', serves_alcohol: 'no' })).toEqual([
        {
          path: 'form.shop_name',
          rule: 'FORM_VALUE_NOT_STRING',
          params: { labelEn: 'Shop name', labelZh: '店名' },
          message: '"Shop name" must be a string',
        },
        {
          path: 'form.seating_area_m2',
          rule: 'FORM_VALUE_NEGATIVE',
          params: { labelEn: 'Seating area', labelZh: '营业面积' },
          message: '"Seating area" must not be negative',
        },
        {
          path: 'form.business_type',
          rule: 'FORM_VALUE_NOT_OPTION',
          params: { labelEn: 'Business type', labelZh: '经营类型', options: 'bakery, bar, restaurant' },
          message: '"Business type" must be one of bakery, bar, restaurant',
        },
        {
          path: 'form.serves_alcohol',
          rule: 'FORM_VALUE_NOT_BOOLEAN',
          params: { labelEn: 'Serves alcohol', labelZh: '是否售酒' },
          message: '"Serves alcohol" must be true or false',
        },
      ]);
    });
  });

  test('unknown form keys are reported each at its own path', () => {
    expect(withValues({ colour: 'red', Shop_Name: 'x' })).toEqual([
      {
        path: 'form.colour',
        rule: 'UNKNOWN_FORM_FIELD',
        params: { key: 'colour' },
        message: '"colour" is not a field of this service',
      },
      {
        path: 'form.Shop_Name',
        rule: 'UNKNOWN_FORM_FIELD',
        params: { key: 'Shop_Name' },
        message: '"Shop_Name" is not a field of this service',
      },
    ]);
  });

  describe('materials', () => {
    test('an unknown material code is reported at its index', () => {
      expect(check(SMALL_BAKERY, [...SMALL_BAKERY_MATERIALS, { code: 'passport', fileId: 'f-9' }])).toEqual([
        {
          path: 'materials[2].code',
          rule: 'UNKNOWN_MATERIAL',
          params: { code: 'passport' },
          message: '"passport" is not a material of this service',
        },
      ]);
    });

    test('a material filed twice is reported at the second filing', () => {
      expect(
        check(SMALL_BAKERY, [
          { code: 'id-card', fileId: 'f-1' },
          { code: 'application-form', fileId: 'f-2' },
          { code: 'id-card', fileId: 'f-3' },
        ]),
      ).toEqual([
        {
          path: 'materials[2].code',
          rule: 'MATERIAL_FILED_TWICE',
          params: { code: 'id-card' },
          message: '"id-card" is filed twice; upload each material once',
        },
      ]);
    });

    test('a material without fileId or content (or with both empty) is reported at its index', () => {
      expect(
        check(SMALL_BAKERY, [
          { code: 'id-card' },
          { code: 'application-form', fileId: '', content: '' },
          { code: 'shop-photos', content: 'photo' },
        ]),
      ).toEqual([
        { path: 'materials[0]', rule: 'MATERIAL_CONTENT_MISSING', params: {}, message: 'needs a fileId or content' },
        { path: 'materials[1]', rule: 'MATERIAL_CONTENT_MISSING', params: {}, message: 'needs a fileId or content' },
      ]);
    });

    test('an unknown material without a file is reported twice: code and file', () => {
      expect(check(SMALL_BAKERY, [...SMALL_BAKERY_MATERIALS, { code: 'passport' }])).toEqual([
        {
          path: 'materials[2].code',
          rule: 'UNKNOWN_MATERIAL',
          params: { code: 'passport' },
          message: '"passport" is not a material of this service',
        },
        { path: 'materials[2]', rule: 'MATERIAL_CONTENT_MISSING', params: {}, message: 'needs a fileId or content' },
      ]);
    });

    test('missing core materials name every applicable step that needs them', () => {
      expect(check(LARGE_RESTAURANT, [{ code: 'application-form', fileId: 'f-1' }])).toEqual([
        {
          path: 'materials',
          rule: 'CORE_MATERIAL_MISSING',
          params: { code: 'id-card', name: '法定代表人身份证', steps: '"business-licence", "tax-registration"' },
          message:
            'core material "id-card" (法定代表人身份证) is required by step "business-licence", "tax-registration"',
        },
        {
          path: 'materials',
          rule: 'CORE_MATERIAL_MISSING',
          params: { code: 'floor-plan', name: '平面图', steps: '"fire-safety", "health-permit"' },
          message: 'core material "floor-plan" (平面图) is required by step "fire-safety", "health-permit"',
        },
        {
          path: 'materials',
          rule: 'CORE_MATERIAL_MISSING',
          params: { code: 'hygiene-plan', name: '卫生管理制度', steps: '"health-permit"' },
          message: 'core material "hygiene-plan" (卫生管理制度) is required by step "health-permit"',
        },
      ]);
    });

    test('a core material shared with an excluded step names only the applicable steps', () => {
      expect(check({ ...SMALL_BAKERY, business_type: 'bar' }, SMALL_BAKERY_MATERIALS)).toEqual([
        {
          path: 'form.food_licence_no',
          rule: 'FORM_FIELD_REQUIRED',
          params: { labelEn: 'Food licence no.', labelZh: '食品经营许可证号' },
          message: '"Food licence no." (食品经营许可证号) is required',
        },
        {
          path: 'materials',
          rule: 'CORE_MATERIAL_MISSING',
          params: { code: 'floor-plan', name: '平面图', steps: '"health-permit"' },
          message: 'core material "floor-plan" (平面图) is required by step "health-permit"',
        },
        {
          path: 'materials',
          rule: 'CORE_MATERIAL_MISSING',
          params: { code: 'hygiene-plan', name: '卫生管理制度', steps: '"health-permit"' },
          message: 'core material "hygiene-plan" (卫生管理制度) is required by step "health-permit"',
        },
      ]);
    });

    test('core materials of excluded steps are not required, but may be filed', () => {
      expect(check(SMALL_BAKERY, SMALL_BAKERY_MATERIALS)).toEqual([]);
      expect(check(SMALL_BAKERY, [...SMALL_BAKERY_MATERIALS, { code: 'floor-plan', fileId: 'f-2' }])).toEqual([]);
    });

    test('non-core materials may be omitted, and may be filed', () => {
      expect(check(LARGE_RESTAURANT, LARGE_RESTAURANT_MATERIALS)).toEqual([]);
      expect(
        check(LARGE_RESTAURANT, [
          ...LARGE_RESTAURANT_MATERIALS,
          { code: 'shop-photos', fileId: 'f-4' },
          { code: 'staff-certificates', content: 'certificates' },
        ]),
      ).toEqual([]);
    });
  });

  test('when every step is excluded, the form is reported as matching no step, and nothing is required', () => {
    const conditional = version([
      vstep('fire-safety', 'fire', [], {
        includeWhen: LARGE,
        fields: [seatingArea, fireExits],
        materials: [floorPlan],
      }),
      vstep('health-permit', 'health', [], {
        includeWhen: FOOD_OR_DRINK,
        fields: [servesAlcohol, businessType, foodLicence],
        materials: [hygienePlan],
      }),
    ]);
    expect(
      validateFiling(conditional, { seating_area_m2: 100, serves_alcohol: false, business_type: 'bakery' }, []),
    ).toEqual([
      { path: 'form', rule: 'NO_APPLICABLE_STEP', params: {}, message: 'no step of this service applies to this form' },
    ]);
    expect(validateFiling(conditional, {}, [])).toEqual([
      { path: 'form', rule: 'NO_APPLICABLE_STEP', params: {}, message: 'no step of this service applies to this form' },
    ]);
  });

  test('once one conditional step applies, only its requirements are reported', () => {
    const conditional = version([
      vstep('fire-safety', 'fire', [], {
        includeWhen: LARGE,
        fields: [seatingArea, fireExits],
        materials: [floorPlan],
      }),
      vstep('health-permit', 'health', [], { includeWhen: FOOD_OR_DRINK, fields: [servesAlcohol, foodLicence] }),
    ]);
    expect(validateFiling(conditional, { seating_area_m2: 200 }, [])).toEqual([
      {
        path: 'form.fire_exits',
        rule: 'FORM_FIELD_REQUIRED',
        params: { labelEn: 'Fire exits', labelZh: '安全出口数' },
        message: '"Fire exits" (安全出口数) is required',
      },
      {
        path: 'materials',
        rule: 'CORE_MATERIAL_MISSING',
        params: { code: 'floor-plan', name: '平面图', steps: '"fire-safety"' },
        message: 'core material "floor-plan" (平面图) is required by step "fire-safety"',
      },
    ]);
  });

  test('problems come in order: form, fields, unknown keys, filed materials, missing core materials', () => {
    expect(
      check({ seating_area_m2: 200, shop_name: 'Golden Wheat', business_type: 'bakery', serves_alcohol: false, x: 1 }, [
        { code: 'nope', fileId: 'f' },
      ]).map((p) => p.path),
    ).toEqual([
      'form.kitchen_area_m2',
      'form.fire_exits',
      'form.x',
      'materials[0].code',
      'materials',
      'materials',
      'materials',
    ]);
  });
});
