import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loginAs, queueFor } from '../support/demo-users';
import { launchBrowser, openPage, PHONE, screenshot, signIn } from '../support/browser';
import { ProcessStack } from '../support/process-stack';
import { eventually } from '../support/workflow-harness';

const FLOOR_PLAN = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The origin the gateway serves the web application at (its API base without /api). */
const originOf = (stack: ProcessStack) => stack.baseUrl.replace(/\/api$/, '');

describe('the enterprise portal in a real browser', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  let storeDir: string;
  /** The case filed through the form by the first test. */
  let applicationId: string;
  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'onestop-portal-files-'));
    // Its own database: the catalogue and the service page must show the seeded service as it was
    // published, whatever other suites do to the shared one.
    await stack.start({ ownDatabase: true, env: { FILE_STORE_DIR: storeDir } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  async function fillRestaurantForm(page: Page, area: number): Promise<void> {
    await page.getByLabel('店铺名称').fill('味道小馆');
    await page.getByLabel('经营场所面积').fill(String(area));
    await page.getByLabel('从业人员数').fill('12');
    await page.getByRole('radio', { name: '否' }).first().check();
  }

  test('an enterprise files restaurant-opening through the one form: an answer hides and shows the environment step, and the case opens', async () => {
    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'applicant1');
    // The catalogue finds a service by a word of its name, and says when nothing matches.
    const search = page.getByLabel('按名称或编码查找事项');
    await search.fill('不存在的事项');
    await page.getByText('没有名称或编码包含“不存在的事项”的事项').waitFor();
    expect(await page.getByTestId('service-restaurant-opening').count()).toBe(0);
    await search.fill('餐饮');
    await page.getByTestId('service-restaurant-opening').getByRole('button').click();
    await page.waitForSelector('[data-testid=route-diagram]');
    const environment = page.getByTestId('diagram-step-environment-review');

    await fillRestaurantForm(page, 80);
    await expectAttribute(environment, 'data-excluded', 'true');
    await page.getByLabel('经营场所面积').fill('200');
    await expectAttribute(environment, 'data-excluded', 'false');
    // The environment department's material appears only when its step applies.
    await page.getByText('油烟净化方案').waitFor();
    // The condition and the departments in the enterprise's words, not configuration keys.
    await page.getByText('经营场所面积 > 150 m²').waitFor();
    await page.getByText('需要：生态环境局').waitFor();
    await screenshot(page, 'apply-service-form');

    await page.getByLabel(/公司章程/).fill('公司章程全文');
    // The floor plan goes in as a file. A program renamed .pdf is refused next to the material, from
    // its bytes; the real PDF is then kept, its name and size shown.
    const floorPlan = page.getByTestId('material-upload-floor-plan');
    await floorPlan.locator('input[type=file]').setInputFiles({
      name: '平面图.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(64, 1)]),
    });
    await page.getByTestId('upload-error-floor-plan').getByText('该材料不接受此类文件').waitFor();
    await page
      .getByTestId('upload-error-floor-plan')
      .getByText(/文件内容为 exe/)
      .waitFor();
    await floorPlan.locator('input[type=file]').setInputFiles({
      name: '消防平面图-定稿.pdf',
      mimeType: 'application/pdf',
      buffer: FLOOR_PLAN,
    });
    await page.getByTestId('uploaded-floor-plan').getByText('消防平面图-定稿.pdf').waitFor();
    await page.getByTestId('uploaded-floor-plan').getByText(`${FLOOR_PLAN.length} B`).waitFor();
    expect(await page.getByTestId('upload-error-floor-plan').count()).toBe(0);
    // The file meets the requirement: no "required" message under the text alternative.
    expect(await page.getByText('请填写消防平面图').count()).toBe(0);
    await screenshot(page, 'apply-material-file');
    await page.getByTestId('review').click();
    await page.getByRole('dialog').getByText('味道小馆').waitFor();
    await screenshot(page, 'apply-review');
    // A double click files once: the same Idempotency-Key, and the button waits for the answer.
    await page.getByTestId('submit-filing').dblclick();
    await page.waitForURL(/\/cases\//);
    applicationId = /\/cases\/([^/?#]+)/.exec(page.url())![1];
    const title = await page.getByText(/办件 YB-\d{4}-\d{6}/).innerText();
    const number = /YB-\d{4}-\d{6}/.exec(title)![0];
    await page.getByText('办理中').first().waitFor();
    // What was filed: the answers in words, and the environment material left for later shown missing.
    await page.getByTestId('filed-field-shop_name').getByText('味道小馆').waitFor();
    await page.getByTestId('filed-field-serves_alcohol').getByText('否').waitFor();
    await page.getByTestId('filed-material-fume-treatment-plan').getByText('未提交').waitFor();
    await page.getByTestId('filed-material-floor-plan').getByText('消防平面图-定稿.pdf').waitFor();
    await screenshot(page, 'apply-case');

    await page.goto('/apply/applications');
    // Filed once, however the button was clicked (other suites may have filed as applicant1 too).
    const rows = page.locator('tbody tr', { hasText: number });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await screenshot(page, 'apply-my-applications');
    await page.context().close();
  });

  test('the fire officer downloads the floor plan from the task view: the very bytes the enterprise uploaded', async () => {
    const officer = await loginAs(stack, 'staff.fire');
    const task = await eventually(async () => (await queueFor(officer, applicationId))[0]);
    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'staff.fire');
    await page.goto(`/workbench/tasks/${task.id}`);
    const row = page.getByTestId('filed-material-floor-plan');
    await row.getByText('消防平面图-定稿.pdf').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: /下载/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('消防平面图-定稿.pdf');
    expect(sha256(await readFile(await download.path()))).toBe(sha256(FLOOR_PLAN));
    await screenshot(page, 'workbench-material-file');
    await page.context().close();
  });

  test('the enterprise follows each department: who holds its step, when its clock stood still, never an officer’s name', async () => {
    const fire = await loginAs(stack, 'staff.fire');
    const market = await loginAs(stack, 'staff.market');
    const fireTask = await eventually(async () => (await queueFor(fire, applicationId))[0]);
    const marketTask = await eventually(async () => (await queueFor(market, applicationId))[0]);
    expect((await fire.request('POST', `/tasks/${fireTask.id}/claim`)).status).toBe(200);
    const paused = await fire.request('POST', `/tasks/${fireTask.id}/decision`, {
      outcome: 'pause',
      reason: 'inspection',
      opinion: '安排现场核查',
    });
    expect(paused.status).toBe(200);
    expect((await market.request('POST', `/tasks/${marketTask.id}/claim`)).status).toBe(200);

    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'applicant1');
    await page.goto(`/cases/${applicationId}`);
    const fireCard = page.getByTestId('progress-fire-safety');
    await fireCard.getByText('消防救援支队').first().waitFor();
    await fireCard.getByText(/现场核查: .* – 至今/).waitFor();
    await fireCard.getByText('已停止计时').waitFor();
    const marketCard = page.getByTestId('progress-business-licence');
    // Held by the department: the card names it twice (title and holder), and no officer anywhere.
    expect(await marketCard.getByText('市场监督管理局').count()).toBe(2);
    await page.getByTestId('progress-health-permit').getByText('尚未开始').waitFor();
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('staff.fire');
    expect(body).not.toContain('staff.market');
    await screenshot(page, 'apply-case-progress');

    await page.getByTestId('language-switch').click();
    await fireCard.getByText(/Site inspection: .* – now/).waitFor();
    await marketCard.getByText('Held by').waitFor();
    await screenshot(page, 'apply-case-progress-en');
    await page.context().close();
  });

  test('the language switch changes every visible label, and the choice is remembered', async () => {
    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'applicant1');
    await page.getByText('服务事项').first().waitFor();
    await page.getByTestId('language-switch').click();
    await page.getByText('Services').first().waitFor();
    // Service and people's names are data, and the switch names the other language in that language
    // (中文); every label around them is English now.
    const names = [await page.getByTestId('current-user').innerText(), '餐饮店开办', '中文'];
    let body = await page.locator('body').innerText();
    for (const name of names) body = body.split(name.split(' · ')[0]).join('');
    expect(body).not.toMatch(/[\u4e00-\u9fff]/);
    await page.reload();
    await page.getByText('Services').first().waitFor();
    await screenshot(page, 'apply-catalogue-en');
    await page.context().close();
  });

  test('the enterprise portal works at phone width', async () => {
    const page = await openPage(browser, originOf(stack), { viewport: PHONE });
    await signIn(page, 'applicant2');
    await page.getByTestId('service-restaurant-opening').getByRole('button').click();
    await page.waitForSelector('[data-testid=route-diagram]');
    await fillRestaurantForm(page, 60);
    // Evaluated in the page (a string: this project's types have no DOM).
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'apply-service-phone');
    await page.context().close();
  });
});

async function expectAttribute(
  locator: ReturnType<Page['getByTestId']>,
  name: string,
  value: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const actual = await locator.getAttribute(name);
    if (actual === value) return;
    if (Date.now() > deadline) throw new Error(`${name} is ${actual}, expected ${value}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
