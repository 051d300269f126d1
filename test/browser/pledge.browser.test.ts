import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { claimAndDecide, loginAs, queueFor } from '../support/demo-users';
import { launchBrowser, openPage, screenshot, signIn } from '../support/browser';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/** The origin the gateway serves the web application at (its API base without /api). */
const originOf = (stack: ProcessStack) => stack.baseUrl.replace(/\/api$/, '');

/**
 * Approval on pledge (告知承诺) in a real browser: the enterprise pledges on the filing form, its
 * case shows the step approved on pledge, the market officer fails the post-check in the workbench,
 * and on the enterprise's next case the failure is on record for the department.
 */
describe('approval on pledge in a real browser', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  let applicant: ApiUser;
  let fire: ApiUser;
  let code: string;
  let applicationId: string;

  beforeAll(async () => {
    // Its own database: the enterprise's record must hold this test's failure alone, whatever other
    // suites (the pledge e2e test fails post-checks of the same demo enterprise) do to the shared one.
    await stack.start({ ownDatabase: true });
    browser = await launchBrowser();
    const [coord, cioMarket, cioFire, a, staffFire] = await Promise.all(
      ['coord', 'cio.market', 'cio.fire', 'applicant1', 'staff.fire'].map((u) => loginAs(stack, u)),
    );
    [applicant, fire] = [a, staffFire];
    code = `pledge-ui-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord,
      cios: { market: cioMarket, fire: cioFire },
      code,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: ['licence'] },
      ],
      configs: {
        licence: stepConfig({ pledge: { allowed: true, postCheckRate: 1 } }),
        'fire-check': stepConfig(),
      },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  test('the enterprise pledges on the filing form and its case shows the step approved on pledge', async () => {
    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'applicant1');
    await page.goto(`/apply/services/${code}`);
    const pledges = page.getByTestId('pledges');
    await pledges.getByText('告知承诺制').waitFor();
    // Only the step that allows it is offered.
    expect(await page.getByTestId('pledge-fire-check').count()).toBe(0);
    await page.getByTestId('pledge-licence').check();
    await screenshot(page, 'pledge-filing-form-zh');
    await page.getByTestId('review').click();
    await page.getByRole('dialog').getByText('告知承诺的环节').waitFor();
    await page.getByTestId('submit-filing').click();
    await page.waitForURL(/\/cases\//);
    applicationId = page.url().split('/cases/')[1];
    await page.getByTestId('pledge-approved-licence').waitFor();
    await page.getByText('作出决定 · licence · 告知承诺').waitFor();
    await page.locator('.ant-message').first().waitFor({ state: 'detached' });
    await screenshot(page, 'pledge-case-approved-on-pledge-zh');
    await page.context().close();
  });

  test('the market officer fails the post-check after the case was approved; the failure shows on the enterprise’s next case', async () => {
    const [fireTask] = await eventually(async () => {
      const rows = await queueFor(fire, applicationId);
      return rows.length > 0 && rows;
    });
    await claimAndDecide(fire, fireTask.id, 'approve');

    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'staff.market');
    await page.waitForURL(/\/workbench/);
    await page.goto('/workbench?kind=post_check');
    const row = page.locator('tbody tr.task-row', { hasText: '告知承诺核查' }).first();
    await row.waitFor({ timeout: 30_000 });
    await screenshot(page, 'pledge-workbench-post-checks-zh');
    await row.getByRole('button').first().click();
    await page.waitForURL(/\/workbench\/tasks\//);
    await page.getByTestId('task-kind').waitFor();
    await page.getByTestId('post-check-card').waitFor();
    await page.getByTestId('post-check-opinion').fill('现场核查：无独立消毒间，与承诺不符');
    await screenshot(page, 'pledge-post-check-task-zh');
    await page.getByTestId('post-check-fail').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.getByText('该待办已不在办理中。').waitFor();
    await page
      .getByTestId('enterprise-record')
      .waitFor()
      .catch(async (error: unknown) => {
        await screenshot(page, 'debug-pledge-post-check', { audit: false });
        throw error;
      });
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // The enterprise's next case: the officer opening its task sees the record.
    const later = await applicant.request(
      'POST',
      '/applications',
      { serviceCode: code, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(later.status).toBe(201);
    const market = await loginAs(stack, 'staff.market');
    const [laterTask] = await eventually(async () => {
      const rows = await queueFor(market, later.body.id);
      return rows.length > 0 && rows;
    });
    await page.goto(`/workbench/tasks/${laterTask.id}`);
    const record = page.getByTestId('enterprise-record');
    await record.getByText('该企业有 1 条告知承诺核查不通过记录').waitFor();
    await record.getByText(/现场核查：无独立消毒间/).waitFor();
    await screenshot(page, 'pledge-enterprise-record-zh');

    const en = await openPage(browser, originOf(stack), { language: 'en' });
    await signIn(en, 'staff.market');
    await en.goto(`/workbench/tasks/${laterTask.id}`);
    await en.getByText('This enterprise has 1 failed pledge post-check(s)').waitFor();
    await screenshot(en, 'pledge-enterprise-record-en');
    await en.context().close();

    const caseView = await openPage(browser, originOf(stack));
    await signIn(caseView, 'applicant1');
    await caseView.goto(`/cases/${applicationId}`);
    await caseView.getByTestId('post-check-licence').getByText('核查不通过').waitFor();
    await screenshot(caseView, 'pledge-case-post-check-failed-zh');
    await caseView.context().close();
    await page.context().close();
  });
});
