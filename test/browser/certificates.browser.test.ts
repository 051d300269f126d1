import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { createDataSource } from '../../libs/persistence/data-source';
import { revokeStepCertificates } from '../../libs/persistence/repositories/certificate.repository';
import { launchBrowser, openPage, screenshot, signIn } from '../support/browser';
import { claimAndDecide, loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { ProcessStack } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

const run = promisify(execFile);

describe('certificates (电子证照) in a real browser', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'onestop-certificates-browser-'));
    await stack.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  test('the enterprise downloads its certificates; anyone checks one on the public page: valid, revoked, unknown', async () => {
    // A small restaurant (no environment review), approved by market, fire, health and tax.
    const applicant = await loginAs(stack, 'applicant1');
    const filed = await applicant.request(
      'POST',
      '/applications',
      { ...RESTAURANT_FILING, form: { ...RESTAURANT_FILING.form, seating_area_m2: 100 } },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    const applicationId: string = filed.body.id;
    for (const department of ['market', 'fire', 'health', 'tax']) {
      const officer = await loginAs(stack, `staff.${department}`);
      let taskId = '';
      await eventually(async () => {
        taskId = (await queueFor(officer, applicationId)).find((t) => t.status === 'pending')?.id ?? '';
        return taskId !== '';
      });
      expect((await claimAndDecide(officer, taskId, 'approve')).status).toBe(200);
    }
    await eventually(
      async () => (await applicant.request('GET', `/applications/${applicationId}`)).body.status === 'approved',
    );
    const certificates = (await applicant.request('GET', `/applications/${applicationId}/certificates`)).body as {
      stepKey: string;
      departmentCode: string;
      number: string;
      verifyCode: string;
    }[];
    expect(certificates.map((c) => c.departmentCode).sort()).toEqual(['fire', 'health', 'market', 'tax']);
    const licence = certificates.find((c) => c.departmentCode === 'market')!;
    const origin = stack.baseUrl.replace(/\/api$/, '');

    // The enterprise's case: the certificates with their status, and the PDF through the signed-in client.
    const page = await openPage(browser, origin);
    await signIn(page, 'applicant1');
    await page.goto(`/cases/${applicationId}`);
    const card = page.getByTestId('case-certificates');
    await card.getByText(licence.number).waitFor();
    expect(await card.getByText('有效', { exact: true }).count()).toBe(4);
    await screenshot(page, 'certificates-case-zh');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByTestId(`certificate-pdf-${licence.stepKey}`).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${licence.number}.pdf`);
    const file = join(workDir, 'downloaded.pdf');
    await download.saveAs(file);
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(workDir, 'downloaded')]);
    const { stdout: text } = await run('pdftotext', [file, '-']);
    expect(text).toContain('杭州味道餐饮管理有限公司');
    expect(text).toContain(licence.number);
    await page.context().close();

    // The public page the QR code opens, with no sign-in.
    const visitor = await openPage(browser, origin);
    await visitor.goto(`/verify/${licence.verifyCode}`);
    await visitor.getByTestId('verdict-valid').getByText('证照真实有效').waitFor();
    await visitor.getByText('杭州味道餐饮管理有限公司').waitFor();
    await visitor.getByText('市场监督管理局').waitFor();
    expect(visitor.url()).toContain('/verify/');
    await screenshot(visitor, 'certificates-verify-valid-zh');

    // Revoked (as a failed post-check does): the same page now says so, in words and colour.
    const db = createDataSource(stack.databaseUrl, 1);
    await db.initialize();
    try {
      await db.transaction((manager) =>
        revokeStepCertificates(manager, {
          applicationId,
          stepKey: licence.stepKey,
          reason: '事后核查不合格',
          at: new Date(),
        }),
      );
    } finally {
      await db.destroy();
    }
    await visitor.reload();
    await visitor.getByTestId('verdict-revoked').getByText('证照已被撤销').waitFor();
    await visitor.getByText('撤销时间').waitFor();
    await screenshot(visitor, 'certificates-verify-revoked-zh');

    // A made-up code: unknown, with a warning not to rely on it.
    await visitor.goto(`/verify/${randomBytes(20).toString('base64url')}`);
    await visitor.getByTestId('verdict-unknown').getByText('未找到该证照').waitFor();
    await screenshot(visitor, 'certificates-verify-unknown-zh');
    await visitor.context().close();

    // In English, and on the enterprise's case the revoked certificate is marked.
    const english = await openPage(browser, origin, { language: 'en' });
    await english.goto(`/verify/${licence.verifyCode}`);
    await english.getByTestId('verdict-revoked').getByText('This certificate has been revoked').waitFor();
    await screenshot(english, 'certificates-verify-revoked-en');
    await signIn(english, 'applicant1');
    await english.goto(`/cases/${applicationId}`);
    const englishCard = english.getByTestId('case-certificates');
    await englishCard.getByText('Revoked: 事后核查不合格').waitFor();
    expect(await englishCard.getByText('Valid', { exact: true }).count()).toBe(3);
    await screenshot(english, 'certificates-case-en');
    await english.context().close();
    // A whole approval through four departments and seven screens, each audited: longer than one screen's test.
  }, 300_000);
});
