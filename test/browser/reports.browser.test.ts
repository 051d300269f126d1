import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { claimAndDecide, loginAs, queueFor } from '../support/demo-users';
import { launchBrowser, openPage, PHONE, screenshot, signIn } from '../support/browser';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/**
 * On the demo clock a working day lasts 2 s, so the seconds the fire brigade takes over its
 * colleagues read as working days on the dashboard.
 */
const WORKING_DAY_SECONDS = 2;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The bottleneck dashboards in a real browser: cases filed on two parallel routes and decided so
 * that the fire brigade finishes last most often; the coordinating CIO sees it ranked first with its
 * reason, clicks its bar, gets its stuck cases, opens one and urges; the fire brigade's CIO sees
 * their own department only.
 */
describe('the bottleneck reports in the CIO consoles', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  let applicant: ApiUser;
  let staff: Record<string, ApiUser>;
  const numbers: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let parallelService: string;
  let secondService: string;
  const originOf = () => stack.baseUrl.replace(/\/api$/, '');

  async function file(name: string, serviceCode: string): Promise<void> {
    const filed = await applicant.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    ids[name] = filed.body.id as string;
    numbers[name] = filed.body.number as string;
  }

  async function approve(department: string, name: string): Promise<void> {
    const officer = staff[department];
    const [task] = await eventually(async () => {
      const rows = await queueFor(officer, ids[name]);
      return rows.length > 0 && rows;
    });
    const decided = await claimAndDecide(officer, task.id, 'approve');
    expect(decided.status).toBe(200);
  }

  beforeAll(async () => {
    await stack.start({ env: { WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS) }, ownDatabase: true });
    browser = await launchBrowser();
    const departments = ['market', 'fire', 'health', 'tax'];
    const [coord, ...cios] = await Promise.all(
      ['coord', ...departments.map((d) => `cio.${d}`)].map((u) => loginAs(stack, u)),
    );
    const officers = await Promise.all(departments.map((d) => loginAs(stack, `staff.${d}`)));
    staff = Object.fromEntries(departments.map((d, i) => [d, officers[i]]));
    applicant = await loginAs(stack, 'applicant1');
    const cioOf = Object.fromEntries(departments.map((d, i) => [d, cios[i]]));
    const suffix = randomUUID().slice(0, 6);
    // Ten working days (20 s): only what waits on the fire brigade through the test runs late.
    const config = stepConfig({ timeLimitDays: 10 });
    parallelService = `shop-${suffix}`;
    secondService = `signage-${suffix}`;
    await publishThroughApi({
      coord,
      cios: cioOf,
      code: parallelService,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: [] },
        { key: 'hygiene', departmentCode: 'health', after: [] },
      ],
      configs: { licence: config, 'fire-check': config, hygiene: config },
    });
    await publishThroughApi({
      coord,
      cios: cioOf,
      code: secondService,
      route: [
        { key: 'tax-registration', departmentCode: 'tax', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: [] },
      ],
      configs: { 'tax-registration': config, 'fire-check': config },
    });

    // The fire brigade finishes last in two of the three parallel stages that finished, health in one.
    await Promise.all([file('a1', parallelService), file('a2', parallelService), file('a3', parallelService)]);
    await Promise.all([file('b1', secondService), file('b2', secondService)]);
    await Promise.all([approve('market', 'a1'), approve('health', 'a1'), approve('tax', 'b1')]);
    await Promise.all([approve('fire', 'a2'), approve('market', 'a2')]);
    await Promise.all([approve('market', 'a3'), approve('health', 'a3'), approve('tax', 'b2')]);
    await pause(1_500);
    await approve('health', 'a2');
    await pause(3_000);
    await Promise.all([approve('fire', 'a1'), approve('fire', 'b1')]);
    // a3 and b2 stay with the fire brigade: its stuck cases.
    await eventually(
      async () => (await applicant.request('GET', `/applications/${ids.a1}`)).body.status === 'approved',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  });

  /**
   * The drawer is as tall as the viewport: made as tall as the page, the picture shows the drawer
   * over all of it. The "urged" toast is let go first, so it does not cover the drawer's title.
   */
  async function drawerScreenshot(page: Page, name: string): Promise<void> {
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    const viewport = page.viewportSize()!;
    await page.setViewportSize({ width: viewport.width, height });
    await screenshot(page, name);
    await page.setViewportSize(viewport);
  }

  /** The critical-path chart's first band (the highest share): its bar, clicked like a user would. */
  async function clickFirstBand(page: Page): Promise<void> {
    const chart = page.getByTestId('chart-critical-path').getByRole('img');
    // The mouse clicks where it is told, in the viewport: the chart must be in view.
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) throw new Error('the critical-path chart is not shown');
    // The plot starts 8 px down and gives each department a 36 px band (ReportCharts BAND_PX).
    await page.mouse.click(box.x + box.width * 0.6, box.y + 8 + 18);
  }

  test('the coordinating CIO sees the fire brigade ranked first with its reason, clicks its bar, opens a stuck case and urges', async () => {
    const page = await openPage(browser, originOf(), { language: 'zh' });
    await signIn(page, 'coord');
    await page.goto('/coordination?tab=reports');
    const first = page.getByTestId('bottleneck').first();
    await first.locator('strong', { hasText: '消防救援支队 ·' }).waitFor();
    await first.getByText(/^消防救援支队: 在.*的并联阶段中 \d+% 的办件最后完成，中位数多用 [\d.]+ 个工作日/).waitFor();
    expect(await page.getByTestId('chart-critical-path').getByRole('img').getAttribute('aria-label')).toMatch(
      /^关键路径占比，从高到低：消防救援支队 67% \(2\/3\)，卫生健康委员会 50% \(1\/2\)/,
    );
    await screenshot(page, 'reports-coordination-zh');

    await clickFirstBand(page);
    const drawer = page.getByTestId('stuck-cases');
    await drawer.getByText('消防救援支队：卡住的办件').waitFor();
    await drawer.getByText(numbers.a3).waitFor();
    await drawer.getByText(numbers.b2).waitFor();
    expect(await drawer.getByText(numbers.a1).count()).toBe(0);
    // How long each has waited, in working days (on the demo clock, some by now).
    await drawer
      .getByText(/^[\d.]+ 个工作日$/)
      .first()
      .waitFor();
    await drawerScreenshot(page, 'reports-stuck-cases-zh');

    // To the case, and urge the fire brigade there.
    await drawer.getByRole('link', { name: `打开办件 ${numbers.a3}` }).click();
    await page.waitForURL(new RegExp(`/cases/${ids.a3}$`));
    await page.getByTestId('urge-fire-check').click();
    await page.getByLabel('督办意见').fill('请于今日内完成消防检查');
    await page.getByTestId('urge-send').click();
    await page.getByText('督办 ×1').waitFor();
    // Back to the same stuck cases.
    await page.getByRole('link', { name: /返回报表/ }).click();
    await drawer.getByText(numbers.a3).waitFor();
    await page.context().close();
  });

  test('the stuck cases open from the table behind a chart with the keyboard, and urge from the list (English)', async () => {
    const page = await openPage(browser, originOf(), { language: 'en' });
    await signIn(page, 'coord');
    await page.goto('/coordination?tab=reports');
    const first = page.getByTestId('bottleneck').first();
    await first.getByText(/^Fire and Rescue Detachment: finished last in \d+% of the parallel stages/).waitFor();
    await screenshot(page, 'reports-coordination-en');

    const heat = page.getByTestId('chart-heat-map');
    await heat.getByText('Table', { exact: true }).click();
    const cell = heat
      .locator('tr', { hasText: `Test ${secondService}` })
      .getByRole('button', { name: 'Fire and Rescue Detachment' });
    await cell.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('stuck-cases');
    await drawer.getByText(/Fire and Rescue Detachment · .*: stuck cases/).waitFor();
    await drawer.getByRole('button', { name: `Urge ${numbers.b2}` }).click();
    await page.getByLabel('Message to the department').fill('Please finish the fire check today');
    await page.getByTestId('urge-send').click();
    await drawer.getByText('Urge ×1').waitFor();
    await drawerScreenshot(page, 'reports-stuck-cases-en');
    await page.context().close();
  });

  test('the event log of a service downloads through the signed-in client', async () => {
    const page = await openPage(browser, originOf(), { language: 'zh' });
    await signIn(page, 'coord');
    await page.goto(`/coordination?tab=reports&service=${parallelService}`);
    await page.getByTestId('bottleneck').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载事件日志/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^event-log-${parallelService}-.*\\.xes$`));
    await page.context().close();
  });

  test('each table of the report downloads as CSV, Chinese intact', async () => {
    const page = await openPage(browser, originOf(), { language: 'zh' });
    await signIn(page, 'coord');
    await page.goto('/coordination?tab=reports');
    await page.getByTestId('bottleneck').first().waitFor();
    await page.getByRole('button', { name: /下载 CSV/ }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: '瓶颈排名' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toMatch(/消防救援支队/);
    await page.context().close();
  });

  test("the fire brigade's CIO sees their own department only, and no urge", async () => {
    for (const language of ['zh', 'en'] as const) {
      const page = await openPage(browser, originOf(), { language });
      await signIn(page, 'cio.fire');
      await page.goto('/department?tab=reports');
      await page.getByTestId('bottleneck').first().waitFor();
      const label = await page.getByTestId('chart-critical-path').getByRole('img').getAttribute('aria-label');
      expect(label).toMatch(language === 'zh' ? /消防救援支队 67%/ : /Fire and Rescue Detachment 67%/);
      expect(label).not.toMatch(/卫生健康委员会|Health Commission|市场监督管理局|Market Supervision/);
      for (const entry of await page.getByTestId('bottleneck').all()) {
        expect(await entry.textContent()).toMatch(language === 'zh' ? /^消防救援支队/ : /^Fire and Rescue Detachment/);
      }
      await screenshot(page, `reports-department-${language}`);
      await clickFirstBand(page);
      const drawer = page.getByTestId('stuck-cases');
      await drawer.getByText(numbers.a3).waitFor();
      expect(await drawer.getByRole('button', { name: /督办|Urge/ }).count()).toBe(0);
      await page.context().close();
    }
  });

  test('the dashboard reads at phone width', async () => {
    const page = await openPage(browser, originOf(), { language: 'zh', viewport: PHONE });
    await signIn(page, 'coord');
    await page.goto('/coordination?tab=reports');
    await page.getByTestId('bottleneck').first().waitFor();
    await screenshot(page, 'reports-coordination-phone');
    // Nothing shown reaches past the right edge (which would make the page scroll sideways).
    const overflowing = await page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
      .filter((e) => getComputedStyle(e).visibility !== 'hidden' && e.getBoundingClientRect().right > ${PHONE.width} + 0.5)
      .filter((e) => !e.closest('.ant-table-content, .ant-menu-overflow'))
      .map((e) => e.tagName.toLowerCase() + '.' + String(e.className).split(' ')[0] + ' "' + (e.textContent || '').slice(0, 30) + '" ' + Math.round(e.getBoundingClientRect().right))
      .slice(0, 8)`);
    expect(overflowing).toEqual([]);
    await page.context().close();
  });
});
