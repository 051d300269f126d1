import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { launchBrowser, openPage, screenshot, signIn } from '../support/browser';
import { ProcessStack } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

describe('ratings (好差评) in a real browser', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  beforeAll(async () => {
    await stack.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  test('the enterprise rates the departments of its ended case; the environment CIO answers the low rating; the enterprise reads the answer', async () => {
    const applicant = await loginAs(stack, 'applicant1');
    const filed = await applicant.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': randomUUID(),
    });
    expect(filed.status).toBe(201);
    const applicationId: string = filed.body.id;
    for (const department of ['market', 'fire', 'environment']) {
      const officer = await loginAs(stack, `staff.${department}`);
      await eventually(async () => (await queueFor(officer, applicationId)).length > 0);
    }
    expect(
      (await applicant.request('POST', `/applications/${applicationId}/withdraw`, { reason: '改变经营计划' })).status,
    ).toBe(200);
    await eventually(
      async () => (await applicant.request('GET', `/applications/${applicationId}`)).body.status === 'withdrawn',
    );
    const origin = stack.baseUrl.replace(/\/api$/, '');

    // The enterprise: one form per department; two stars for environment, five for market.
    const page = await openPage(browser, origin);
    await signIn(page, 'applicant1');
    await page.goto(`/cases/${applicationId}`);
    const environment = page.getByTestId('rate-environment');
    await environment.waitFor();
    await environment.locator('.ant-rate-star').nth(1).click();
    await environment.getByLabel('评价内容（可选）').fill('多次往返，要求说明不清');
    await environment.getByRole('button', { name: '提交评价' }).click();
    await page.getByTestId('rating-environment').getByText('差评，等待部门回复').waitFor();
    const market = page.getByTestId('rate-market');
    await market.locator('.ant-rate-star').nth(4).click();
    await market.getByRole('button', { name: '提交评价' }).click();
    await page.getByTestId('rating-market').waitFor();
    expect(await page.getByTestId('rate-market').count()).toBe(0);
    await page.getByTestId('rate-fire').waitFor();
    await screenshot(page, 'ratings-enterprise-rated');
    await page.context().close();

    // The environment CIO: the low rating awaits an answer in the console's ratings tab.
    const cioPage = await openPage(browser, origin);
    await signIn(cioPage, 'cio.environment');
    await cioPage.goto('/department?tab=ratings');
    const row = cioPage.getByTestId('department-ratings').locator('tr', { hasText: '多次往返，要求说明不清' });
    await row.waitFor();
    await screenshot(cioPage, 'ratings-cio-awaiting');
    const answer = '已核实：今后一次性告知全部整改要求，并安排专人回访。';
    await row.getByLabel('回复企业').fill(answer);
    await row.getByRole('button', { name: '提交回复' }).click();
    // Answered, it leaves the "awaiting" list; unfiltered, it shows with its answer.
    await cioPage.getByTestId('department-ratings').getByText('暂无评价').waitFor();
    await cioPage.getByTestId('only-awaiting').click();
    await cioPage.getByTestId('department-ratings').getByText(answer).waitFor();
    await screenshot(cioPage, 'ratings-cio-answered');
    await cioPage.context().close();

    // The enterprise reads the answer on its case, in English too.
    const englishPage = await openPage(browser, origin, { language: 'en' });
    await signIn(englishPage, 'applicant1');
    await englishPage.goto(`/cases/${applicationId}`);
    await englishPage.getByTestId('rating-answer-environment').getByText(answer).waitFor();
    await englishPage.getByText('The department’s answer').first().waitFor();
    await screenshot(englishPage, 'ratings-enterprise-answer-en');
    await englishPage.context().close();
  });
});
