import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../libs/persistence/seed/demo-data';
import { loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { ProcessStack } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

/** What has the keyboard focus, and whether a sighted user can see that it has. */
interface Focused {
  tag: string;
  /** Its accessible name, roughly: aria-label, its label's text, or its own text. */
  name: string;
  testId: string | null;
  /** Inside which data-testid, if any (e.g. the catalogue card of a service). */
  withinTestIds: string[];
  onScreen: boolean;
  outlineStyle: string;
  outlineWidth: number;
}

// Evaluated in the page (a string: this project's types have no DOM). A checkbox or radio keeps its
// real input transparent and draws a box instead: the focus is then seen on the nearest drawn ancestor.
const FOCUSED = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const shown = (node) => {
    const style = getComputedStyle(node);
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.opacity !== '0';
  };
  let drawn = element;
  for (let up = 0; drawn && !shown(drawn) && up < 2; up += 1) drawn = drawn.parentElement;
  const label = element.labels && element.labels[0] ? element.labels[0].innerText : '';
  const withinTestIds = [];
  for (let node = element.parentElement; node; node = node.parentElement) {
    if (node.dataset.testid) withinTestIds.push(node.dataset.testid);
  }
  const style = getComputedStyle(drawn && shown(drawn) ? drawn : element);
  return {
    tag: element.tagName.toLowerCase(),
    name: (element.getAttribute('aria-label') || label || element.innerText || '').trim(),
    testId: element.getAttribute('data-testid'),
    withinTestIds,
    onScreen: Boolean(drawn && shown(drawn)),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
  };
})()`;

const describeFocus = (f: Focused | null) =>
  f ? `<${f.tag}> "${f.name}"${f.testId ? ` [${f.testId}]` : ''}` : 'nothing';

/** The focused element, which must be on screen and drawn with a clear outline. */
async function visibleFocus(page: Page): Promise<Focused> {
  const focused = await page.evaluate<Focused | null>(FOCUSED);
  if (!focused) throw new Error('Nothing has the keyboard focus');
  if (!focused.onScreen) throw new Error(`The focus is on something not shown: ${describeFocus(focused)}`);
  if (focused.outlineStyle === 'none' || focused.outlineWidth < 2) {
    throw new Error(
      `The focus on ${describeFocus(focused)} is not visible: outline ${focused.outlineStyle} ${focused.outlineWidth}px`,
    );
  }
  return focused;
}

/** Presses Tab until `wanted` has the focus, checking at every stop that the focus can be seen. */
async function tabTo(page: Page, wanted: (focused: Focused) => boolean, what: string): Promise<Focused> {
  const stops: string[] = [];
  for (let presses = 0; presses < 40; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await visibleFocus(page);
    if (wanted(focused)) return focused;
    stops.push(describeFocus(focused));
  }
  throw new Error(`Tab never reached ${what}; it went through:\n  ${stops.join('\n  ')}`);
}

/** Signs in with the keyboard only: the username has the focus, Tab moves on, Enter submits. */
async function signInByKeyboard(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').waitFor();
  const first = await visibleFocus(page);
  expect(first.name).toContain('用户名');
  await page.keyboard.type(username);
  await tabTo(page, (f) => f.name.includes('密码'), 'the password');
  await page.keyboard.type(DEMO_PASSWORD);
  await tabTo(page, (f) => f.tag === 'button' && /登\s*录/.test(f.name), 'the sign-in button');
  await screenshot(page, 'keyboard-sign-in');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

describe('the web application with the keyboard only', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  const originOf = () => stack.baseUrl.replace(/\/api$/, '');
  beforeAll(async () => {
    // A database of its own: the Tab order runs through the catalogue, which other suites' services
    // would lengthen (and reorder) in the shared one.
    await stack.start({ ownDatabase: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  test('an enterprise signs in and opens a service from the catalogue, seeing where the focus is at every step', async () => {
    const page = await openPage(browser, originOf());
    await signInByKeyboard(page, 'applicant1');
    await page
      .getByTestId('service-restaurant-opening')
      .waitFor()
      .catch(async (error: unknown) => {
        await screenshot(page, 'keyboard-debug-catalogue', { audit: false });
        throw error;
      });

    // Through the header (portal menu, inbox, language, sign-out) to the service's button.
    await tabTo(
      page,
      (f) => f.tag === 'button' && f.withinTestIds.includes('service-restaurant-opening'),
      'the restaurant-opening service',
    );
    await screenshot(page, 'keyboard-catalogue');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/apply\/services\/restaurant-opening$/);

    // The form is filled from the keyboard too.
    await page.getByLabel('店铺名称').waitFor();
    await tabTo(page, (f) => f.name.includes('店铺名称'), 'the shop name');
    await page.keyboard.type('键盘小馆');
    expect(await page.getByLabel('店铺名称').inputValue()).toBe('键盘小馆');
    await page.context().close();
  });

  test('an officer signs in, finds a case with the search and claims it, seeing where the focus is at every step', async () => {
    const applicant = await loginAs(stack, 'applicant1');
    const filed = await applicant.request('POST', '/applications', RESTAURANT_FILING, {
      'idempotency-key': randomUUID(),
    });
    expect(filed.status).toBe(201);
    const number = filed.body.number as string;
    const officer = await loginAs(stack, 'staff.market');
    await eventually(async () => (await queueFor(officer, filed.body.id as string)).length > 0);

    const page = await openPage(browser, originOf());
    await signInByKeyboard(page, 'staff.market');
    await page.getByTestId('tab-pending').waitFor();
    await tabTo(page, (f) => f.name === '搜索办件编号或企业名称', 'the search');
    await page.keyboard.type(number);
    await page.keyboard.press('Enter');
    await page.locator('tbody tr.task-row', { hasText: number }).waitFor();
    await tabTo(page, (f) => f.testId === `claim-${number}`, `the claim button of ${number}`);
    await screenshot(page, 'keyboard-workbench-claim');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/workbench\/tasks\//);
    await page.getByTestId('decision-card').waitFor();
    await page.context().close();
  });
});
