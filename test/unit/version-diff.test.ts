import type { ServiceVersionSnapshot } from '../../libs/domain/service/service-version';
import { defaultStepConfig } from '../../libs/domain/service/step-config';
import { diffVersions } from '../../libs/domain/service/version-diff';
import { RESTAURANT_OPENING_V1 } from '../../libs/persistence/seed/demo-data';

const v1 = RESTAURANT_OPENING_V1;
const withChanges = (change: (s: ServiceVersionSnapshot) => void): ServiceVersionSnapshot => {
  const next = structuredClone(v1);
  next.version = 2;
  change(next);
  return next;
};
const stepOf = (s: ServiceVersionSnapshot, key: string) => {
  const found = s.steps.find((x) => x.key === key);
  if (!found) throw new Error(key);
  return found;
};

describe('diffVersions', () => {
  test('identical versions differ in nothing', () => {
    expect(
      diffVersions(
        v1,
        withChanges(() => undefined),
      ),
    ).toEqual({
      serviceCode: 'restaurant-opening',
      from: 1,
      to: 2,
      service: [],
      steps: { added: [], removed: [], departmentChanged: [] },
      edges: { added: [], removed: [] },
      configChanges: [],
    });
  });

  test('name and overall limit changes are listed', () => {
    const diff = diffVersions(
      v1,
      withChanges((s) => {
        s.overallLimitDays = 15;
      }),
    );
    expect(diff.service).toEqual([{ path: 'overallLimitDays', before: 20, after: 15 }]);
  });

  test('an added step and its edges appear; a removed edge too', () => {
    const diff = diffVersions(
      v1,
      withChanges((s) => {
        s.steps.push({
          key: 'signage',
          departmentCode: 'housing',
          after: ['business-licence'],
          config: defaultStepConfig(),
        });
        stepOf(s, 'health-permit').after = ['business-licence', 'fire-safety'];
      }),
    );
    expect(diff.steps.added).toEqual([{ key: 'signage', departmentCode: 'housing', after: ['business-licence'] }]);
    expect(diff.steps.removed).toEqual([]);
    expect(diff.edges).toEqual({
      added: [{ from: 'business-licence', to: 'signage' }],
      removed: [{ from: 'environment-review', to: 'health-permit' }],
    });
  });

  test('a removed step and a step moved to another department', () => {
    const diff = diffVersions(
      v1,
      withChanges((s) => {
        s.steps = s.steps.filter((x) => x.key !== 'environment-review');
        stepOf(s, 'health-permit').after = ['business-licence', 'fire-safety'];
        stepOf(s, 'tax-registration').departmentCode = 'market';
      }),
    );
    expect(diff.steps.removed).toEqual([{ key: 'environment-review', departmentCode: 'environment', after: [] }]);
    expect(diff.steps.departmentChanged).toEqual([{ stepKey: 'tax-registration', before: 'tax', after: 'market' }]);
  });

  test('config changes are listed per step with a readable path', () => {
    const diff = diffVersions(
      v1,
      withChanges((s) => {
        const health = stepOf(s, 'health-permit').config;
        health.timeLimitDays = 3;
        health.fields.push({
          key: 'seating_area_m2',
          label: { zh: '营业面积', en: 'Area' },
          type: 'area_m2',
          required: true,
        });
        health.includeWhen = { field: 'seating_area_m2', op: 'gt', value: 150 };
        stepOf(s, 'fire-safety').config.materials[0].maxBytes = 5_000_000;
      }),
    );
    expect(diff.configChanges).toEqual([
      { stepKey: 'fire-safety', path: 'materials[floor-plan].maxBytes', before: null, after: 5_000_000 },
      { stepKey: 'health-permit', path: 'timeLimitDays', before: 5, after: 3 },
      {
        stepKey: 'health-permit',
        path: 'fields[seating_area_m2]',
        before: null,
        after: expect.objectContaining({ key: 'seating_area_m2', type: 'area_m2' }),
      },
      {
        stepKey: 'health-permit',
        path: 'includeWhen',
        before: null,
        after: { field: 'seating_area_m2', op: 'gt', value: 150 },
      },
    ]);
  });

  test('reordering materials is no change; removing one is', () => {
    const base = withChanges((s) => {
      stepOf(s, 'business-licence').config.materials.push({ code: 'lease', name: '租赁合同', kind: 'core' });
    });
    const reordered = structuredClone(base);
    reordered.version = 3;
    stepOf(reordered, 'business-licence').config.materials.reverse();
    expect(diffVersions(base, reordered).configChanges).toEqual([]);

    const removed = structuredClone(base);
    removed.version = 3;
    stepOf(removed, 'business-licence').config.materials = [{ code: 'lease', name: '租赁合同', kind: 'core' }];
    expect(diffVersions(base, removed).configChanges).toEqual([
      {
        stepKey: 'business-licence',
        path: 'materials[articles-of-association]',
        before: { code: 'articles-of-association', name: '公司章程', kind: 'core' },
        after: null,
      },
    ]);
  });

  test('key order inside a config does not count as a change', () => {
    const reordered = withChanges((s) => {
      const c = stepOf(s, 'tax-registration').config;
      stepOf(s, 'tax-registration').config = Object.fromEntries(Object.entries(c).reverse()) as typeof c;
    });
    expect(diffVersions(v1, reordered).configChanges).toEqual([]);
  });
});
