import { randomUUID } from 'node:crypto';
import { loadConfig, requireService } from '../../libs/config';
import { createDataSource } from '../../libs/persistence/data-source';
import { RESTAURANT_OPENING_V1 } from '../../libs/persistence/seed/demo-data';
import { loginAs } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { stepConfig } from '../support/service-setup';

const areaField = {
  key: 'seating_area_m2',
  label: { zh: '营业面积 (平方米)', en: 'Seating area (m²)' },
  type: 'area_m2',
  required: true,
};
const alcoholField = {
  key: 'serves_alcohol',
  label: { zh: '是否售酒', en: 'Serves alcohol' },
  type: 'boolean',
  required: true,
};

/** Suites share one database: every service here gets a code of its own. */
const uniqueCode = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Parallel market and fire steps, then health. */
const BAKERY_ROUTE = [
  { key: 'business-licence', departmentCode: 'market', after: [] },
  { key: 'fire-safety', departmentCode: 'fire', after: [] },
  { key: 'health-permit', departmentCode: 'health', after: ['business-licence', 'fire-safety'] },
];

describe('service configuration: coordinating CIO owns the route, department CIOs own their steps', () => {
  const stack = new ProcessStack();
  let coord: ApiUser;
  let cio: Record<'market' | 'fire' | 'health', ApiUser>;
  let staffMarket: ApiUser;
  let applicant: ApiUser;

  beforeAll(async () => {
    await stack.start();
    const [c, m, f, h, s, a] = await Promise.all(
      ['coord', 'cio.market', 'cio.fire', 'cio.health', 'staff.market', 'applicant1'].map((u) => loginAs(stack, u)),
    );
    [coord, staffMarket, applicant] = [c, s, a];
    cio = { market: m, fire: f, health: h };
  });
  afterAll(() => stack.stop());

  /** Like ApiUser.request, with the response headers (ETag) kept. */
  async function send(
    user: ApiUser,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    // Bodies are read loosely, as in ApiUser.request: the assertions check their shape.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const parsed: any = text ? JSON.parse(text) : undefined;
    return { status: response.status, headers: response.headers, body: parsed };
  }

  async function createService(code: string, steps = BAKERY_ROUTE, overallLimitDays = 20) {
    const created = await send(coord, 'POST', '/services', { code, name: `Test ${code}`, overallLimitDays, steps });
    if (created.status !== 201) throw new Error(`create ${code}: ${created.status} ${JSON.stringify(created.body)}`);
    return created;
  }

  async function draftOf(code: string) {
    const service = await coord.request('GET', `/services/${code}`);
    if (service.status !== 200) throw new Error(`GET ${code}: ${service.status}`);
    return service.body.draft;
  }

  async function revisionOf(code: string, key: string): Promise<number> {
    const draft = await draftOf(code);
    return draft.steps.find((s: { key: string }) => s.key === key).revision;
  }

  function configure(user: ApiUser, code: string, key: string, config: unknown, revision?: number | string) {
    const headers: Record<string, string> = revision === undefined ? {} : { 'if-match': `${revision}` };
    return send(user, 'PUT', `/services/${code}/steps/${key}`, config, headers);
  }

  /** Configures every step of the bakery route as its department's CIO would. */
  async function configureAll(code: string, configs: Partial<Record<string, unknown>> = {}) {
    const owners: Record<string, ApiUser> = {
      'business-licence': cio.market,
      'fire-safety': cio.fire,
      'health-permit': cio.health,
    };
    for (const [key, owner] of Object.entries(owners)) {
      const done = await configure(owner, code, key, configs[key] ?? stepConfig(), `"${await revisionOf(code, key)}"`);
      if (done.status !== 200) throw new Error(`configure ${key}: ${done.status} ${JSON.stringify(done.body)}`);
    }
  }

  async function publishProblems(code: string) {
    const published = await coord.request('POST', `/services/${code}/publish`);
    expect(published.status).toBe(422);
    expect(published.body.code).toBe('PUBLISH_VALIDATION_FAILED');
    return published.body.details as { path: string; message: string }[];
  }

  describe('creating a service', () => {
    test('the coordinating CIO creates a service whose steps start unconfigured at revision 1', async () => {
      const code = uniqueCode('bakery');
      const created = await createService(code);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.body).toMatchObject({ code, published: null, draft: { routeRevision: 1, overallLimitDays: 20 } });
      expect(created.body.draft.steps).toEqual(BAKERY_ROUTE.map((s) => ({ ...s, config: null, revision: 1 })));

      const again = await coord.request('POST', '/services', {
        code,
        name: 'x',
        overallLimitDays: 5,
        steps: BAKERY_ROUTE,
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('SERVICE_ALREADY_EXISTS');
    });

    test('a malformed code is refused naming the field', async () => {
      const bad = await coord.request('POST', '/services', {
        code: 'Bakery_Opening',
        name: 'x',
        overallLimitDays: 5,
        steps: BAKERY_ROUTE,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([
        expect.objectContaining({
          field: 'code',
          rule: 'SERVICE_CODE_FORMAT',
          message: expect.stringContaining('lowercase'),
        }),
      ]);
    });

    test('an unknown department or a bad route is refused with every problem', async () => {
      const bad = await coord.request('POST', '/services', {
        code: uniqueCode('bad'),
        name: 'x',
        overallLimitDays: 5,
        steps: [
          { key: 'a', departmentCode: 'market', after: ['b'] },
          { key: 'b', departmentCode: 'aviation', after: ['a'] },
          { key: 'c', departmentCode: 'fire', after: ['ghost'] },
        ],
      });
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('ROUTE_INVALID');
      expect(bad.body.details).toEqual([
        { path: 'steps[2].after[0]', rule: 'UNKNOWN_STEP', params: { step: 'ghost' }, message: 'unknown step "ghost"' },
        {
          path: 'steps[1].departmentCode',
          rule: 'UNKNOWN_DEPARTMENT',
          params: { department: 'aviation' },
          message: 'department "aviation" does not exist',
        },
      ]);
    });

    test('only the coordinating CIO creates services', async () => {
      const body = { code: uniqueCode('nope'), name: 'x', overallLimitDays: 5, steps: BAKERY_ROUTE };
      for (const user of [applicant, cio.market, staffMarket]) {
        const refused = await user.request('POST', '/services', body);
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('FORBIDDEN_ROLE');
      }
    });
  });

  describe('configuring a step', () => {
    let code: string;
    beforeAll(async () => {
      code = uniqueCode('perm');
      await createService(code);
    });

    test("the department's CIO configures its step; the answer carries the new revision as ETag", async () => {
      const config = stepConfig({
        timeLimitDays: 5,
        statutoryLimitDays: 20,
        materials: [{ code: 'lease', name: '租赁合同', kind: 'core', fileTypes: ['pdf'], maxBytes: 10_000_000 }],
        fields: [areaField],
      });
      const done = await configure(cio.market, code, 'business-licence', config, '"1"');
      expect(done.status).toBe(200);
      expect(done.headers.get('etag')).toBe('"2"');
      expect(done.body).toEqual({ key: 'business-licence', departmentCode: 'market', revision: 2, config });
      const step = (await draftOf(code)).steps[0];
      expect(step).toMatchObject({ key: 'business-licence', revision: 2, config });
    });

    test("a CIO cannot edit another department's step", async () => {
      const refused = await configure(
        cio.fire,
        code,
        'business-licence',
        stepConfig(),
        await revisionOf(code, 'business-licence'),
      );
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('STEP_OWNED_BY_OTHER_DEPARTMENT');
    });

    test('staff, applicants and the coordinating CIO cannot edit any step', async () => {
      for (const user of [staffMarket, applicant, coord]) {
        const refused = await configure(user, code, 'business-licence', stepConfig(), 1);
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('FORBIDDEN_ROLE');
      }
      expect((await draftOf(code)).steps[0].revision).toBe(2);
    });

    test('an edit without If-Match is refused with 428; a bare revision number is accepted', async () => {
      const missing = await configure(cio.fire, code, 'fire-safety', stepConfig());
      expect(missing.status).toBe(428);
      expect(missing.body.code).toBe('PRECONDITION_REQUIRED');
      const garbage = await configure(cio.fire, code, 'fire-safety', stepConfig(), 'latest');
      expect(garbage.status).toBe(400);
      expect(garbage.body.details).toEqual([expect.objectContaining({ field: 'If-Match' })]);
      expect((await configure(cio.fire, code, 'fire-safety', stepConfig(), 1)).status).toBe(200);
    });

    test('a malformed config is a 400 naming the fields', async () => {
      const bad = await configure(
        cio.health,
        code,
        'health-permit',
        stepConfig({ timeLimitDays: 'five', materials: [{ code: 'x', name: 'X', kind: 'optional' }], extra: 1 }),
        1,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
        ['extra', 'materials.0.kind', 'timeLimitDays'].sort(),
      );
    });

    test('a config breaking the rules is a 422 listing every problem', async () => {
      const bad = await configure(
        cio.health,
        code,
        'health-permit',
        stepConfig({
          timeLimitDays: 0,
          fields: [
            { ...areaField, rules: { min: 10, max: 1 } },
            { ...areaField, type: 'enum' },
          ],
          pledge: { allowed: true, postCheckRate: 2 },
        }),
        1,
      );
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('STEP_CONFIG_INVALID');
      expect(bad.body.details.map((d: { path: string; rule: string }) => [d.path, d.rule])).toEqual([
        ['timeLimitDays', 'WORKING_DAYS_OUT_OF_RANGE'],
        ['fields[0].rules.min', 'MIN_ABOVE_MAX'],
        ['fields[1].key', 'DUPLICATE_FIELD_KEY'],
        ['fields[1].rules.options', 'ENUM_NEEDS_OPTIONS'],
        ['pledge.postCheckRate', 'SHARE_OUT_OF_RANGE'],
      ]);
      expect(await revisionOf(code, 'health-permit')).toBe(1);
    });

    test('an unknown step is a 404', async () => {
      const missing = await configure(cio.market, code, 'no-such-step', stepConfig(), 1);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('SERVICE_STEP_NOT_FOUND');
    });
  });

  describe('concurrent edits', () => {
    test('two CIOs of different departments editing different steps at once both succeed', async () => {
      const code = uniqueCode('para');
      await createService(code);
      const [market, fire] = await Promise.all([
        configure(cio.market, code, 'business-licence', stepConfig({ timeLimitDays: 4 }), '"1"'),
        configure(cio.fire, code, 'fire-safety', stepConfig({ timeLimitDays: 6 }), '"1"'),
      ]);
      expect([market.status, fire.status]).toEqual([200, 200]);
      const steps = (await draftOf(code)).steps;
      expect(
        steps.map((s: { revision: number; config: { timeLimitDays: number } | null }) => [
          s.revision,
          s.config?.timeLimitDays,
        ]),
      ).toEqual([
        [2, 4],
        [2, 6],
        [1, undefined],
      ]);
    });

    test('the same step edited twice from the same revision: the second edit is stale (409)', async () => {
      const code = uniqueCode('race');
      await createService(code);
      const results = await Promise.all([
        configure(cio.market, code, 'business-licence', stepConfig({ timeLimitDays: 4 }), '"1"'),
        configure(cio.market, code, 'business-licence', stepConfig({ timeLimitDays: 7 }), '"1"'),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const stale = results.find((r) => r.status === 409);
      expect(stale?.body).toMatchObject({
        code: 'STALE_REVISION',
        details: { stepKey: 'business-licence', sentRevision: 1, currentRevision: 2 },
      });
      const winner = results.find((r) => r.status === 200);
      expect((await draftOf(code)).steps[0].config.timeLimitDays).toBe(winner?.body.config.timeLimitDays);
    });

    test('a route edit based on an old route revision is stale; configs of unchanged steps survive', async () => {
      const code = uniqueCode('route');
      await createService(code);
      await configureAll(code, { 'business-licence': stepConfig({ timeLimitDays: 2 }) });
      const route = {
        name: 'Bakery (renamed)',
        overallLimitDays: 15,
        steps: [
          { key: 'business-licence', departmentCode: 'market', after: [] },
          { key: 'fire-safety', departmentCode: 'market', after: ['business-licence'] },
          { key: 'health-permit', departmentCode: 'health', after: ['fire-safety'] },
        ],
      };
      expect((await coord.request('PUT', `/services/${code}`, route)).status).toBe(428);
      const edited = await send(coord, 'PUT', `/services/${code}`, route, { 'if-match': '"1"' });
      expect(edited.status).toBe(200);
      expect(edited.headers.get('etag')).toBe('"2"');
      expect(edited.body.problems).toEqual([]);
      expect(edited.body.draft).toMatchObject({ name: 'Bakery (renamed)', overallLimitDays: 15, routeRevision: 2 });
      expect(
        edited.body.draft.steps.map((s: { key: string; revision: number; config: unknown }) => [
          s.key,
          s.revision,
          s.config !== null,
        ]),
      ).toEqual([
        ['business-licence', 2, true],
        // Handed from fire to market: the new owner configures it afresh.
        ['fire-safety', 3, false],
        ['health-permit', 2, true],
      ]);

      const stale = await coord.request('PUT', `/services/${code}`, route, { 'if-match': '"1"' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'STALE_REVISION', details: { sentRevision: 1, currentRevision: 2 } });
      // The old owner's edit, based on the revision it read, does not land.
      expect((await configure(cio.fire, code, 'fire-safety', stepConfig(), 2)).status).toBe(403);
    });

    test('a service without a draft (seeded before drafts) starts one from its published version', async () => {
      const code = uniqueCode('legacy');
      const dataSource = createDataSource(requireService(loadConfig().databaseUrl, 'DATABASE_URL'), 1);
      await dataSource.initialize();
      try {
        await dataSource.query(`INSERT INTO services (code, name, published_version, draft) VALUES ($1, $2, 1, NULL)`, [
          code,
          RESTAURANT_OPENING_V1.name,
        ]);
        await dataSource.query(
          `INSERT INTO service_versions (service_code, version, snapshot, published_at, published_by)
           VALUES ($1, 1, $2::jsonb, now(), 'seed')`,
          [code, JSON.stringify({ ...RESTAURANT_OPENING_V1, serviceCode: code })],
        );
      } finally {
        await dataSource.destroy();
      }
      const draft = await draftOf(code);
      expect(draft.routeRevision).toBe(1);
      expect(draft.steps.map((s: { revision: number }) => s.revision)).toEqual([1, 1, 1, 1, 1]);
      const done = await configure(cio.health, code, 'health-permit', stepConfig({ timeLimitDays: 4 }), 1);
      expect(done.status).toBe(200);
      const after = await draftOf(code);
      expect(after.steps.find((s: { key: string }) => s.key === 'fire-safety').config).toEqual(
        RESTAURANT_OPENING_V1.steps[1].config,
      );
      expect(after.steps.find((s: { key: string }) => s.key === 'health-permit')).toMatchObject({ revision: 2 });
    });
  });

  describe('publish validation: 422 listing every problem with its location', () => {
    test('a cycle in the route (saved in the draft, refused at publish)', async () => {
      const code = uniqueCode('cycle');
      await createService(code);
      await configureAll(code);
      const cyclic = await coord.request(
        'PUT',
        `/services/${code}`,
        {
          name: 'x',
          overallLimitDays: 20,
          steps: [
            { key: 'business-licence', departmentCode: 'market', after: ['health-permit'] },
            { key: 'fire-safety', departmentCode: 'fire', after: [] },
            { key: 'health-permit', departmentCode: 'health', after: ['business-licence', 'fire-safety'] },
          ],
        },
        { 'if-match': '1' },
      );
      expect(cyclic.status).toBe(200);
      expect(cyclic.body.problems).toEqual([
        {
          path: 'steps',
          rule: 'ROUTE_CYCLE',
          params: { cycle: 'business-licence → health-permit → business-licence' },
          message: 'the route has a cycle: business-licence → health-permit → business-licence',
        },
      ]);
      expect(await publishProblems(code)).toEqual([
        {
          path: 'steps',
          rule: 'ROUTE_CYCLE',
          params: { cycle: 'business-licence → health-permit → business-licence' },
          message: 'the route has a cycle: business-licence → health-permit → business-licence',
        },
      ]);
    });

    test('an unknown department', async () => {
      const code = uniqueCode('dept');
      await createService(code);
      await configureAll(code);
      const route = {
        name: 'x',
        overallLimitDays: 20,
        steps: [...BAKERY_ROUTE, { key: 'airspace', departmentCode: 'aviation', after: ['health-permit'] }],
      };
      const saved = await coord.request('PUT', `/services/${code}`, route, { 'if-match': '1' });
      expect(saved.status).toBe(200);
      expect(await publishProblems(code)).toEqual([
        {
          path: 'steps.airspace.departmentCode',
          rule: 'UNKNOWN_DEPARTMENT',
          params: { department: 'aviation' },
          message: 'department "aviation" does not exist',
        },
        {
          path: 'steps.airspace.config',
          rule: 'STEP_NOT_CONFIGURED',
          params: { step: 'airspace', department: 'aviation' },
          message: 'step "airspace" is not configured yet; the CIO of department "aviation" must configure it',
        },
      ]);
    });

    test('an unconfigured step', async () => {
      const code = uniqueCode('unconf');
      await createService(code);
      await configure(cio.market, code, 'business-licence', stepConfig(), 1);
      await configure(cio.health, code, 'health-permit', stepConfig(), 1);
      expect(await publishProblems(code)).toEqual([
        {
          path: 'steps.fire-safety.config',
          rule: 'STEP_NOT_CONFIGURED',
          params: { step: 'fire-safety', department: 'fire' },
          message: 'step "fire-safety" is not configured yet; the CIO of department "fire" must configure it',
        },
      ]);
    });

    test('conflicting definitions of one field, naming both steps', async () => {
      const code = uniqueCode('conflict');
      await createService(code);
      await configureAll(code, {
        'business-licence': stepConfig({ fields: [areaField] }),
        'fire-safety': stepConfig({ fields: [{ ...areaField, type: 'number' }] }),
      });
      expect(await publishProblems(code)).toEqual([
        {
          path: 'steps.fire-safety.config.fields[0]',
          rule: 'FIELD_DEFINED_DIFFERENTLY',
          params: { field: 'seating_area_m2', first: 'business-licence', step: 'fire-safety' },
          message:
            'field "seating_area_m2" is defined differently by steps "business-licence" and "fire-safety" (type, label and rules must match)',
        },
      ]);
    });

    test('a condition on an unknown field', async () => {
      const code = uniqueCode('condfield');
      await createService(code);
      await configureAll(code, {
        'fire-safety': stepConfig({ includeWhen: { field: 'floors', op: 'gt', value: 2 } }),
      });
      expect(await publishProblems(code)).toEqual([
        {
          path: 'steps.fire-safety.config.includeWhen.field',
          rule: 'CONDITION_UNKNOWN_FIELD',
          params: { field: 'floors' },
          message: 'no form field "floors" in this service',
        },
      ]);
    });

    test('a condition of the wrong type (gt on a boolean)', async () => {
      const code = uniqueCode('condtype');
      await createService(code);
      await configureAll(code, {
        'business-licence': stepConfig({ fields: [alcoholField] }),
        'health-permit': stepConfig({
          includeWhen: { all: [{ field: 'serves_alcohol', op: 'gt', value: 0 }] },
        }),
      });
      expect(await publishProblems(code)).toEqual([
        {
          path: 'steps.health-permit.config.includeWhen.all[0].op',
          rule: 'CONDITION_OPERATOR_NEEDS_ORDER',
          params: { op: 'gt', field: 'serves_alcohol', type: 'boolean' },
          message: '"gt" needs a number, area, money or date field; "serves_alcohol" is boolean',
        },
      ]);
    });

    test('step limits exceeding the overall limit along a path', async () => {
      const code = uniqueCode('limits');
      await createService(code, BAKERY_ROUTE, 8);
      await configureAll(code, {
        'business-licence': stepConfig({ timeLimitDays: 2 }),
        'fire-safety': stepConfig({ timeLimitDays: 5 }),
        'health-permit': stepConfig({ timeLimitDays: 4 }),
      });
      expect(await publishProblems(code)).toEqual([
        {
          path: 'overallLimitDays',
          rule: 'PATH_EXCEEDS_OVERALL_LIMIT',
          params: { path: 'fire-safety → health-permit', days: 9, limit: 8 },
          message: 'fire-safety → health-permit takes 9 working days, more than the overall limit of 8',
        },
      ]);
    });

    test('only the coordinating CIO publishes', async () => {
      const refused = await cio.market.request('POST', `/services/${uniqueCode('x')}/publish`);
      expect(refused.status).toBe(403);
    });
  });

  describe('versions, diff and audit trail', () => {
    const code = uniqueCode('versions');
    let v1Config: Record<string, unknown>;

    beforeAll(async () => {
      await createService(code);
      v1Config = stepConfig({ timeLimitDays: 5, fields: [areaField] });
      await configureAll(code, { 'health-permit': v1Config });
    });

    test('publishing makes v1; a new filing runs on it', async () => {
      const published = await coord.request('POST', `/services/${code}/publish`);
      expect(published.status).toBe(201);
      expect(published.body).toEqual({ version: 1, publishedAt: expect.any(String) });
      const service = await coord.request('GET', `/services/${code}`);
      expect(service.body.published).toMatchObject({ version: 1 });
      // The draft carries on toward the next version, at the same route revision.
      expect(service.body.draft.routeRevision).toBe(1);

      const filed = await applicant.request(
        'POST',
        '/applications',
        { serviceCode: code, form: { seating_area_m2: 80 }, materials: [] },
        { 'idempotency-key': randomUUID() },
      );
      expect(filed.status).toBe(201);
      expect(filed.body).toMatchObject({ serviceCode: code, serviceVersion: 1 });
    });

    test('publishing again makes v2 while v1 stays readable; new filings use v2', async () => {
      const health = stepConfig({
        timeLimitDays: 3,
        fields: [areaField],
        includeWhen: { field: 'seating_area_m2', op: 'gt', value: 50 },
      });
      expect(
        (await configure(cio.health, code, 'health-permit', health, await revisionOf(code, 'health-permit'))).status,
      ).toBe(200);
      const draft = await draftOf(code);
      const rerouted = await coord.request(
        'PUT',
        `/services/${code}`,
        {
          name: draft.name,
          overallLimitDays: 15,
          steps: [
            ...BAKERY_ROUTE.slice(0, 2),
            { key: 'health-permit', departmentCode: 'health', after: ['business-licence'] },
            { key: 'fire-check', departmentCode: 'fire', after: ['health-permit', 'fire-safety'] },
          ],
        },
        { 'if-match': `"${draft.routeRevision}"` },
      );
      expect(rerouted.status).toBe(200);
      await configure(cio.fire, code, 'fire-check', stepConfig({ timeLimitDays: 1 }), 1);

      const published = await coord.request('POST', `/services/${code}/publish`);
      expect(published.status).toBe(201);
      expect(published.body.version).toBe(2);

      const versions = await applicant.request('GET', `/services/${code}/versions`);
      expect(versions.status).toBe(200);
      expect(versions.body).toEqual([
        { version: 1, publishedAt: expect.any(String), publishedBy: 'coord' },
        { version: 2, publishedAt: expect.any(String), publishedBy: 'coord' },
      ]);
      const v1 = await applicant.request('GET', `/services/${code}/versions/1`);
      expect(v1.status).toBe(200);
      expect(v1.body).toMatchObject({ serviceCode: code, version: 1, overallLimitDays: 20, publishedBy: 'coord' });
      expect(v1.body.steps.map((s: { key: string }) => s.key)).toEqual([
        'business-licence',
        'fire-safety',
        'health-permit',
      ]);
      expect(v1.body.steps[2].config).toEqual(v1Config);
      const v2 = await applicant.request('GET', `/services/${code}/versions/2`);
      expect(v2.body.steps[2].config).toEqual(health);
      expect((await applicant.request('GET', `/services/${code}/versions/3`)).status).toBe(404);

      const filed = await applicant.request(
        'POST',
        '/applications',
        { serviceCode: code, form: { seating_area_m2: 80 }, materials: [] },
        { 'idempotency-key': randomUUID() },
      );
      expect(filed.status).toBe(201);
      expect(filed.body.serviceVersion).toBe(2);
    });

    test('the diff between v1 and v2 lists route, step and config changes', async () => {
      const diff = await coord.request('GET', `/services/${code}/versions/2/diff?against=1`);
      expect(diff.status).toBe(200);
      expect(diff.body).toEqual({
        serviceCode: code,
        from: 1,
        to: 2,
        service: [{ path: 'overallLimitDays', before: 20, after: 15 }],
        steps: {
          added: [{ key: 'fire-check', departmentCode: 'fire', after: ['health-permit', 'fire-safety'] }],
          removed: [],
          departmentChanged: [],
        },
        edges: {
          added: [
            { from: 'health-permit', to: 'fire-check' },
            { from: 'fire-safety', to: 'fire-check' },
          ],
          removed: [{ from: 'fire-safety', to: 'health-permit' }],
        },
        configChanges: [
          { stepKey: 'health-permit', path: 'timeLimitDays', before: 5, after: 3 },
          {
            stepKey: 'health-permit',
            path: 'includeWhen',
            before: null,
            after: { field: 'seating_area_m2', op: 'gt', value: 50 },
          },
        ],
      });
      // Without ?against= the diff is against the version before.
      expect((await coord.request('GET', `/services/${code}/versions/2/diff`)).body.from).toBe(1);
      expect((await coord.request('GET', `/services/${code}/versions/1/diff`)).status).toBe(400);
    });

    test('the audit trail records who, when, which step, before and after', async () => {
      const all = await coord.request('GET', `/services/${code}/changes?limit=100`);
      expect(all.status).toBe(200);
      const actions = all.body.items.map((c: { action: string; stepKey: string | null }) => [c.action, c.stepKey]);
      // Newest first.
      expect(actions).toEqual([
        ['publish', null],
        ['update_step', 'fire-check'],
        ['update_route', null],
        ['update_step', 'health-permit'],
        ['publish', null],
        ['update_step', 'health-permit'],
        ['update_step', 'fire-safety'],
        ['update_step', 'business-licence'],
        ['create_service', null],
      ]);
      const healthEdit = all.body.items[3];
      expect(healthEdit).toMatchObject({
        serviceCode: code,
        stepKey: 'health-permit',
        departmentCode: 'health',
        action: 'update_step',
        actor: 'cio.health',
        role: 'dept_cio',
        revision: 3,
        before: v1Config,
        after: expect.objectContaining({ timeLimitDays: 3 }),
      });
      expect(Date.parse(healthEdit.at)).not.toBeNaN();
      expect(all.body.items[0]).toMatchObject({
        actor: 'coord',
        role: 'coord_cio',
        before: { publishedVersion: 1 },
        after: { publishedVersion: 2 },
      });
      expect(all.body.items[8]).toMatchObject({ actor: 'coord', before: null, revision: 1 });

      // A department CIO sees the edits of its own department's steps.
      const health = await cio.health.request('GET', `/services/${code}/changes`);
      expect(health.status).toBe(200);
      expect(health.body.items.map((c: { stepKey: string; actor: string }) => [c.stepKey, c.actor])).toEqual([
        ['health-permit', 'cio.health'],
        ['health-permit', 'cio.health'],
      ]);
      expect((await staffMarket.request('GET', `/services/${code}/changes`)).status).toBe(403);
    });

    test('the audit trail pages by cursor without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/services/${code}/changes?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await coord.request('GET', query);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((c: { id: string }) => c.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const all = await coord.request('GET', `/services/${code}/changes?limit=100`);
      expect(seen).toEqual(all.body.items.map((c: { id: string }) => c.id));
    });
  });
});
