import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { eventually } from '../support/workflow-harness';
import { launchBrowser, openPage, screenshot as save, signIn } from '../support/browser';
import { ProcessStack } from '../support/process-stack';

/** The origin the gateway serves the web application at (its API base without /api). */
const originOf = (stack: ProcessStack) => stack.baseUrl.replace(/\/api$/, '');
/** A screenshot once the page has loaded what it shows (no spinner left). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForFunction("!document.querySelector('.ant-spin-spinning, .ant-skeleton')");
  await save(page, name);
}

const HEALTH_PERMIT = '/department?tab=steps&step=restaurant-opening/health-permit';

describe('the department CIO and coordinating CIO consoles in a real browser', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  beforeAll(async () => {
    // It publishes new versions of restaurant-opening, which other suites expect at version 1.
    await stack.start({ ownDatabase: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  /** The form item around an input, where antd shows that field's messages. */
  const itemOf = (page: Page, label: string): Locator =>
    page.locator('.ant-form-item', { has: page.getByLabel(label, { exact: true }) });

  async function healthPermit(): Promise<{ revision: number; config: Record<string, unknown> }> {
    const coord = await loginAs(stack, 'coord');
    const service = await coord.request('GET', '/services/restaurant-opening');
    const step = service.body.draft.steps.find((s: { key: string }) => s.key === 'health-permit');
    return { revision: step.revision, config: step.config };
  }

  /** A restaurant case whose first stage is approved, so the health department holds a task. */
  async function caseAtHealth(): Promise<string> {
    const applicant = await loginAs(stack, 'applicant1');
    const filed = await applicant.request(
      'POST',
      '/applications',
      { ...RESTAURANT_FILING, form: { ...RESTAURANT_FILING.form, seating_area_m2: 80 } },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    for (const [username, stepKey] of [
      ['staff.market', 'business-licence'],
      ['staff.fire', 'fire-safety'],
    ]) {
      const officer = await loginAs(stack, username);
      const task = await eventually(async () =>
        (await queueFor(officer, filed.body.id)).find((t) => t.stepKey === stepKey && t.status === 'pending'),
      );
      expect((await officer.request('POST', `/tasks/${task.id}/claim`)).status).toBe(200);
      const decided = await officer.request('POST', `/tasks/${task.id}/decision`, {
        outcome: 'approve',
        opinion: '同意',
      });
      expect(decided.status).toBe(200);
    }
    const cio = await loginAs(stack, 'cio.health');
    await eventually(async () => (await queueFor(cio, filed.body.id)).find((t) => t.stepKey === 'health-permit'));
    return filed.body.number as string;
  }

  test('a department CIO reassigns an open task: a refusal is shown at the username, then it goes through', async () => {
    const number = await caseAtHealth();
    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'cio.health');
    const row = page.getByTestId('department-tasks').locator('tr', { hasText: number });
    await row.waitFor();
    await screenshot(page, 'console-department-tasks');
    await row.getByRole('button', { name: /转\s*办/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('接办人员用户名').fill('staff.fire');
    await dialog.getByLabel('转办原因').fill('本周人手调整');
    await dialog.getByRole('button', { name: /转\s*办/ }).click();
    await dialog
      .locator('.ant-form-item', { has: page.getByLabel('接办人员用户名') })
      .locator('.ant-form-item-explain-error')
      .waitFor();
    await screenshot(page, 'console-department-reassign-refused');
    await dialog.getByLabel('接办人员用户名').fill('staff.health');
    await dialog.getByRole('button', { name: /转\s*办/ }).click();
    await page.getByText('已转办给 staff.health').waitFor();
    await row.getByText('staff.health').waitFor();
    await page.context().close();
  });

  test('a department CIO changes a time limit of health-permit, sees the server’s 422 at the field it names, and a stale edit explained with a reload', async () => {
    const before = await healthPermit();
    const limit = Number(before.config.timeLimitDays);
    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'cio.health');
    await page.goto(HEALTH_PERMIT);
    await page.getByTestId('step-config-form').waitFor();
    // The route with the department's steps highlighted.
    await page.getByTestId('diagram-step-health-permit').waitFor();

    // A new time limit is saved.
    await page.getByLabel('承诺时限（工作日）', { exact: true }).fill(String(limit + 1));
    await page.getByTestId('save-step').click();
    await page.getByText(`已保存，修订号 ${before.revision + 1}`).waitFor();
    expect((await healthPermit()).config.timeLimitDays).toBe(limit + 1);
    await screenshot(page, 'console-department-steps');

    // The statutory limit below the promised one: the server's 422 at statutoryLimitDays.
    await page.getByLabel('法定时限（工作日）', { exact: true }).fill(String(limit));
    await page.getByTestId('save-step').click();
    await itemOf(page, '法定时限（工作日）')
      .locator('.ant-form-item-explain-error', { hasText: 'cannot be shorter than the promised time limit' })
      .waitFor();
    await page.getByTestId('step-save-error').waitFor();
    await page.getByLabel('法定时限（工作日）', { exact: true }).fill('');

    // A warning earlier than the limit itself: the server's 422 at supervision.warnBeforeDays.
    await page.getByLabel('到期前预警（工作日）', { exact: true }).fill(String(limit + 5));
    await page.getByTestId('save-step').click();
    await itemOf(page, '到期前预警（工作日）')
      .locator('.ant-form-item-explain-error', { hasText: 'cannot be longer than the time limit itself' })
      .waitFor();
    await screenshot(page, 'console-department-step-422');

    // Someone else saves meanwhile: the stale edit is explained, and the reload brings the new revision.
    const now = await healthPermit();
    const other = await loginAs(stack, 'cio.health');
    const put = await other.request(
      'PUT',
      '/services/restaurant-opening/steps/health-permit',
      { ...now.config, timeLimitDays: limit },
      { 'If-Match': String(now.revision) },
    );
    expect(put.status).toBe(200);
    await page.getByLabel('到期前预警（工作日）', { exact: true }).fill('1');
    await page.getByTestId('save-step').click();
    await page.getByTestId('stale-revision').waitFor();
    await screenshot(page, 'console-department-stale');
    await page.getByTestId('reload-step').click();
    await page.getByTestId('stale-revision').waitFor({ state: 'detached' });
    expect(await page.getByLabel('承诺时限（工作日）', { exact: true }).inputValue()).toBe(String(limit));

    await page.goto('/department?tab=changes');
    await page.getByTestId('changes-restaurant-opening').getByText('health-permit').first().waitFor();
    await screenshot(page, 'console-department-changes');
    await page.context().close();
  });

  test('the coordinating CIO edits the route with a live diagram, sees the publish problems one by one, publishes and compares versions side by side', async () => {
    // The health department has set a statutory limit in the draft since the last version.
    const health = await healthPermit();
    const cio = await loginAs(stack, 'cio.health');
    const configured = await cio.request(
      'PUT',
      '/services/restaurant-opening/steps/health-permit',
      { ...health.config, statutoryLimitDays: 20 },
      { 'If-Match': String(health.revision) },
    );
    expect(configured.status).toBe(200);

    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'coord');
    await page.getByTestId('edit-service-restaurant-opening').waitFor();
    await screenshot(page, 'console-coordination-services');
    await page.getByTestId('edit-service-restaurant-opening').click();
    await page.getByTestId('route-form').waitFor();

    // A step nobody has configured: the diagram shows it at once; publishing lists the problem.
    const index = await page.locator('[id^=steps_][id$=_key]').count();
    await page.getByRole('button', { name: '添加环节' }).click();
    await page.locator(`#steps_${index}_key`).fill('extra-check');
    await page.locator(`#steps_${index}_departmentCode`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.locator(`#steps_${index}_after`).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'health-permit' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('diagram-step-extra-check').waitFor();
    await page.getByTestId('save-route').click();
    const saved = await page.getByText(/流程已保存，修订号 \d+/).innerText();
    const revision = Number(/(\d+)$/.exec(saved)![1]);
    await page.getByTestId('publish').click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    const problems = page.getByTestId('publish-problems');
    await problems.getByText('steps.extra-check.config').waitFor();
    await screenshot(page, 'console-coordination-publish-problems');

    // Without it the draft publishes.
    await page.getByRole('button', { name: '删除 extra-check' }).click();
    await page.getByTestId('diagram-step-extra-check').waitFor({ state: 'detached' });
    await page.getByTestId('save-route').click();
    // The second save's answer, not the first one's message still on screen.
    await page.getByText(`流程已保存，修订号 ${revision + 1}`).waitFor();
    await page.getByTestId('publish').click();
    await page.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText(/已发布第 \d+ 版/).waitFor();
    await problems.waitFor({ state: 'detached' });

    // The two latest versions side by side.
    const diff = page.getByTestId('version-diff');
    await diff.waitFor();
    await diff.getByTestId('route-diagram').nth(1).waitFor();
    await diff.getByText('health-permit · statutoryLimitDays').waitFor();
    await diff.scrollIntoViewIfNeeded();
    await screenshot(page, 'console-coordination-service');

    await page.goto('/coordination?tab=applications');
    await page.getByTestId('all-applications').waitFor();
    await screenshot(page, 'console-coordination-applications');
    await page.goto('/coordination?tab=calendar');
    await page.getByTestId('calendar-holidays').waitFor();
    await screenshot(page, 'console-coordination-calendar');

    // A new service: its editor opens, with an empty route to add steps to.
    await page.goto('/coordination');
    await page.getByTestId('new-service').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('编码').fill('Bakery');
    await dialog.getByText('以小写字母开头').first().waitFor();
    await dialog.getByLabel('编码').fill('bakery-opening');
    await dialog.getByLabel('名称').fill('烘焙店开办');
    await dialog.getByLabel('第一个环节的键').fill('bakery-licence');
    await dialog.getByLabel('部门', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await dialog.getByRole('button', { name: '新建事项' }).click();
    await page
      .getByText('编辑事项：烘焙店开办')
      .waitFor({ timeout: 10_000 })
      .catch(async (error: unknown) => {
        await save(page, 'console-debug-new-service', { audit: false });
        throw error;
      });
    expect(page.url()).toMatch(/\/coordination\/services\/bakery-opening$/);
    await page.context().close();
  });

  test('every console screen in English', async () => {
    const cio = await openPage(browser, originOf(stack), { language: 'en' });
    await signIn(cio, 'cio.health');
    await cio.getByTestId('department-tasks').locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot(cio, 'console-department-tasks-en');
    await cio.goto(HEALTH_PERMIT);
    await cio.getByTestId('step-config-form').waitFor();
    await cio.getByText('Promised limit (working days)').waitFor();
    await screenshot(cio, 'console-department-steps-en');
    await cio.goto('/department?tab=changes');
    await cio.getByTestId('changes-restaurant-opening').waitFor();
    await screenshot(cio, 'console-department-changes-en');
    await cio.context().close();

    const admin = await openPage(browser, originOf(stack), { language: 'en' });
    await signIn(admin, 'admin');
    await admin.getByTestId('edit-service-restaurant-opening').waitFor();
    await screenshot(admin, 'console-coordination-services-en');
    await admin.goto('/coordination/services/restaurant-opening');
    await admin.getByTestId('route-form').waitFor();
    await admin.getByTestId('version-diff').waitFor();
    // The administrator reads routes and versions; editing and publishing are the coordinating CIO's.
    expect(await admin.getByTestId('publish').count()).toBe(0);
    expect(await admin.getByTestId('save-route').count()).toBe(0);
    await screenshot(admin, 'console-coordination-service-en');
    await admin.goto('/coordination?tab=applications');
    await admin.getByTestId('all-applications').waitFor();
    await screenshot(admin, 'console-coordination-applications-en');
    await admin.goto('/coordination?tab=calendar');
    await admin.getByText('Set day').waitFor();
    await screenshot(admin, 'console-coordination-calendar-en');
    await admin.context().close();
  });
});
