import {
  describeCondition,
  evaluateCondition,
  isIsoDate,
  validateCondition,
} from '../../libs/domain/service/conditions';
import type { Condition, FieldType, FormField } from '../../libs/domain/service/step-config';

const field = (key: string, type: FieldType, rules?: FormField['rules']): FormField => ({
  key,
  label: { zh: key, en: key },
  type,
  required: false,
  ...(rules ? { rules } : {}),
});

const FIELDS: FormField[] = [
  field('headcount', 'number'),
  field('seating_area_m2', 'area_m2'),
  field('capital', 'money'),
  field('opening_date', 'date'),
  field('serves_alcohol', 'boolean'),
  field('business_type', 'enum', { options: ['bakery', 'bar', 'restaurant'] }),
  field('shop_name', 'text'),
  field('shop_address', 'address'),
];
const fieldsByKey = new Map<string, FormField>(FIELDS.map((f) => [f.key, f]));
const AT = 'steps.fire-safety.config.includeWhen';

const validate = (condition: unknown) => validateCondition(condition, fieldsByKey, AT);
const cmp = (field: string, op: Extract<Condition, { field: string }>['op'], value: unknown): Condition => ({
  field,
  op,
  value,
});
/** `levels` nested `all` groups around one comparison. */
const nested = (levels: number, leaf: Condition = cmp('headcount', 'gt', 1)): Condition =>
  levels === 0 ? leaf : { all: [nested(levels - 1, leaf)] };

describe('isIsoDate', () => {
  test('accepts calendar dates written YYYY-MM-DD, including 29 February of a leap year', () => {
    expect(isIsoDate('2025-03-01')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('1999-12-31')).toBe(true);
  });

  test('rejects dates that do not exist on the calendar', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-00-10')).toBe(false);
    expect(isIsoDate('2025-01-00')).toBe(false);
  });

  test('rejects other formats: unpadded, with a time, slashes, empty, free text', () => {
    expect(isIsoDate('2025-3-1')).toBe(false);
    expect(isIsoDate('2025-03-01T00:00:00Z')).toBe(false);
    expect(isIsoDate('2025/03/01')).toBe(false);
    expect(isIsoDate(' 2025-03-01')).toBe(false);
    expect(isIsoDate('')).toBe(false);
    expect(isIsoDate('next monday')).toBe(false);
  });
});

describe('evaluateCondition', () => {
  describe.each([
    ['number', 'headcount', 10, 9, 11],
    ['area', 'seating_area_m2', 150, 149.5, 150.5],
    ['money', 'capital', 1_000_000, 999_999.99, 1_000_000.01],
    ['date (ISO string)', 'opening_date', '2025-03-01', '2025-02-28', '2025-03-02'],
  ] as const)('on a %s field', (_type, key, pivot, below, above) => {
    test.each([
      ['eq', pivot, true],
      ['eq', below, false],
      ['ne', pivot, false],
      ['ne', above, true],
      ['gt', above, true],
      ['gt', pivot, false],
      ['gt', below, false],
      ['gte', above, true],
      ['gte', pivot, true],
      ['gte', below, false],
      ['lt', below, true],
      ['lt', pivot, false],
      ['lt', above, false],
      ['lte', below, true],
      ['lte', pivot, true],
      ['lte', above, false],
    ] as const)(`${key} %s ${JSON.stringify(pivot)} with the form value %p is %p`, (op, formValue, expected) => {
      expect(evaluateCondition(cmp(key, op, pivot), { [key]: formValue })).toBe(expected);
    });

    test('in is true when the form value is one of the listed values, false otherwise', () => {
      expect(evaluateCondition(cmp(key, 'in', [below, pivot]), { [key]: pivot })).toBe(true);
      expect(evaluateCondition(cmp(key, 'in', [below, pivot]), { [key]: above })).toBe(false);
    });
  });

  test('dates compare chronologically across months and years', () => {
    expect(evaluateCondition(cmp('opening_date', 'gt', '2024-12-31'), { opening_date: '2025-01-01' })).toBe(true);
    expect(evaluateCondition(cmp('opening_date', 'lt', '2025-10-01'), { opening_date: '2025-09-30' })).toBe(true);
    expect(evaluateCondition(cmp('opening_date', 'lt', '2025-10-01'), { opening_date: '2026-01-01' })).toBe(false);
  });

  test('numbers compare as numbers, not as text (9 < 10)', () => {
    expect(evaluateCondition(cmp('headcount', 'lt', 10), { headcount: 9 })).toBe(true);
    expect(evaluateCondition(cmp('headcount', 'gt', 10), { headcount: 100 })).toBe(true);
  });

  test('a boolean field: eq and ne compare the value, in lists allowed values', () => {
    const on = { serves_alcohol: true };
    const off = { serves_alcohol: false };
    expect(evaluateCondition(cmp('serves_alcohol', 'eq', true), on)).toBe(true);
    expect(evaluateCondition(cmp('serves_alcohol', 'eq', true), off)).toBe(false);
    expect(evaluateCondition(cmp('serves_alcohol', 'eq', false), off)).toBe(true);
    expect(evaluateCondition(cmp('serves_alcohol', 'ne', true), off)).toBe(true);
    expect(evaluateCondition(cmp('serves_alcohol', 'ne', true), on)).toBe(false);
    expect(evaluateCondition(cmp('serves_alcohol', 'in', [true]), on)).toBe(true);
    expect(evaluateCondition(cmp('serves_alcohol', 'in', [true]), off)).toBe(false);
  });

  test('an enum field: eq, ne and in compare the chosen option', () => {
    const bar = { business_type: 'bar' };
    expect(evaluateCondition(cmp('business_type', 'eq', 'bar'), bar)).toBe(true);
    expect(evaluateCondition(cmp('business_type', 'eq', 'bakery'), bar)).toBe(false);
    expect(evaluateCondition(cmp('business_type', 'ne', 'bakery'), bar)).toBe(true);
    expect(evaluateCondition(cmp('business_type', 'ne', 'bar'), bar)).toBe(false);
    expect(evaluateCondition(cmp('business_type', 'in', ['bar', 'restaurant']), bar)).toBe(true);
    expect(evaluateCondition(cmp('business_type', 'in', ['bakery', 'restaurant']), bar)).toBe(false);
  });

  test('eq does not coerce types: the string "150" is not the number 150, "true" is not true', () => {
    expect(evaluateCondition(cmp('seating_area_m2', 'eq', 150), { seating_area_m2: '150' })).toBe(false);
    expect(evaluateCondition(cmp('serves_alcohol', 'eq', true), { serves_alcohol: 'true' })).toBe(false);
  });

  test('an ordered comparison with a value of the wrong type is false, not coerced', () => {
    expect(evaluateCondition(cmp('seating_area_m2', 'gt', 150), { seating_area_m2: '200' })).toBe(false);
    expect(evaluateCondition(cmp('seating_area_m2', 'lt', 150), { seating_area_m2: '100' })).toBe(false);
    expect(evaluateCondition(cmp('opening_date', 'gt', '2025-01-01'), { opening_date: 20250601 })).toBe(false);
    expect(evaluateCondition(cmp('seating_area_m2', 'gte', 0), { seating_area_m2: true })).toBe(false);
  });

  test.each(['eq', 'gt', 'gte', 'lt', 'lte'] as const)(
    'a missing form value makes %s false, whatever the bound',
    (op) => {
      expect(evaluateCondition(cmp('seating_area_m2', op, 0), {})).toBe(false);
      expect(evaluateCondition(cmp('seating_area_m2', op, -1e9), {})).toBe(false);
      expect(evaluateCondition(cmp('seating_area_m2', op, 1e9), {})).toBe(false);
      expect(evaluateCondition(cmp('opening_date', op, '2025-01-01'), {})).toBe(false);
      expect(evaluateCondition(cmp('seating_area_m2', op, 150), { seating_area_m2: null })).toBe(false);
    },
  );

  test('a missing form value makes in false', () => {
    expect(evaluateCondition(cmp('business_type', 'in', ['bakery', 'bar']), {})).toBe(false);
    expect(evaluateCondition(cmp('serves_alcohol', 'in', [true, false]), {})).toBe(false);
  });

  test('a missing form value also makes eq on a boolean false (absent is neither true nor false)', () => {
    expect(evaluateCondition(cmp('serves_alcohol', 'eq', true), {})).toBe(false);
    expect(evaluateCondition(cmp('serves_alcohol', 'eq', false), {})).toBe(false);
  });

  test('ne is false when the form value is missing: an unanswered field satisfies no comparison', () => {
    expect(evaluateCondition(cmp('business_type', 'ne', 'bakery'), {})).toBe(false);
    expect(evaluateCondition(cmp('serves_alcohol', 'ne', true), { serves_alcohol: null })).toBe(false);
    expect(evaluateCondition(cmp('business_type', 'ne', 'bakery'), { business_type: 'cafe' })).toBe(true);
  });

  test('all is true only when every member holds', () => {
    const condition: Condition = {
      all: [cmp('seating_area_m2', 'gt', 150), cmp('serves_alcohol', 'eq', true)],
    };
    expect(evaluateCondition(condition, { seating_area_m2: 200, serves_alcohol: true })).toBe(true);
    expect(evaluateCondition(condition, { seating_area_m2: 200, serves_alcohol: false })).toBe(false);
    expect(evaluateCondition(condition, { seating_area_m2: 100, serves_alcohol: true })).toBe(false);
    expect(evaluateCondition(condition, { serves_alcohol: true })).toBe(false);
  });

  test('any is true when at least one member holds', () => {
    const condition: Condition = {
      any: [cmp('seating_area_m2', 'gt', 150), cmp('serves_alcohol', 'eq', true)],
    };
    expect(evaluateCondition(condition, { seating_area_m2: 200, serves_alcohol: false })).toBe(true);
    expect(evaluateCondition(condition, { seating_area_m2: 100, serves_alcohol: true })).toBe(true);
    expect(evaluateCondition(condition, { seating_area_m2: 100, serves_alcohol: false })).toBe(false);
    expect(evaluateCondition(condition, {})).toBe(false);
  });

  test('nested all/any: area > 150 and (alcohol or a bar/restaurant opening before 2026)', () => {
    const condition: Condition = {
      all: [
        cmp('seating_area_m2', 'gt', 150),
        {
          any: [
            cmp('serves_alcohol', 'eq', true),
            { all: [cmp('business_type', 'in', ['bar', 'restaurant']), cmp('opening_date', 'lt', '2026-01-01')] },
          ],
        },
      ],
    };
    const big = { seating_area_m2: 200, serves_alcohol: false };
    expect(evaluateCondition(condition, { ...big, serves_alcohol: true })).toBe(true);
    expect(evaluateCondition(condition, { ...big, business_type: 'bar', opening_date: '2025-06-01' })).toBe(true);
    expect(evaluateCondition(condition, { ...big, business_type: 'bar', opening_date: '2026-06-01' })).toBe(false);
    expect(evaluateCondition(condition, { ...big, business_type: 'bakery', opening_date: '2025-06-01' })).toBe(false);
    expect(evaluateCondition(condition, big)).toBe(false);
    expect(evaluateCondition(condition, { seating_area_m2: 100, serves_alcohol: true, business_type: 'bar' })).toBe(
      false,
    );
  });

  test('deeply nested groups evaluate to their single leaf', () => {
    expect(evaluateCondition(nested(6), { headcount: 2 })).toBe(true);
    expect(evaluateCondition(nested(6), { headcount: 1 })).toBe(false);
  });
});

describe('validateCondition', () => {
  test('well-formed comparisons on every field type have no problems', () => {
    const valid: Condition[] = [
      cmp('headcount', 'gte', 10),
      cmp('seating_area_m2', 'gt', 150.5),
      cmp('capital', 'lte', 0),
      cmp('opening_date', 'lt', '2026-01-01'),
      cmp('serves_alcohol', 'eq', true),
      cmp('serves_alcohol', 'ne', false),
      cmp('business_type', 'eq', 'bar'),
      cmp('business_type', 'in', ['bar', 'restaurant']),
      cmp('shop_name', 'eq', 'Golden Wheat'),
      cmp('shop_address', 'ne', ''),
      cmp('headcount', 'in', [1, 2, 3]),
      cmp('opening_date', 'in', ['2025-01-01', '2025-02-01']),
    ];
    for (const condition of valid) expect(validate(condition)).toEqual([]);
  });

  test('well-formed nested all/any have no problems', () => {
    expect(
      validate({
        all: [cmp('seating_area_m2', 'gt', 150), { any: [cmp('serves_alcohol', 'eq', true), nested(2)] }],
      }),
    ).toEqual([]);
  });

  test('an unknown field is reported at .field', () => {
    expect(validate(cmp('floor_count', 'gt', 2))).toEqual([
      {
        path: `${AT}.field`,
        rule: 'CONDITION_UNKNOWN_FIELD',
        params: { field: 'floor_count' },
        message: 'no form field "floor_count" in this service',
      },
    ]);
  });

  test('a missing or non-string field is reported at .field', () => {
    expect(validate({ op: 'eq', value: 1 })).toEqual([
      { path: `${AT}.field`, rule: 'CONDITION_FIELD_MISSING', params: {}, message: 'must name a form field' },
    ]);
    expect(validate({ field: 3, op: 'eq', value: 1 })).toEqual([
      { path: `${AT}.field`, rule: 'CONDITION_FIELD_MISSING', params: {}, message: 'must name a form field' },
    ]);
  });

  test('an unknown op is reported at .op with the list of operators', () => {
    const problem = {
      path: `${AT}.op`,
      rule: 'CONDITION_UNKNOWN_OPERATOR',
      params: { operators: 'eq, ne, gt, gte, lt, lte, in' },
      message: 'must be one of eq, ne, gt, gte, lt, lte, in',
    };
    expect(validate({ field: 'headcount', op: 'between', value: 1 })).toEqual([problem]);
    expect(validate({ field: 'headcount', op: '>', value: 1 })).toEqual([problem]);
    expect(validate({ field: 'headcount', value: 1 })).toEqual([problem]);
  });

  test.each(['gt', 'gte', 'lt', 'lte'] as const)('%s on a boolean field is reported at .op', (op) => {
    expect(validate(cmp('serves_alcohol', op, true))).toEqual([
      {
        path: `${AT}.op`,
        rule: 'CONDITION_OPERATOR_NEEDS_ORDER',
        params: { op, field: 'serves_alcohol', type: 'boolean' },
        message: `"${op}" needs a number, area, money or date field; "serves_alcohol" is boolean`,
      },
    ]);
  });

  test('gt on text, address or enum fields is reported at .op', () => {
    expect(validate(cmp('shop_name', 'gt', 'A'))).toEqual([
      {
        path: `${AT}.op`,
        rule: 'CONDITION_OPERATOR_NEEDS_ORDER',
        params: { op: 'gt', field: 'shop_name', type: 'text' },
        message: '"gt" needs a number, area, money or date field; "shop_name" is text',
      },
    ]);
    expect(validate(cmp('shop_address', 'lte', 'Z'))).toEqual([
      {
        path: `${AT}.op`,
        rule: 'CONDITION_OPERATOR_NEEDS_ORDER',
        params: { op: 'lte', field: 'shop_address', type: 'address' },
        message: '"lte" needs a number, area, money or date field; "shop_address" is address',
      },
    ]);
    expect(validate(cmp('business_type', 'gte', 'bar'))).toEqual([
      {
        path: `${AT}.op`,
        rule: 'CONDITION_OPERATOR_NEEDS_ORDER',
        params: { op: 'gte', field: 'business_type', type: 'enum' },
        message: '"gte" needs a number, area, money or date field; "business_type" is enum',
      },
    ]);
  });

  test('a string for a number, area or money field is reported at .value', () => {
    expect(validate(cmp('seating_area_m2', 'gt', '150'))).toEqual([
      {
        path: `${AT}.value`,
        rule: 'CONDITION_VALUE_NOT_NUMBER',
        params: { field: 'seating_area_m2' },
        message: 'must be a number for field "seating_area_m2"',
      },
    ]);
    expect(validate(cmp('headcount', 'eq', '3'))).toEqual([
      {
        path: `${AT}.value`,
        rule: 'CONDITION_VALUE_NOT_NUMBER',
        params: { field: 'headcount' },
        message: 'must be a number for field "headcount"',
      },
    ]);
    expect(validate(cmp('capital', 'lt', null))).toEqual([
      {
        path: `${AT}.value`,
        rule: 'CONDITION_VALUE_NOT_NUMBER',
        params: { field: 'capital' },
        message: 'must be a number for field "capital"',
      },
    ]);
  });

  test('a non-finite number is reported at .value', () => {
    expect(validate(cmp('headcount', 'gt', Number.NaN))).toEqual([
      {
        path: `${AT}.value`,
        rule: 'CONDITION_VALUE_NOT_NUMBER',
        params: { field: 'headcount' },
        message: 'must be a number for field "headcount"',
      },
    ]);
    expect(validate(cmp('capital', 'lt', Number.POSITIVE_INFINITY))).toEqual([
      {
        path: `${AT}.value`,
        rule: 'CONDITION_VALUE_NOT_NUMBER',
        params: { field: 'capital' },
        message: 'must be a number for field "capital"',
      },
    ]);
  });

  test('a missing value is reported at .value', () => {
    expect(validate({ field: 'headcount', op: 'eq' })).toEqual([
      {
        path: `${AT}.value`,
        rule: 'CONDITION_VALUE_NOT_NUMBER',
        params: { field: 'headcount' },
        message: 'must be a number for field "headcount"',
      },
    ]);
  });

  test('an enum value not among the options is reported at .value with the options', () => {
    expect(validate(cmp('business_type', 'eq', 'casino'))).toEqual([
      {
        path: `${AT}.value`,
        rule: 'CONDITION_VALUE_NOT_OPTION',
        params: { options: '["bakery","bar","restaurant"]', field: 'business_type' },
        message: 'must be one of ["bakery","bar","restaurant"] for field "business_type"',
      },
    ]);
  });

  test('a bad date (impossible, unpadded, timestamp or a number) is reported at .value', () => {
    for (const value of ['2025-02-30', '2025-3-1', '2025-03-01T00:00:00Z', 20250301]) {
      expect(validate(cmp('opening_date', 'gt', value))).toEqual([
        {
          path: `${AT}.value`,
          rule: 'CONDITION_VALUE_NOT_DATE',
          params: { field: 'opening_date' },
          message: 'must be a date (YYYY-MM-DD) for field "opening_date"',
        },
      ]);
    }
  });

  test('a non-boolean for a boolean field is reported at .value', () => {
    expect(validate(cmp('serves_alcohol', 'eq', 'true'))).toEqual([
      {
        path: `${AT}.value`,
        rule: 'CONDITION_VALUE_NOT_BOOLEAN',
        params: { field: 'serves_alcohol' },
        message: 'must be true or false for field "serves_alcohol"',
      },
    ]);
    expect(validate(cmp('serves_alcohol', 'eq', 1))).toEqual([
      {
        path: `${AT}.value`,
        rule: 'CONDITION_VALUE_NOT_BOOLEAN',
        params: { field: 'serves_alcohol' },
        message: 'must be true or false for field "serves_alcohol"',
      },
    ]);
  });

  test('a non-string for a text field is reported at .value', () => {
    expect(validate(cmp('shop_name', 'eq', 42))).toEqual([
      {
        path: `${AT}.value`,
        rule: 'CONDITION_VALUE_NOT_STRING',
        params: { field: 'shop_name' },
        message: 'must be a string for field "shop_name"',
      },
    ]);
  });

  test('in with an empty list or a non-list is reported at .value', () => {
    const problem = {
      path: `${AT}.value`,
      rule: 'CONDITION_IN_NEEDS_VALUES',
      params: {},
      message: '"in" needs a non-empty list of values',
    };
    expect(validate(cmp('business_type', 'in', []))).toEqual([problem]);
    expect(validate(cmp('business_type', 'in', 'bar'))).toEqual([problem]);
  });

  test('in reports every wrong item at .value[i]', () => {
    expect(validate(cmp('business_type', 'in', ['bar', 'casino', 'restaurant', 7]))).toEqual([
      {
        path: `${AT}.value[1]`,
        rule: 'CONDITION_VALUE_NOT_OPTION',
        params: { options: '["bakery","bar","restaurant"]', field: 'business_type' },
        message: 'must be one of ["bakery","bar","restaurant"] for field "business_type"',
      },
      {
        path: `${AT}.value[3]`,
        rule: 'CONDITION_VALUE_NOT_STRING',
        params: { field: 'business_type' },
        message: 'must be a string for field "business_type"',
      },
    ]);
    expect(validate(cmp('seating_area_m2', 'in', [100, '200']))).toEqual([
      {
        path: `${AT}.value[1]`,
        rule: 'CONDITION_VALUE_NOT_NUMBER',
        params: { field: 'seating_area_m2' },
        message: 'must be a number for field "seating_area_m2"',
      },
    ]);
  });

  test('an empty all or any is reported at .all / .any', () => {
    expect(validate({ all: [] })).toEqual([
      {
        path: `${AT}.all`,
        rule: 'CONDITION_GROUP_EMPTY',
        params: {},
        message: 'must be a non-empty list of conditions',
      },
    ]);
    expect(validate({ any: [] })).toEqual([
      {
        path: `${AT}.any`,
        rule: 'CONDITION_GROUP_EMPTY',
        params: {},
        message: 'must be a non-empty list of conditions',
      },
    ]);
  });

  test('all or any that is not a list is reported at .all / .any', () => {
    expect(validate({ all: cmp('headcount', 'gt', 1) })).toEqual([
      {
        path: `${AT}.all`,
        rule: 'CONDITION_GROUP_EMPTY',
        params: {},
        message: 'must be a non-empty list of conditions',
      },
    ]);
    expect(validate({ any: null })).toEqual([
      {
        path: `${AT}.any`,
        rule: 'CONDITION_GROUP_EMPTY',
        params: {},
        message: 'must be a non-empty list of conditions',
      },
    ]);
  });

  test('extra keys on a comparison are reported at the condition, naming them', () => {
    expect(validate({ field: 'headcount', op: 'gt', value: 1, unit: 'people', note: 'x' })).toEqual([
      {
        path: AT,
        rule: 'CONDITION_UNKNOWN_KEYS',
        params: { keys: 'unit, note' },
        message: 'unknown key(s) unit, note',
      },
    ]);
  });

  test('all or any alongside another key is reported at the condition', () => {
    expect(validate({ all: [cmp('headcount', 'gt', 1)], any: [cmp('headcount', 'lt', 9)] })).toEqual([
      {
        path: AT,
        rule: 'CONDITION_GROUP_NOT_ALONE',
        params: { group: 'all' },
        message: '"all" must be the only key of its condition',
      },
    ]);
    expect(validate({ any: [cmp('headcount', 'gt', 1)], field: 'headcount' })).toEqual([
      {
        path: AT,
        rule: 'CONDITION_GROUP_NOT_ALONE',
        params: { group: 'any' },
        message: '"any" must be the only key of its condition',
      },
    ]);
  });

  test('a non-object (null, array, string, number) is reported at the condition', () => {
    for (const value of [null, undefined, [cmp('headcount', 'gt', 1)], 'headcount > 1', 42, true]) {
      expect(validate(value)).toEqual([
        { path: AT, rule: 'CONDITION_NOT_OBJECT', params: {}, message: 'a condition must be an object' },
      ]);
    }
  });

  test('problems inside all/any carry the index path of each member', () => {
    expect(
      validate({
        all: [
          cmp('seating_area_m2', 'gt', 150),
          { any: [cmp('serves_alcohol', 'gt', true), cmp('ghost', 'eq', 1), 'nonsense'] },
          cmp('opening_date', 'lt', '2025-13-01'),
        ],
      }),
    ).toEqual([
      {
        path: `${AT}.all[1].any[0].op`,
        rule: 'CONDITION_OPERATOR_NEEDS_ORDER',
        params: { op: 'gt', field: 'serves_alcohol', type: 'boolean' },
        message: '"gt" needs a number, area, money or date field; "serves_alcohol" is boolean',
      },
      {
        path: `${AT}.all[1].any[1].field`,
        rule: 'CONDITION_UNKNOWN_FIELD',
        params: { field: 'ghost' },
        message: 'no form field "ghost" in this service',
      },
      {
        path: `${AT}.all[1].any[2]`,
        rule: 'CONDITION_NOT_OBJECT',
        params: {},
        message: 'a condition must be an object',
      },
      {
        path: `${AT}.all[2].value`,
        rule: 'CONDITION_VALUE_NOT_DATE',
        params: { field: 'opening_date' },
        message: 'must be a date (YYYY-MM-DD) for field "opening_date"',
      },
    ]);
  });

  test('six levels of nested groups are allowed', () => {
    expect(validate(nested(6))).toEqual([]);
  });

  test('nesting deeper than six levels is reported at the member that is too deep', () => {
    expect(validate(nested(7))).toEqual([
      {
        path: `${AT}${'.all[0]'.repeat(7)}`,
        rule: 'CONDITION_TOO_DEEP',
        params: { max: 6 },
        message: 'conditions may nest at most 6 levels',
      },
    ]);
  });

  test('the path is used exactly as given, so an empty path yields member-relative paths', () => {
    expect(validateCondition({ all: [] }, fieldsByKey, 'includeWhen')).toEqual([
      {
        path: 'includeWhen.all',
        rule: 'CONDITION_GROUP_EMPTY',
        params: {},
        message: 'must be a non-empty list of conditions',
      },
    ]);
  });
});

describe('describeCondition', () => {
  test('a single comparison uses the operator symbol and the value as JSON', () => {
    expect(describeCondition(cmp('seating_area_m2', 'gt', 150))).toBe('seating_area_m2 > 150');
    expect(describeCondition(cmp('headcount', 'gte', 10))).toBe('headcount ≥ 10');
    expect(describeCondition(cmp('capital', 'lt', 5000.5))).toBe('capital < 5000.5');
    expect(describeCondition(cmp('headcount', 'lte', 3))).toBe('headcount ≤ 3');
    expect(describeCondition(cmp('serves_alcohol', 'eq', true))).toBe('serves_alcohol = true');
    expect(describeCondition(cmp('business_type', 'ne', 'bar'))).toBe('business_type ≠ "bar"');
    expect(describeCondition(cmp('opening_date', 'gte', '2025-01-01'))).toBe('opening_date ≥ "2025-01-01"');
    expect(describeCondition(cmp('business_type', 'in', ['bar', 'restaurant']))).toBe(
      'business_type in ["bar","restaurant"]',
    );
  });

  test('all joins with "and", any joins with "or"', () => {
    expect(describeCondition({ all: [cmp('seating_area_m2', 'gt', 150), cmp('serves_alcohol', 'eq', true)] })).toBe(
      'seating_area_m2 > 150 and serves_alcohol = true',
    );
    expect(describeCondition({ any: [cmp('seating_area_m2', 'gt', 150), cmp('serves_alcohol', 'eq', true)] })).toBe(
      'seating_area_m2 > 150 or serves_alcohol = true',
    );
  });

  test('a nested group is parenthesised: seating_area_m2 > 150 and (serves_alcohol = true or …)', () => {
    expect(
      describeCondition({
        all: [
          cmp('seating_area_m2', 'gt', 150),
          { any: [cmp('serves_alcohol', 'eq', true), cmp('business_type', 'in', ['bar', 'restaurant'])] },
        ],
      }),
    ).toBe('seating_area_m2 > 150 and (serves_alcohol = true or business_type in ["bar","restaurant"])');
  });

  test('groups nested in groups are parenthesised at every level', () => {
    expect(
      describeCondition({
        any: [
          { all: [cmp('headcount', 'gt', 10), { any: [cmp('capital', 'gte', 100), cmp('capital', 'lt', 0)] }] },
          cmp('serves_alcohol', 'eq', false),
        ],
      }),
    ).toBe('(headcount > 10 and (capital ≥ 100 or capital < 0)) or serves_alcohol = false');
  });
});
