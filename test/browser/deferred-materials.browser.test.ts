import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signIn } from '../support/browser';
import { loginAs, queueFor } from '../support/demo-users';
import { ProcessStack } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const originOf = (stack: ProcessStack) => stack.baseUrl.replace(/\/api$/, '');

/**
 * The deferred-material journey (容缺受理) in a real browser: the enterprise defers a material at
 * filing, the officer sees why the step cannot be approved yet, the enterprise supplies it on the
 * case page, and the block is gone.
 */
describe('deferred materials in a real browser', () => {
  const stack = new ProcessStack();
  const code = `defer-ui-${randomUUID().slice(0, 8)}`;
  let browser: Browser;
  let storeDir: string;

  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'onestop-deferred-files-'));
    // A demo clock slow enough that the deadline (10 working days) stays ahead during the test.
    await stack.start({ env: { FILE_STORE_DIR: storeDir, WORKING_DAY_SECONDS: '60' } });
    const [coord, cio] = await Promise.all([loginAs(stack, 'coord'), loginAs(stack, 'cio.market')]);
    await publishThroughApi({
      coord,
      cios: { market: cio },
      code,
      route: [{ key: 'licence', departmentCode: 'market', after: [] }],
      configs: {
        licence: stepConfig({
          timeLimitDays: 20,
          materials: [
            { code: 'application', name: '开业申请书', kind: 'core' },
            { code: 'health', name: '从业人员健康证明', kind: 'non-core', fileTypes: ['pdf'] },
          ],
          deferrable: { allowed: true, supplyWithinDays: 10 },
        }),
      },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  test('defer at filing, blocked approval explained to the officer, supply on the case page, block lifted', async () => {
    const applicant = await openPage(browser, originOf(stack));
    await signIn(applicant, 'applicant1');
    await applicant.goto(`/apply/services/${code}`);
    await applicant.getByLabel(/开业申请书/).fill('申请书全文');
    await applicant.getByTestId('defer-health').click();
    await applicant
      .getByTestId('deferred-hint-health')
      .getByText(/10 个工作日内/)
      .waitFor();
    // The upload is put away while the material is deferred.
    expect(await applicant.getByTestId('material-upload-health').isVisible()).toBe(false);
    await screenshot(applicant, 'deferred-apply-form');
    await applicant.getByTestId('review').click();
    await applicant.getByRole('dialog').getByText('容缺，10 个工作日内补交').waitFor();
    await applicant.getByTestId('submit-filing').click();
    await applicant.waitForURL(/\/cases\//);
    const applicationId = /\/cases\/([^/?#]+)/.exec(applicant.url())![1];
    const deferred = applicant.getByTestId('deferred-health');
    await deferred.getByText('待补交').waitFor();
    // The deadline is shown once the workflow has computed it.
    await applicant
      .getByTestId('deferred-materials')
      .getByText(/\d{4}-\d{2}-\d{2}/)
      .first()
      .waitFor();
    await screenshot(applicant, 'deferred-case-pending');

    // The officer claims the task; the task view says why it cannot be approved yet.
    const staff = await loginAs(stack, 'staff.market');
    const task = await eventually(async () => (await queueFor(staff, applicationId))[0]);
    expect((await staff.request('POST', `/tasks/${task.id}/claim`)).status).toBe(200);
    const officer = await openPage(browser, originOf(stack));
    await signIn(officer, 'staff.market');
    await officer.goto(`/workbench/tasks/${task.id}`);
    const blocked = officer.getByTestId('approval-blocked');
    await blocked.getByText('容缺材料未到，暂不能作出通过决定').waitFor();
    await blocked.getByText(/从业人员健康证明/).waitFor();
    await screenshot(officer, 'deferred-workbench-blocked');

    // The enterprise supplies it on the case page.
    await deferred.locator('input[type=file]').setInputFiles({
      name: '健康证明.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await deferred.getByText('已补交').waitFor();
    await applicant.getByTestId('filed-material-health').getByText('健康证明.pdf').waitFor();
    await screenshot(applicant, 'deferred-case-supplied');

    // The block is gone for the officer.
    await officer.reload();
    await officer.getByTestId('decision-card').waitFor();
    expect(await officer.getByTestId('approval-blocked').count()).toBe(0);
    await applicant.context().close();
    await officer.context().close();
  }, 120_000);

  test('the case page in English lists the deferred material with its deadline', async () => {
    const user = await loginAs(stack, 'applicant2');
    const filed = await user.request(
      'POST',
      '/applications',
      {
        serviceCode: code,
        form: {},
        materials: [{ code: 'application', content: 'application' }],
        deferredMaterials: ['health'],
      },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    const page = await openPage(browser, originOf(stack), { language: 'en' });
    await signIn(page, 'applicant2');
    await page.goto(`/cases/${filed.body.id}`);
    await page.getByTestId('deferred-materials').getByText('Deferred materials (to supply later)').waitFor();
    await page.getByTestId('deferred-health').getByText('To supply').waitFor();
    await screenshot(page, 'deferred-case-pending-en');
    await page.context().close();
  }, 60_000);
});
