import { findCycle, readySteps, routeStages, validateRoute } from '../../libs/domain/route/route-graph';
import type { RouteStep } from '../../libs/domain/route/route.types';

/** `step('b', 'a')`: step b runs after a. Departments do not matter to the graph. */
const step = (key: string, ...after: string[]): RouteStep => ({ key, departmentCode: `dept-${key}`, after });

/** The demo service's shape: three departments in parallel, then two in sequence. */
const restaurantOpening: RouteStep[] = [
  step('business-licence'),
  step('fire-safety'),
  step('environment-review'),
  step('health-permit', 'business-licence', 'fire-safety', 'environment-review'),
  step('tax-registration', 'health-permit'),
];

const diamond: RouteStep[] = [step('a'), step('b', 'a'), step('c', 'a'), step('d', 'b', 'c')];

describe('validateRoute', () => {
  test('a route with a parallel stage followed by a sequence is valid', () => {
    expect(validateRoute(restaurantOpening)).toEqual([]);
  });

  test('a diamond (fan out, then join) is valid', () => {
    expect(validateRoute(diamond)).toEqual([]);
  });

  test('an empty route is refused', () => {
    expect(validateRoute([])).toEqual([
      { path: 'steps', rule: 'ROUTE_EMPTY', params: {}, message: 'a route needs at least one step' },
    ]);
  });

  test('a duplicate key is reported at the second occurrence and names the first', () => {
    const problems = validateRoute([step('a'), step('b', 'a'), step('a')]);
    expect(problems).toEqual([
      {
        path: 'steps[2].key',
        rule: 'DUPLICATE_STEP_KEY',
        params: { key: 'a', first: 'steps[0]' },
        message: 'duplicate step key "a" (also steps[0])',
      },
    ]);
  });

  test.each([
    ['an uppercase letter', 'Fire'],
    ['a leading digit', '1st-review'],
    ['a space', 'fire safety'],
    ['a dot', 'fire.safety'],
    ['an empty key', ''],
    ['more than 63 characters', `a${'b'.repeat(63)}`],
  ])('a key with %s is refused', (_case, key) => {
    expect(validateRoute([step(key)])).toEqual([
      {
        path: 'steps[0].key',
        rule: 'KEY_FORMAT',
        params: { key },
        message: `"${key}" must start with a lowercase letter and use only a-z, 0-9, "_" or "-" (max 63)`,
      },
    ]);
  });

  test('keys of lowercase letters, digits, "_" and "-" up to 63 characters are accepted', () => {
    expect(validateRoute([step('a'), step('fire_safety-2'), step(`a${'b'.repeat(62)}`)])).toEqual([]);
  });

  test('a predecessor that is not a step of the route is reported with its path', () => {
    expect(validateRoute([step('a'), step('b', 'a', 'ghost')])).toEqual([
      { path: 'steps[1].after[1]', rule: 'UNKNOWN_STEP', params: { step: 'ghost' }, message: 'unknown step "ghost"' },
    ]);
  });

  test('a step that comes after itself is reported as a self edge, not as a cycle', () => {
    expect(validateRoute([step('a'), step('b', 'b')])).toEqual([
      {
        path: 'steps[1].after[0]',
        rule: 'STEP_AFTER_ITSELF',
        params: { step: 'b' },
        message: 'step "b" cannot come after itself',
      },
    ]);
  });

  test('a predecessor listed twice is reported', () => {
    expect(validateRoute([step('a'), step('b', 'a', 'a')])).toEqual([
      { path: 'steps[1].after[1]', rule: 'DUPLICATE_ENTRY', params: { value: 'a' }, message: '"a" is listed twice' },
    ]);
  });

  test('a two-step cycle is refused', () => {
    expect(validateRoute([step('a', 'b'), step('b', 'a')])).toEqual([
      {
        path: 'steps',
        rule: 'ROUTE_CYCLE',
        params: { cycle: expect.stringMatching(/^(a → b → a|b → a → b)$/) },
        message: expect.stringMatching(/^the route has a cycle: (a → b → a|b → a → b)$/),
      },
    ]);
  });

  test('a three-step cycle is refused with the cycle path, in execution order, in the message', () => {
    // a → b → c → a, hanging off a valid entry step.
    const problems = validateRoute([step('start'), step('a', 'start', 'c'), step('b', 'a'), step('c', 'b')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'steps', rule: 'ROUTE_CYCLE' });
    const { cycle: words } = problems[0].params as { cycle: string };
    expect(problems[0].message).toBe(`the route has a cycle: ${words}`);
    const cycle = words.split(' → ');
    expect(cycle).toHaveLength(4);
    expect(cycle[0]).toBe(cycle[3]);
    expect(new Set(cycle)).toEqual(new Set(['a', 'b', 'c']));
    expect(isRotationOf(cycle.slice(0, 3), ['a', 'b', 'c'])).toBe(true);
  });

  test('every structural problem is reported at once', () => {
    const problems = validateRoute([step('Bad'), step('b', 'ghost'), step('b')]);
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ['steps[0].key', 'KEY_FORMAT'],
      ['steps[2].key', 'DUPLICATE_STEP_KEY'],
      ['steps[1].after[0]', 'UNKNOWN_STEP'],
    ]);
  });
});

describe('findCycle', () => {
  test('a DAG has no cycle', () => {
    expect(findCycle(restaurantOpening)).toBeUndefined();
    expect(findCycle(diamond)).toBeUndefined();
  });

  test('a three-step cycle is returned starting and ending with the same key, following the "after" edges forward', () => {
    const cycle = findCycle([step('a', 'c'), step('b', 'a'), step('c', 'b')]);
    expect(cycle).toBeDefined();
    expect(cycle).toHaveLength(4);
    expect(cycle![0]).toBe(cycle![3]);
    // b runs after a and c after b: execution order is a → b → c → a in some rotation.
    expect(isRotationOf(cycle!.slice(0, 3), ['a', 'b', 'c'])).toBe(true);
  });

  test('a self edge is a cycle of one step', () => {
    expect(findCycle([step('a', 'a')])).toEqual(['a', 'a']);
  });

  test('a cycle downstream of valid steps is found', () => {
    const cycle = findCycle([step('x'), step('y', 'x', 'z'), step('z', 'y')]);
    expect(cycle).toBeDefined();
    expect(new Set(cycle)).toEqual(new Set(['y', 'z']));
  });

  test('unknown predecessors are ignored (validateRoute reports them)', () => {
    expect(findCycle([step('a', 'ghost')])).toBeUndefined();
  });
});

describe('routeStages', () => {
  test('steps without predecessors form the first stage and run in parallel', () => {
    expect(routeStages(restaurantOpening)).toEqual([
      ['business-licence', 'fire-safety', 'environment-review'],
      ['health-permit'],
      ['tax-registration'],
    ]);
  });

  test('a chain is one step per stage, in order', () => {
    expect(routeStages([step('a'), step('b', 'a'), step('c', 'b')])).toEqual([['a'], ['b'], ['c']]);
  });

  test('the order of declaration does not change the stages', () => {
    expect(routeStages([step('c', 'b'), step('b', 'a'), step('a')])).toEqual([['a'], ['b'], ['c']]);
  });

  test('a diamond has the two branches in one stage and the join after them', () => {
    expect(routeStages(diamond)).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  test('a step waits for its longest chain of predecessors', () => {
    // d needs a directly and c, which is two steps after a: d is in stage 3, not stage 1.
    expect(routeStages([step('a'), step('b', 'a'), step('c', 'b'), step('d', 'a', 'c')])).toEqual([
      ['a'],
      ['b'],
      ['c'],
      ['d'],
    ]);
  });
});

describe('readySteps', () => {
  const keys = (steps: RouteStep[]): string[] => steps.map((s) => s.key);

  test('at the start every step without predecessors is ready, in declaration order', () => {
    expect(keys(readySteps(restaurantOpening, new Set(), new Set()))).toEqual([
      'business-licence',
      'fire-safety',
      'environment-review',
    ]);
  });

  test('after a partial approval of a parallel stage nothing new is ready', () => {
    const started = new Set(['business-licence', 'fire-safety', 'environment-review']);
    const finished = new Set(['business-licence', 'fire-safety']);
    expect(readySteps(restaurantOpening, finished, started)).toEqual([]);
  });

  test('when the whole parallel stage is approved the join step becomes ready', () => {
    const firstStage = new Set(['business-licence', 'fire-safety', 'environment-review']);
    expect(keys(readySteps(restaurantOpening, firstStage, firstStage))).toEqual(['health-permit']);
  });

  test('a started step is not ready again', () => {
    const firstStage = new Set(['business-licence', 'fire-safety', 'environment-review']);
    const started = new Set([...firstStage, 'health-permit']);
    expect(readySteps(restaurantOpening, firstStage, started)).toEqual([]);
  });

  test('in a diamond one approved branch does not release the join', () => {
    const started = new Set(['a', 'b', 'c']);
    expect(readySteps(diamond, new Set(['a', 'b']), started)).toEqual([]);
    expect(keys(readySteps(diamond, new Set(['a', 'b', 'c']), started))).toEqual(['d']);
  });

  test('a step whose predecessors are all finished but which was not started yet is ready', () => {
    // e.g. the worker activated "a" and "b" but not yet "c" before a restart.
    expect(keys(readySteps(diamond, new Set(['a']), new Set(['a', 'b'])))).toEqual(['c']);
  });
});

function isRotationOf(actual: readonly string[], expected: readonly string[]): boolean {
  if (actual.length !== expected.length) return false;
  const doubled = [...expected, ...expected].join('\u0000');
  return doubled.includes(actual.join('\u0000'));
}

describe('routeStages on routes validateRoute would refuse', () => {
  test('throws a clear error instead of overflowing the stack on a cycle', () => {
    expect(() =>
      routeStages([
        { key: 'a', departmentCode: 'x', after: ['b'] },
        { key: 'b', departmentCode: 'x', after: ['a'] },
      ]),
    ).toThrow(/acyclic/);
  });

  test('ignores an unknown predecessor rather than leaving an empty first stage', () => {
    expect(routeStages([{ key: 'a', departmentCode: 'x', after: ['ghost'] }])).toEqual([['a']]);
  });
});
