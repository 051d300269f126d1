import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from 'xmlbuilder2';
import { validateXML } from 'xmllint-wasm';
import { loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/** The IEEE 1849-2016 schema, shipped with the tests (see test/fixtures/xes/SOURCE.md). */
const XES_SCHEMA = readFileSync(join(__dirname, '..', 'fixtures', 'xes', 'xes-ieee-1849-2016.xsd'), 'utf8');

interface XesEvent {
  name: string;
  transition: string;
  timestamp: string;
  group: string;
  resource: string | null;
  outcome: string | null;
}

interface XesTrace {
  name: string;
  events: XesEvent[];
}

/** The part of the parsed DOM the assertions read (the root tsconfig has no DOM typings). */
interface XmlNode {
  nodeType: number;
  tagName: string;
  childNodes: ArrayLike<XmlNode>;
  getAttribute(name: string): string | null;
}

/**
 * The child elements of `parent`. childNodes, not `children`: the DOM of xmlbuilder2's parser
 * answers `children` with every descendant element.
 */
function childXmlNodes(parent: XmlNode, tagName?: string): XmlNode[] {
  const ELEMENT_NODE = 1;
  return Array.from(parent.childNodes).filter(
    (node) => node.nodeType === ELEMENT_NODE && (tagName === undefined || node.tagName === tagName),
  );
}

/** The key → value of the attribute elements directly under `element` (string, date, int …). */
function attributesOf(element: XmlNode): Map<string, string> {
  const values = new Map<string, string>();
  for (const child of childXmlNodes(element)) {
    const key = child.getAttribute('key');
    const value = child.getAttribute('value');
    if (key !== null && value !== null) values.set(key, value);
  }
  return values;
}

/** Parses an XES document into its traces and their events (only what the assertions read). */
function parseXes(xml: string): { log: XmlNode; traces: XesTrace[] } {
  const log = create(xml).root().node as unknown as XmlNode;
  const traces = childXmlNodes(log, 'trace').map((trace) => ({
    name: attributesOf(trace).get('concept:name') ?? '',
    events: childXmlNodes(trace, 'event').map((event) => {
      const attributes = attributesOf(event);
      return {
        name: attributes.get('concept:name') ?? '',
        transition: attributes.get('lifecycle:transition') ?? '',
        timestamp: attributes.get('time:timestamp') ?? '',
        group: attributes.get('org:group') ?? '',
        resource: attributes.get('org:resource') ?? null,
        outcome: attributes.get('outcome') ?? null,
      };
    }),
  }));
  return { log, traces };
}

async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'export.xes', contents: xml }],
    schema: [{ fileName: 'xes-ieee-1849-2016.xsd', contents: XES_SCHEMA }],
  });
  return result.errors.map((error) => error.rawMessage);
}

describe('the event log as XES (IEEE 1849) for process-mining tools', () => {
  const stack = new ProcessStack();
  let coord: ApiUser;
  let marketCio: ApiUser;
  let fireCio: ApiUser;
  let marketStaff: ApiUser;
  let fireStaff: ApiUser;
  let applicant: ApiUser;
  let serviceCode: string;
  let applicationNumber: string;
  let from: string;
  let to: string;

  /** The raw export: status, headers and text (the XML is not JSON, so ApiUser.request does not fit). */
  async function exportLog(user: ApiUser, query: string) {
    const response = await fetch(`${stack.baseUrl}/reports/event-log.xes?${query}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  const windowQuery = () => `serviceCode=${serviceCode}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

  beforeAll(async () => {
    await stack.start();
    [coord, marketCio, fireCio, marketStaff, fireStaff, applicant] = await Promise.all(
      ['coord', 'cio.market', 'cio.fire', 'staff.market', 'staff.fire', 'applicant1'].map((u) => loginAs(stack, u)),
    );
    serviceCode = `xes-export-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord,
      cios: { market: marketCio, fire: fireCio },
      code: serviceCode,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: ['licence'] },
      ],
      configs: { licence: stepConfig(), 'fire-check': stepConfig() },
    });

    from = new Date(Date.now() - 60_000).toISOString();
    const filed = await applicant.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    const id: string = filed.body.id;
    applicationNumber = filed.body.number;

    // Market: claim, pause for an inspection, resume, approve.
    const [licence] = await eventually(async () => {
      const rows = await queueFor(marketStaff, id);
      return rows.length > 0 && rows;
    });
    expect((await marketStaff.request('POST', `/tasks/${licence.id}/claim`)).status).toBe(200);
    const decide = (body: Record<string, unknown>) =>
      marketStaff.request('POST', `/tasks/${licence.id}/decision`, body);
    expect((await decide({ outcome: 'pause', reason: 'inspection', opinion: '现场核查' })).status).toBe(200);
    expect((await decide({ outcome: 'resume', opinion: '核查完毕' })).status).toBe(200);
    expect((await decide({ outcome: 'approve', opinion: '同意' })).status).toBe(200);

    // Fire: the next step opens once the licence is granted; claim and approve.
    const [fireCheck] = await eventually(async () => {
      const rows = await queueFor(fireStaff, id);
      return rows.length > 0 && rows;
    });
    expect((await fireStaff.request('POST', `/tasks/${fireCheck.id}/claim`)).status).toBe(200);
    const approved = await fireStaff.request('POST', `/tasks/${fireCheck.id}/decision`, {
      outcome: 'approve',
      opinion: '消防合格',
    });
    expect(approved.status).toBe(200);
    await eventually(async () => (await applicant.request('GET', `/applications/${id}`)).body.status === 'approved');
    to = new Date(Date.now() + 60_000).toISOString();
  });
  afterAll(() => stack.stop());

  test("the coordinating CIO's export is valid XES with the case's trace: every step's start, claim, pause and decision, in order, by department", async () => {
    const response = await exportLog(coord, windowQuery());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(response.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="event-log-${serviceCode}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.xes"$`),
    );
    expect(await schemaErrors(response.text)).toEqual([]);
    // The validator does refuse what the standard refuses: a log without its version.
    expect(await schemaErrors(response.text.replace(' xes.version="1849.2016"', ''))).not.toEqual([]);

    const { log, traces } = parseXes(response.text);
    expect(log.getAttribute('xes.version')).toBe('1849.2016');
    const extensions = childXmlNodes(log, 'extension').map((child) => child.getAttribute('prefix'));
    expect(extensions).toEqual(['concept', 'lifecycle', 'time', 'org']);
    expect(attributesOf(log).get('lifecycle:model')).toBe('standard');

    expect(traces.map((t) => t.name)).toEqual([applicationNumber]);
    const [trace] = traces;
    expect(
      trace.events.map(({ name, transition, group, resource, outcome }) => ({
        name,
        transition,
        group,
        resource,
        outcome,
      })),
    ).toEqual([
      { name: 'licence', transition: 'schedule', group: 'market', resource: null, outcome: null },
      { name: 'licence', transition: 'start', group: 'market', resource: 'staff.market', outcome: null },
      { name: 'licence', transition: 'suspend', group: 'market', resource: 'staff.market', outcome: null },
      { name: 'licence', transition: 'resume', group: 'market', resource: 'staff.market', outcome: null },
      { name: 'licence', transition: 'complete', group: 'market', resource: 'staff.market', outcome: 'approve' },
      { name: 'fire-check', transition: 'schedule', group: 'fire', resource: null, outcome: null },
      { name: 'fire-check', transition: 'start', group: 'fire', resource: 'staff.fire', outcome: null },
      { name: 'fire-check', transition: 'complete', group: 'fire', resource: 'staff.fire', outcome: 'approve' },
    ]);
    const times = trace.events.map((event) => Date.parse(event.timestamp));
    expect(times.every((time) => Number.isFinite(time) && time >= Date.parse(from) && time <= Date.parse(to))).toBe(
      true,
    );
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  test("a department CIO's export holds only their department's events, and is valid XES too", async () => {
    const market = await exportLog(marketCio, windowQuery());
    expect(market.status).toBe(200);
    expect(market.headers.get('content-disposition')).toContain(`event-log-${serviceCode}-market-`);
    expect(await schemaErrors(market.text)).toEqual([]);
    const [marketTrace] = parseXes(market.text).traces;
    expect(marketTrace.name).toBe(applicationNumber);
    expect(marketTrace.events.map((e) => `${e.name}:${e.transition}`)).toEqual([
      'licence:schedule',
      'licence:start',
      'licence:suspend',
      'licence:resume',
      'licence:complete',
    ]);
    expect(new Set(marketTrace.events.map((e) => e.group))).toEqual(new Set(['market']));
    expect(market.text).not.toContain('staff.fire');

    const fire = parseXes((await exportLog(fireCio, windowQuery())).text);
    expect(fire.traces.map((t) => t.name)).toEqual([applicationNumber]);
    expect(fire.traces[0].events.map((e) => `${e.name}:${e.transition}:${e.group}`)).toEqual([
      'fire-check:schedule:fire',
      'fire-check:start:fire',
      'fire-check:complete:fire',
    ]);

    // A department with no step in the service gets an empty (still valid) log, not others' cases.
    const tax = await exportLog(await loginAs(stack, 'cio.tax'), windowQuery());
    expect(tax.status).toBe(200);
    expect(await schemaErrors(tax.text)).toEqual([]);
    expect(parseXes(tax.text).traces).toEqual([]);
  });

  test('a window that ends before the case was filed holds no trace', async () => {
    const before = new Date(Date.parse(from) - 3_600_000).toISOString();
    const response = await exportLog(
      coord,
      `serviceCode=${serviceCode}&from=${encodeURIComponent(before)}&to=${encodeURIComponent(from)}`,
    );
    expect(response.status).toBe(200);
    expect(parseXes(response.text).traces).toEqual([]);
  });

  test('bad input is a 400 naming the field; an unknown service is a 404', async () => {
    const badFrom = await exportLog(coord, `serviceCode=${serviceCode}&from=yesterday`);
    expect(badFrom.status).toBe(400);
    const badFromBody = JSON.parse(badFrom.text);
    expect(badFromBody.code).toBe('VALIDATION_FAILED');
    expect(badFromBody.details.map((p: { field: string }) => p.field)).toContain('from');

    const backwards = JSON.parse(
      (
        await exportLog(
          coord,
          `serviceCode=${serviceCode}&from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`,
        )
      ).text,
    );
    expect(backwards.details).toEqual([expect.objectContaining({ field: 'to', rule: 'WINDOW_NOT_FORWARD' })]);

    const tooLong = await exportLog(
      coord,
      `serviceCode=${serviceCode}&from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    );
    expect(tooLong.status).toBe(400);
    expect(JSON.parse(tooLong.text).details).toEqual([
      expect.objectContaining({ field: 'to', rule: 'WINDOW_TOO_LONG' }),
    ]);

    const noService = await exportLog(coord, '');
    expect(noService.status).toBe(400);
    expect(JSON.parse(noService.text).details.map((p: { field: string }) => p.field)).toContain('serviceCode');

    const unknown = await exportLog(coord, 'serviceCode=no-such-service');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).code).toBe('REPORT_SERVICE_NOT_FOUND');
  });

  test('staff and applicants are refused; the admin reads like the coordinating CIO', async () => {
    for (const user of [marketStaff, applicant]) {
      const refused = await exportLog(user, windowQuery());
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.text).code).toBe('FORBIDDEN_ROLE');
    }
    const admin = await exportLog(await loginAs(stack, 'admin'), windowQuery());
    expect(admin.status).toBe(200);
    expect(parseXes(admin.text).traces[0].events).toHaveLength(8);
  });
});
