import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../libs/persistence/data-source';
import { ApplicationReadModelStore } from '../../libs/persistence/read-model/application-read-model.store';
import { issueCertificates, revokeStepCertificates } from '../../libs/persistence/repositories/certificate.repository';
import { claimAndDecide, loginAs, queueFor } from '../support/demo-users';
import { api, ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

const run = promisify(execFile);

interface Certificate {
  number: string;
  stepKey: string;
  departmentCode: string;
  departmentName: string;
  holder: string;
  issuedAt: string;
  validUntil: string;
  verifyCode: string;
  verifyUrl: string;
  status: 'valid' | 'revoked';
  revokedAt: string | null;
  revokeReason: string | null;
}

const HOLDER = '杭州味道餐饮管理有限公司';
const PUBLIC_BASE_URL = 'https://zwfw.example.gov.cn';
const AREA_FIELD = {
  key: 'premises_area',
  label: { zh: '经营面积', en: 'Premises area' },
  type: 'number',
  required: true,
};

/**
 * market and fire in parallel, then health; environment only for large premises (skipped here).
 * Validity: market 3 years, fire 30 days, health and environment the default (5 years).
 */
const ROUTE = [
  { key: 'licence', departmentCode: 'market', after: [] },
  { key: 'fire-check', departmentCode: 'fire', after: [] },
  { key: 'eia', departmentCode: 'environment', after: [] },
  { key: 'hygiene', departmentCode: 'health', after: ['licence', 'fire-check', 'eia'] },
];

describe('certificates (电子证照) through HTTP: issued at approval, PDF, public verification, revocation', () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};
  let db: DataSource;
  let serviceCode: string;
  let approvedCase: string;
  let certificates: Certificate[];
  let workDir: string;

  async function fileCase(): Promise<string> {
    const filed = await users.applicant1.request(
      'POST',
      '/applications',
      { serviceCode, form: { premises_area: 80 }, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    return filed.body.id as string;
  }

  /** The step's department officer claims its open task on the case and decides it. */
  async function decide(applicationId: string, stepKey: string, outcome: 'approve' | 'reject'): Promise<void> {
    const officer = users[`staff.${ROUTE.find((s) => s.key === stepKey)!.departmentCode}`];
    let taskId = '';
    await eventually(async () => {
      const open = (await queueFor(officer, applicationId)).find((t) => t.stepKey === stepKey);
      taskId = open?.id ?? '';
      return taskId !== '';
    });
    const decision = await claimAndDecide(officer, taskId, outcome);
    expect(decision.status).toBe(200);
  }

  async function statusOf(applicationId: string): Promise<string> {
    return (await users.applicant1.request('GET', `/applications/${applicationId}`)).body.status as string;
  }

  const certificatesOf = (user: ApiUser, applicationId: string) =>
    user.request<Certificate[]>('GET', `/applications/${applicationId}/certificates`);

  /** Without any login. */
  const verify = (code: string, baseUrl = stack.baseUrl) =>
    fetch(`${baseUrl}/certificates/verify/${encodeURIComponent(code)}`);

  async function downloadPdf(user: ApiUser, number: string): Promise<Response> {
    return fetch(`${stack.baseUrl}/certificates/${encodeURIComponent(number)}/pdf`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
  }

  /** Writes the PDF to the temp dir, renders page 1 with pdftoppm and answers its text by pdftotext. */
  async function openPdf(bytes: Buffer, name: string): Promise<string> {
    const file = join(workDir, `${name}.pdf`);
    await writeFile(file, bytes);
    await run('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', file, join(workDir, name)]);
    const png = await readFile(join(workDir, `${name}-1.png`));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect((await stat(join(workDir, `${name}-1.png`))).size).toBeGreaterThan(10_000);
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    return stdout;
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'onestop-certificates-'));
    await stack.start({ env: { PUBLIC_BASE_URL: `${PUBLIC_BASE_URL}/` } });
    db = createDataSource(stack.databaseUrl, 2);
    await db.initialize();
    for (const name of [
      'coord',
      'applicant1',
      'applicant2',
      ...['market', 'fire', 'environment', 'health', 'tax'].flatMap((d) => [`staff.${d}`, `cio.${d}`]),
    ]) {
      users[name] = await loginAs(stack, name);
    }
    serviceCode = `certificates-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord: users.coord,
      cios: Object.fromEntries(['market', 'fire', 'environment', 'health'].map((d) => [d, users[`cio.${d}`]])),
      code: serviceCode,
      route: ROUTE,
      configs: {
        licence: stepConfig({ fields: [AREA_FIELD], certificate: { validForYears: 3 } }),
        'fire-check': stepConfig({ certificate: { validForDays: 30 } }),
        eia: stepConfig({ includeWhen: { field: 'premises_area', op: 'gt', value: 500 } }),
        hygiene: stepConfig(),
      },
    });

    approvedCase = await fileCase();
    await decide(approvedCase, 'licence', 'approve');
    await decide(approvedCase, 'fire-check', 'approve');
    await decide(approvedCase, 'hygiene', 'approve');
    await eventually(async () => (await statusOf(approvedCase)) === 'approved');
    certificates = (await certificatesOf(users.applicant1, approvedCase)).body;
  });

  afterAll(async () => {
    await db?.destroy();
    await stack.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  test('the approved case has one certificate per approving step, with every field, and none for the skipped step', async () => {
    expect(certificates.map((c) => [c.stepKey, c.departmentCode]).sort()).toEqual([
      ['fire-check', 'fire'],
      ['hygiene', 'health'],
      ['licence', 'market'],
    ]);
    const approvedAt = (await users.applicant1.request('GET', `/applications/${approvedCase}/events`)).body.items.find(
      (e: { kind: string }) => e.kind === 'approved',
    ).at as string;
    const year = new Date(new Date(approvedAt).getTime() + 8 * 3600_000).getUTCFullYear();
    for (const certificate of certificates) {
      expect(certificate).toMatchObject({
        holder: HOLDER,
        status: 'valid',
        revokedAt: null,
        revokeReason: null,
        issuedAt: approvedAt,
        verifyUrl: `${PUBLIC_BASE_URL}/verify/${certificate.verifyCode}`,
      });
      expect(certificate.number).toMatch(new RegExp(`^${certificate.departmentCode.toUpperCase()}-${year}-\\d{6}$`));
      expect(certificate.verifyCode).toMatch(/^[A-Za-z0-9_-]{27}$/);
    }
    const by = (step: string) => certificates.find((c) => c.stepKey === step)!;
    expect(by('licence').departmentName).toBe('市场监督管理局');
    // Validity from each step's config: 3 years, 30 days, and the default 5 years.
    const issued = new Date(approvedAt);
    const plusYears = (years: number) => {
      const shanghai = new Date(issued.getTime() + 8 * 3600_000);
      shanghai.setUTCFullYear(shanghai.getUTCFullYear() + years);
      return new Date(shanghai.getTime() - 8 * 3600_000).toISOString();
    };
    expect(by('licence').validUntil).toBe(plusYears(3));
    expect(by('fire-check').validUntil).toBe(new Date(issued.getTime() + 30 * 86_400_000).toISOString());
    expect(by('hygiene').validUntil).toBe(plusYears(5));
    expect(new Set(certificates.map((c) => c.verifyCode)).size).toBe(3);

    // Each issue is on the case's timeline too.
    const events = (await users.applicant1.request('GET', `/applications/${approvedCase}/events`)).body.items as {
      kind: string;
      stepKey: string;
      data: { number: string };
    }[];
    const issuedEvents = events.filter((e) => e.kind === 'certificate_issued');
    expect(issuedEvents.map((e) => [e.stepKey, e.data.number]).sort()).toEqual(
      certificates.map((c) => [c.stepKey, c.number]).sort(),
    );
  });

  test('a rejected case and a case still open have no certificates', async () => {
    const rejected = await fileCase();
    await decide(rejected, 'licence', 'approve');
    expect((await certificatesOf(users.applicant1, rejected)).body).toEqual([]);
    await decide(rejected, 'fire-check', 'reject');
    await eventually(async () => (await statusOf(rejected)) === 'rejected');
    expect((await certificatesOf(users.applicant1, rejected)).body).toEqual([]);
  });

  test('the list and the PDF are scoped like the case: another enterprise and an uninvolved department get 404', async () => {
    const number = certificates[0].number;
    for (const name of ['staff.market', 'cio.health', 'coord']) {
      const seen = await certificatesOf(users[name], approvedCase);
      expect([name, seen.status, seen.body.length]).toEqual([name, 200, 3]);
    }
    for (const name of ['applicant2', 'staff.tax', 'cio.tax']) {
      expect([name, (await certificatesOf(users[name], approvedCase)).status]).toEqual([name, 404]);
      const pdf = await downloadPdf(users[name], number);
      expect([name, pdf.status, ((await pdf.json()) as { code: string }).code]).toEqual([
        name,
        404,
        'CERTIFICATE_NOT_FOUND',
      ]);
    }
    expect((await certificatesOf(users.applicant1, randomUUID())).status).toBe(404);
    expect((await downloadPdf(users.applicant1, 'MARKET-1999-000001')).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/certificates/${number}/pdf`)).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/applications/${approvedCase}/certificates`)).status).toBe(401);
  });

  test('the PDF opens: page 1 renders, and its text has the Chinese holder, the number, the department and the verify URL', async () => {
    const certificate = certificates.find((c) => c.stepKey === 'licence')!;
    const response = await downloadPdf(users.applicant1, certificate.number);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(`${certificate.number}.pdf`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await openPdf(bytes, 'licence');
    expect(text).toContain(HOLDER);
    expect(text).toContain(certificate.number);
    expect(text).toContain('市场监督管理局');
    expect(text).toContain('电子证照');
    expect(text).toContain(`${PUBLIC_BASE_URL}/verify/${certificate.verifyCode}`);
    expect(text).not.toContain('已撤销');
    // The department's officers download it too.
    expect((await downloadPdf(users['staff.market'], certificate.number)).status).toBe(200);
  });

  test('public verification needs no login and says valid; an unknown code is 404', async () => {
    const certificate = certificates.find((c) => c.stepKey === 'fire-check')!;
    const response = await verify(certificate.verifyCode);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      valid: true,
      number: certificate.number,
      holder: HOLDER,
      departmentName: '消防救援支队',
      serviceName: `Test ${serviceCode}`,
      issuedAt: certificate.issuedAt,
      validUntil: certificate.validUntil,
      status: 'valid',
      expired: false,
      revokedAt: null,
    });
    for (const unknown of [randomBytes(20).toString('base64url'), 'not-a-code', certificate.number]) {
      const answer = await verify(unknown);
      expect([unknown, answer.status, ((await answer.json()) as { code: string }).code]).toEqual([
        unknown,
        404,
        'CERTIFICATE_UNKNOWN',
      ]);
    }
  });

  test('revokeStepCertificates revokes once (idempotent); verification then says revoked and the PDF is stamped', async () => {
    const certificate = certificates.find((c) => c.stepKey === 'licence')!;
    const at = new Date();
    const first = await db.transaction((manager) =>
      revokeStepCertificates(manager, {
        applicationId: approvedCase,
        stepKey: 'licence',
        reason: '事后核查不合格',
        at,
      }),
    );
    expect(first).toEqual([certificate.number]);
    const again = await db.transaction((manager) =>
      revokeStepCertificates(manager, {
        applicationId: approvedCase,
        stepKey: 'licence',
        reason: 'a second call',
        at: new Date(at.getTime() + 60_000),
      }),
    );
    expect(again).toEqual([]);
    // A step with no certificate (skipped) has nothing to revoke.
    expect(
      await db.transaction((manager) =>
        revokeStepCertificates(manager, { applicationId: approvedCase, stepKey: 'eia', reason: 'x', at }),
      ),
    ).toEqual([]);

    const answer = await verify(certificate.verifyCode);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      valid: false,
      status: 'revoked',
      number: certificate.number,
      revokedAt: at.toISOString(),
    });
    const listed = (await certificatesOf(users.applicant1, approvedCase)).body;
    expect(listed.find((c) => c.stepKey === 'licence')).toMatchObject({
      status: 'revoked',
      revokedAt: at.toISOString(),
      revokeReason: '事后核查不合格',
    });
    // The other steps' certificates are untouched.
    expect(
      listed
        .filter((c) => c.status === 'valid')
        .map((c) => c.stepKey)
        .sort(),
    ).toEqual(['fire-check', 'hygiene']);
    const events = (await users.applicant1.request('GET', `/applications/${approvedCase}/events`)).body.items as {
      kind: string;
    }[];
    expect(events.filter((e) => e.kind === 'certificate_revoked')).toHaveLength(1);

    const pdf = await downloadPdf(users.applicant1, certificate.number);
    expect(pdf.status).toBe(200);
    expect(await openPdf(Buffer.from(await pdf.arrayBuffer()), 'licence-revoked')).toContain('已撤销');
  });

  test('a repeated approval write issues no second certificate', async () => {
    const [{ changeNumber }] = await db.query<{ changeNumber: number }[]>(
      `SELECT status_change_number AS "changeNumber" FROM applications WHERE id = $1`,
      [approvedCase],
    );
    const store = new ApplicationReadModelStore(db);
    // The activity retried after its write committed: the same change again.
    await store.setApplicationStatus({ applicationId: approvedCase, status: 'approved', changeNumber, at: new Date() });
    // And the issue itself run again inside a transaction, as a racing twin would.
    const issuedAgain = await db.transaction((manager) =>
      issueCertificates(manager, { applicationId: approvedCase, at: new Date() }),
    );
    expect(issuedAgain).toEqual([]);
    const after = (await certificatesOf(users.applicant1, approvedCase)).body;
    expect(after.map((c) => c.number).sort()).toEqual(certificates.map((c) => c.number).sort());
    const [{ count }] = await db.query<{ count: number }[]>(
      `SELECT count(*)::int AS "count" FROM certificates WHERE application_id = $1`,
      [approvedCase],
    );
    expect(count).toBe(3);
  });

  test('a step config with both periods (422) or a non-number (400) is refused and changes nothing', async () => {
    const draft = (await users.coord.request('GET', `/services/${serviceCode}`)).body.draft;
    const revision: number = draft.steps.find((s: { key: string }) => s.key === 'hygiene').revision;
    const both = await users['cio.health'].request(
      'PUT',
      `/services/${serviceCode}/steps/hygiene`,
      stepConfig({ certificate: { validForYears: 2, validForDays: 10 } }),
      { 'if-match': `"${revision}"` },
    );
    expect(both.status).toBe(422);
    expect(JSON.stringify(both.body)).toContain('CERTIFICATE_VALIDITY_EXACTLY_ONE');
    const notNumber = await users['cio.health'].request(
      'PUT',
      `/services/${serviceCode}/steps/hygiene`,
      stepConfig({ certificate: { validForYears: 'five' } }),
      { 'if-match': `"${revision}"` },
    );
    expect(notNumber.status).toBe(400);
    expect(JSON.stringify(notNumber.body)).toContain('certificate.validForYears');
    const unchanged = (await users.coord.request('GET', `/services/${serviceCode}`)).body.draft;
    expect(unchanged.steps.find((s: { key: string }) => s.key === 'hygiene').revision).toBe(revision);
  });

  test('verification is rate-limited per client: past the limit 429 with Retry-After', async () => {
    const limited = await stack.startExtraGateway({ CERTIFICATE_VERIFY_PER_MINUTE: '3' });
    const code = certificates[0].verifyCode;
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 5; i += 1) {
      const response = await verify(i % 2 === 0 ? code : randomBytes(20).toString('base64url'), limited);
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
    }
    expect(statuses).toEqual([200, 404, 200, 429, 429]);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused!.json()) as { code: string }).code).toBe('TOO_MANY_REQUESTS');
    // Signing in on that gateway is counted apart.
    expect(
      (await api(limited, 'POST', '/auth/login', { body: { username: 'coord', password: 'demo1234' } })).status,
    ).toBe(200);
  });

  test('without the CJK font the PDF answers 503 naming the setting; the rest of the API works', async () => {
    const fontless = await stack.startExtraGateway({ CERTIFICATE_FONT_PATH: '/nonexistent/NotoSansCJK.ttc' });
    const login = await api<{ accessToken: string }>(fontless, 'POST', '/auth/login', {
      body: { username: 'applicant1', password: 'demo1234' },
    });
    expect(login.status).toBe(200);
    const response = await fetch(`${fontless}/certificates/${certificates[1].number}/pdf`, {
      headers: { authorization: `Bearer ${login.body.accessToken}` },
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('CERTIFICATE_PDF_UNAVAILABLE');
    expect(body.message).toContain('CERTIFICATE_FONT_PATH');
    expect((await verify(certificates[1].verifyCode, fontless)).status).toBe(200);
  });
});
