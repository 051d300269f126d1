import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { loginAs, queueFor } from '../support/demo-users';
import { launchBrowser, openPage, screenshot, signIn } from '../support/browser';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/**
 * On the demo clock a working day lasts 3 s, so a 2-day step gets its warning after about 3 s and
 * its yellow card at 6 s: the officer sees both, and the coordinating CIO's urge, on the queue row
 * and in the task view without anyone waiting days.
 */
const WORKING_DAY_SECONDS = 3;

describe('an urge and the supervision cards, seen by the officer in a real browser on the demo clock', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  let applicationId: string;
  let number: string;

  beforeAll(async () => {
    // A service of its own, on a database of its own: nothing else sees the short limit.
    await stack.start({ env: { WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS) }, ownDatabase: true });
    browser = await launchBrowser();
    const coord = await loginAs(stack, 'coord');
    const code = `urgent-${randomUUID().slice(0, 8)}`;
    await publishThroughApi({
      coord,
      cios: { market: await loginAs(stack, 'cio.market') },
      code,
      overallLimitDays: 3650,
      route: [{ key: 'licence', departmentCode: 'market', after: [] }],
      configs: { licence: stepConfig({ timeLimitDays: 2, timeoutPolicy: 'escalate' }) },
    });
    const applicant: ApiUser = await loginAs(stack, 'applicant1');
    const filed = await applicant.request(
      'POST',
      '/applications',
      { serviceCode: code, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    applicationId = filed.body.id as string;
    number = filed.body.number as string;
    const officer = await loginAs(stack, 'staff.market');
    await eventually(async () => (await queueFor(officer, applicationId)).length > 0);
    const urged = await coord.request('POST', `/applications/${applicationId}/steps/licence/urge`, {
      message: '企业已多次来电，请尽快办理',
    });
    expect(urged.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  test('the queue row and the task view show the urge, the warning and the yellow card as they come', async () => {
    const page = await openPage(browser, stack.baseUrl.replace(/\/api$/, ''));
    await signIn(page, 'staff.market');
    await page.getByLabel('搜索办件编号或企业名称').fill(number);
    await page.getByLabel('搜索办件编号或企业名称').press('Enter');
    const row = page.locator('tbody tr.task-row', { hasText: number });
    await row.getByText('督办 ×1').waitFor();
    // The queue polls: the cards arrive on the row while the officer looks at it.
    await row.getByText('预警', { exact: true }).waitFor({ timeout: 30_000 });
    await row.getByText('黄牌', { exact: true }).waitFor({ timeout: 30_000 });
    // The "urged only" filter keeps the row.
    await page.getByLabel('只看被督办').click();
    await page.waitForURL(/urged=true/);
    await page.locator('.ant-table .ant-spin-spinning').first().waitFor({ state: 'detached' });
    await row.getByText('黄牌', { exact: true }).waitFor();
    await screenshot(page, 'workbench-urged-and-carded');

    // Not claimed yet: the row offers "view" (and claim).
    await row.getByRole('link', { name: '查看' }).click();
    await page.getByText('企业已多次来电，请尽快办理').waitFor();
    await page.getByText('黄牌', { exact: true }).first().waitFor();
    await screenshot(page, 'workbench-task-carded');
    await page.context().close();
  });
});
