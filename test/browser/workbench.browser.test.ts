import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { launchBrowser, openPage, pickOption, screenshot, signIn } from '../support/browser';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

/** The origin the gateway serves the web application at (its API base without /api). */
/** One of the market department's seeded opinion phrases. */
const MARKET_PHRASE = '材料齐全，符合法定形式，同意办理营业执照。';

const originOf = (stack: ProcessStack) => stack.baseUrl.replace(/\/api$/, '');

describe('the staff workbench in a real browser', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  let applicationId: string;
  let number: string;

  beforeAll(async () => {
    await stack.start();
    browser = await launchBrowser();
    const applicant: ApiUser = await loginAs(stack, 'applicant1');
    const filed = await applicant.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': randomUUID(),
    });
    expect(filed.status).toBe(201);
    applicationId = filed.body.id as string;
    number = filed.body.number as string;
    // Both first-stage departments have their task before the browsers look.
    for (const officer of ['staff.market', 'staff.fire']) {
      const user = await loginAs(stack, officer);
      await eventually(async () => (await queueFor(user, applicationId)).length > 0);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  /** The queue row of this test's case, found with the text search. */
  async function findCase(page: Page): Promise<ReturnType<Page['locator']>> {
    await page.getByLabel(/搜索办件编号或企业名称|Search application number or enterprise/).fill(number);
    await page.getByLabel(/搜索办件编号或企业名称|Search application number or enterprise/).press('Enter');
    const row = page.locator('tbody tr.task-row', { hasText: number });
    await row.waitFor();
    return row;
  }

  test('a market officer claims the case, pauses its clock for an inspection, resumes it and approves (in Chinese)', async () => {
    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'staff.market');
    await page.waitForURL(/\/workbench/);
    await page.getByTestId('tab-pending').waitFor();
    await page.locator('tbody tr.task-row').first().waitFor();
    await screenshot(page, 'workbench-queue-zh');

    await findCase(page);
    // The case is days from its limit: the overdue filter hides it, and clearing it brings it back.
    await page.getByLabel('只看超期').click();
    await page.locator('tbody tr.task-row', { hasText: number }).waitFor({ state: 'detached' });
    await page.getByLabel('只看超期').click();
    await page.getByTestId(`claim-${number}`).click();
    await page.waitForURL(/\/workbench\/tasks\//);
    await page.getByTestId('decision-card').waitFor();
    await page.getByText('各部门办理情况').waitFor();
    // What the enterprise filed for this department, this step's part marked; health's field is not shown.
    await page.getByTestId('filed-field-shop_name').getByText('味道小馆').waitFor();
    expect(await page.getByTestId('filed-content').getByText('本环节').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('filed-field-employees').count()).toBe(0);

    await pickOption(page, page.getByTestId('pause-card'), '暂停原因', '现场核查');
    await page.getByLabel('暂停说明').fill('需现场核查经营场所');
    await page.getByTestId('pause-submit').click();
    await page.getByTestId('resume-card').waitFor();
    await page
      .getByText(/已停止计时 · 剩余/)
      .first()
      .waitFor();
    await screenshot(page, 'workbench-task-paused-zh');

    await page.getByTestId('resume-submit').click();
    await page.getByTestId('decision-card').waitFor();
    // The opinion comes from the department's common phrases.
    await pickOption(page, page.getByTestId('decision-card'), '常用语', MARKET_PHRASE);
    expect(await page.getByTestId('decision-opinion').inputValue()).toBe(MARKET_PHRASE);
    await page.getByTestId('decision-submit').click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page
      .getByText('该待办已不在办理中。')
      .waitFor()
      .catch(async (error: unknown) => {
        await screenshot(page, 'debug-decision', { audit: false });
        throw error;
      });
    await page.getByText('作出决定').first().waitFor();
    await page.locator('.ant-modal-mask').first().waitFor({ state: 'hidden' });
    await screenshot(page, 'workbench-task-zh');

    await page.getByTestId('next-task').click();
    await page.waitForURL(/\/workbench$/);
    await page.getByTestId('tab-done').click();
    await findCase(page);
    await page.getByText('已办结').first().waitFor();
    await page.context().close();
  });

  test('a fire officer works the same case in English: claim, release, claim again and request a supplement', async () => {
    const page = await openPage(browser, originOf(stack), { language: 'en' });
    await signIn(page, 'staff.fire');
    await page.waitForURL(/\/workbench/);
    await findCase(page);
    await screenshot(page, 'workbench-queue-en');
    await page.getByTestId(`claim-${number}`).click();
    await page.waitForURL(/\/workbench\/tasks\//);
    await page.getByTestId('task-release').click();
    await page.getByTestId('task-claim').click();
    await page.getByTestId('decision-card').waitFor();
    // The market department's approval shows in the case summary.
    await page.getByText(MARKET_PHRASE).waitFor();
    // The area fire shares with market, formatted as an area; market's shop name is not fire's to read.
    await page.getByTestId('filed-field-seating_area_m2').getByText('200 m²').waitFor();
    expect(await page.getByTestId('filed-field-shop_name').count()).toBe(0);
    await page.getByText('Request a supplement', { exact: true }).click();
    await page.getByTestId('decision-opinion').fill('Please add the evacuation plan.');
    // A supplement request lists its items: here one ("other") with its reason.
    await page.getByTestId('supplement-items').waitFor();
    await page.getByTestId('item-reason-0').fill('The evacuation routes are missing from the floor plan');
    await screenshot(page, 'workbench-task-en');
    await page.getByTestId('decision-submit').click();
    await page.getByRole('dialog').getByRole('button', { name: /OK/ }).click();
    await page.getByText(/Waiting for the applicant’s supplement/).waitFor();
    await page.context().close();
  });
});
