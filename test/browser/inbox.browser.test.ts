import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { launchBrowser, openPage, screenshot, signIn } from '../support/browser';
import { ProcessStack } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

describe('the inbox and urging in a real browser', () => {
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

  test('the coordinating CIO urges a step from the case page; the officer’s inbox badge counts it and clears when it is read', async () => {
    const applicant = await loginAs(stack, 'applicant1');
    const officer = await loginAs(stack, 'staff.fire');
    const filed = await applicant.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': randomUUID(),
    });
    expect(filed.status).toBe(201);
    const applicationId: string = filed.body.id;
    await eventually(async () => (await queueFor(officer, applicationId)).length > 0);
    const origin = stack.baseUrl.replace(/\/api$/, '');

    const coordPage = await openPage(browser, origin);
    await signIn(coordPage, 'coord');
    await coordPage.goto(`/cases/${applicationId}`);
    await coordPage.getByTestId('urge-fire-safety').click();
    await coordPage.getByLabel('督办意见').fill('请今天内完成消防审查');
    await coordPage.getByTestId('urge-send').click();
    await coordPage.getByText('督办 ×1').waitFor();
    await screenshot(coordPage, 'coordination-case-urged');
    await coordPage.context().close();

    const officerPage = await openPage(browser, origin);
    await signIn(officerPage, 'staff.fire');
    // The count shown on the bell (antd renders it beside the button, inside the badge).
    const count = officerPage.getByTestId('inbox-badge').locator('.ant-badge-count');
    // Read at once: with reduced motion the count leaves the page the moment it reaches zero, between
    // a count() and a getAttribute() that would then wait for it in vain.
    const shown = async (): Promise<number> => {
      const title = await count.getAttribute('title', { timeout: 1_000 }).catch(() => null);
      return title === null ? 0 : Number(title);
    };
    const before = await eventually(async () => (await shown()) > 0 && shown());
    await officerPage.getByTestId('inbox-button').click();
    const item = officerPage.getByTestId('inbox-item').filter({ hasText: '请今天内完成消防审查' });
    await item.waitFor();
    // Let the drawer finish sliding in before the picture (not an assertion).
    await officerPage.waitForTimeout(500);
    await screenshot(officerPage, 'inbox-drawer');
    await item.getByRole('button', { name: '标为已读' }).click();
    await eventually(async () => (await shown()) === before - 1);
    await officerPage.context().close();
  });
});
