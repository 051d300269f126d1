import {
  describeProblem,
  fillTemplate,
  PROBLEM_RULE_CODES,
  PROBLEM_RULES,
  problemAt,
  templatePlaceholders,
} from '../../libs/domain';

describe('the table of problem rules', () => {
  test('a problem carries its rule, its params and the English sentence made from them', () => {
    expect(problemAt('steps.a.config', 'STEP_NOT_CONFIGURED', { step: 'a', department: 'fire' })).toEqual({
      path: 'steps.a.config',
      rule: 'STEP_NOT_CONFIGURED',
      params: { step: 'a', department: 'fire' },
      message: 'step "a" is not configured yet; the CIO of department "fire" must configure it',
    });
    expect(describeProblem('ROUTE_EMPTY', {})).toEqual({
      rule: 'ROUTE_EMPTY',
      params: {},
      message: 'a route needs at least one step',
    });
  });

  test('values are put in as they are, even with the characters String.replace treats specially', () => {
    expect(
      describeProblem('FORM_VALUE_PATTERN_MISMATCH', { labelEn: 'Code', labelZh: '代码', pattern: '^a$&b$1' }),
    ).toMatchObject({ message: '"Code" must match the pattern ^a$&b$1' });
    expect(fillTemplate('{{a}} and {{b}}', { a: 1 })).toBe('1 and {{b}}');
  });

  test('every English sentence uses only the params its rule declares', () => {
    for (const rule of PROBLEM_RULE_CODES) {
      const { params, en } = PROBLEM_RULES[rule];
      const declared: readonly string[] = params;
      expect([rule, templatePlaceholders(en).filter((p) => !declared.includes(p))]).toEqual([rule, []]);
    }
  });

  test('rule codes are stable upper-case names', () => {
    for (const rule of PROBLEM_RULE_CODES) expect(rule).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });
});
