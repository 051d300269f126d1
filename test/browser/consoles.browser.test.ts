import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_OPINION_TEMPLATES } from '../../libs/persistence/seed/demo-data';
import { loginAs, queueFor, RESTAURANT_FILING } from '../support/demo-users';
import { eventually } from '../support/workflow-harness';
import { launchBrowser, openPage, pickOption, screenshot as save, signIn } from '../support/browser';
import { ProcessStack } from '../support/process-stack';

/** The origin the gateway serves the web application at (its API base without /api). */
const originOf = (stack: ProcessStack) => stack.baseUrl.replace(/\/api$/, '');
/** A screenshot once the page has loaded what it shows (no spinner left). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForFunction("!document.querySelector('.ant-spin-spinning, .ant-skeleton')");
  await save(page, name);
}

const HEALTH_PERMIT = '/department?tab=steps&step=restaurant-opening/health-permit';
/** The health department's seeded opinion phrases (libs/persistence/seed/demo-data.ts). */
const [HEALTH_PHRASE, HEALTH_OBSOLETE_PHRASE] = DEMO_OPINION_TEMPLATES.health;

describe('the department CIO and coordinating CIO consoles in a real browser', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  beforeAll(async () => {
    // It publishes new versions of restaurant-opening, which other suites expect at version 1.
    // The department CIO signs in a dozen times within a minute here, past the default sign-in
    // throttle (10 a minute per address and username), which is tested on its own elsewhere.
    await stack.start({ ownDatabase: true, env: { LOGIN_ATTEMPTS_PER_MINUTE: '100' } });
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

  test('a department CIO reassigns an open task by picking from the officers who may take it, with their load', async () => {
    const number = await caseAtHealth();
    const cio = await loginAs(stack, 'cio.health');
    const task = (await cio.request('GET', `/tasks?limit=100`)).body.items.find(
      (t: { applicationNumber: string }) => t.applicationNumber === number,
    );
    const offered = await cio.request('GET', `/tasks/${task.id}/eligible-officers`);
    expect(offered.body.map((o: { username: string }) => o.username)).toEqual(['staff.health']);

    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'cio.health');
    const row = page.getByTestId('department-tasks').locator('tr', { hasText: number });
    await row.waitFor();
    await screenshot(page, 'console-department-tasks');
    await row.getByRole('button', { name: /转\s*办/ }).click();
    const dialog = page.getByRole('dialog');
    // The department's only health officer, with the tasks they hold now; no other department's.
    await dialog.getByLabel('接办人员').click();
    const dropdown = page.locator('.ant-select-dropdown:visible');
    await dropdown.getByTestId('officer-staff.health').getByText(`在办 ${offered.body[0].openTasks} 件`).waitFor();
    expect(await dropdown.getByText('staff.fire').count()).toBe(0);
    await dialog.getByLabel('转办原因').fill('本周人手调整');
    await dialog.getByLabel('接办人员').click();
    await screenshot(page, 'console-department-reassign');
    await pickOption(page, dialog, '接办人员', 'staff.health');
    await dialog.getByRole('button', { name: /转\s*办/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('staff.health').waitFor();

    // Now that staff.health holds it, they are flagged and cannot be picked again: nobody else can take it.
    await row.getByRole('button', { name: /转\s*办/ }).click();
    await dialog.getByText('本部门目前没有可以承办此待办的人员', { exact: false }).waitFor();
    await dialog.getByLabel('接办人员').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option-disabled', { hasText: '当前经办人' })
      .waitFor();
    expect(await dialog.getByRole('button', { name: /转\s*办/ }).isDisabled()).toBe(true);
    await page.context().close();
  });

  test('a department CIO keeps the opinion phrases, checked as typed; an officer of the department picks the new one in the decision card', async () => {
    const suffix = randomUUID().slice(0, 6);
    const phrase = `现场检查合格，同意核发 ${suffix}`;
    const edited = `现场检查合格，同意核发卫生许可 ${suffix}`;
    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'cio.health');
    await page.goto('/department?tab=phrases');
    const table = page.getByTestId('phrases');
    await table.getByText(HEALTH_PHRASE).waitFor();
    const add = page.getByTestId('new-phrase');
    const addField = itemOf(page, '新增常用语');

    // The server's limits, checked as the CIO types.
    await add.getByLabel('新增常用语').fill('   ');
    await addField.getByText('请输入常用语（不能只有空格）').waitFor();
    await add.getByLabel('新增常用语').fill('长'.repeat(501));
    await addField.getByText('常用语最多 500 个字').waitFor();
    // A phrase the department has already: the server's 409, explained at the field.
    await add.getByLabel('新增常用语').fill(HEALTH_PHRASE);
    await add.getByRole('button', { name: /添\s*加/ }).click();
    await addField.getByText('本部门已有相同的常用语').waitFor();

    await add.getByLabel('新增常用语').fill(phrase);
    await add.getByRole('button', { name: /添\s*加/ }).click();
    const added = table.locator('tr', { hasText: phrase });
    await added.waitFor();
    await added.getByText('cio.health').waitFor();
    expect(await add.getByLabel('新增常用语').inputValue()).toBe('');

    // Edited in place: the same row gets the new words.
    await added.getByRole('button', { name: /修\s*改/ }).click();
    const editor = table.locator('[data-testid^="edit-phrase-"]');
    await editor.getByLabel('修改常用语').fill(edited);
    await editor.getByRole('button', { name: /保\s*存/ }).click();
    await editor.waitFor({ state: 'detached' });
    const rowOfEdited = table.locator('tr', { hasText: edited });
    await rowOfEdited.getByRole('button', { name: /修\s*改/ }).waitFor();
    expect(await table.locator('tr', { hasText: phrase }).count()).toBe(0);
    await screenshot(page, 'console-department-templates');

    // A phrase deleted after a confirmation.
    const obsolete = table.locator('tr', { hasText: HEALTH_OBSOLETE_PHRASE });
    await obsolete.getByRole('button', { name: /删\s*除/ }).click();
    await page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: /删\s*除/ })
      .click();
    await obsolete.waitFor({ state: 'detached' });
    const kept = await (await loginAs(stack, 'cio.health')).request('GET', '/opinion-templates');
    expect(kept.body.map((t: { text: string }) => t.text)).toEqual(expect.arrayContaining([HEALTH_PHRASE, edited]));
    expect(kept.body.map((t: { text: string }) => t.text)).not.toContain(HEALTH_OBSOLETE_PHRASE);
    await page.context().close();

    // An officer of the department finds it in the decision card's phrase picker.
    const number = await caseAtHealth();
    const staff = await loginAs(stack, 'staff.health');
    const task = (await staff.request('GET', '/tasks?limit=100')).body.items.find(
      (t: { applicationNumber: string }) => t.applicationNumber === number,
    );
    expect((await staff.request('POST', `/tasks/${task.id}/claim`)).status).toBe(200);
    const officer = await openPage(browser, originOf(stack));
    await signIn(officer, 'staff.health');
    await officer.goto(`/workbench/tasks/${task.id}`);
    const card = officer.getByTestId('decision-card');
    await card.waitFor();
    await pickOption(officer, card, '常用语', edited);
    expect(await officer.getByTestId('decision-opinion').inputValue()).toBe(edited);
    await officer.context().close();
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

    // The statutory limit below the promised one: the server's 422 at statutoryLimitDays, in Chinese
    // (its rule and values, not the server's English sentence).
    await page.getByLabel('法定时限（工作日）', { exact: true }).fill(String(limit));
    await page.getByTestId('save-step').click();
    await itemOf(page, '法定时限（工作日）')
      .locator('.ant-form-item-explain-error', {
        hasText: `法定时限（${limit}）不能短于承诺时限（${limit + 1}）`,
      })
      .waitFor();
    await page.getByTestId('step-save-error').waitFor();
    await page.getByLabel('法定时限（工作日）', { exact: true }).fill('');

    // A warning earlier than the limit itself: the server's 422 at supervision.warnBeforeDays.
    await page.getByLabel('到期前预警（工作日）', { exact: true }).fill(String(limit + 5));
    await page.getByTestId('save-step').click();
    await itemOf(page, '到期前预警（工作日）')
      .locator('.ant-form-item-explain-error', { hasText: `不能超过承诺时限本身（${limit + 1} 个工作日）` })
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
    const saved = await page.getByTestId('route-saved').innerText();
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
    await page
      .getByTestId('route-saved')
      .getByText(`流程已保存，修订号 ${revision + 1}`)
      .waitFor();
    await page.getByTestId('publish').click();
    // The first attempt's problems are still on screen until this attempt's answer replaces them:
    // wait for that answer, not for whichever panel happens to be visible.
    const publishAnswer = page.waitForResponse(
      (response) => response.request().method() === 'POST' && /\/api\/services\/[^/]+\/publish$/.test(response.url()),
    );
    await page.getByRole('button', { name: /确\s*定/ }).click();
    // A refusal fails the test with what the server said.
    const answer = await publishAnswer;
    if (!answer.ok()) throw new Error(`publishing failed: ${answer.status()} ${await answer.text()}`);
    const published = page.getByTestId('publish-result');
    expect(await published.innerText()).toMatch(/已发布第 \d+ 版/);

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

  test('a department CIO adds an enum field with its options and makes the step apply on it; a bad pattern and min > max are shown at their fields as typed', async () => {
    const before = await healthPermit();
    const page = await openPage(browser, originOf(stack));
    await signIn(page, 'cio.health');
    await page.goto(HEALTH_PERMIT);
    const form = page.getByTestId('step-config-form');
    await form.waitFor();
    const existing = await form.locator('[data-testid^="field-"]').count();

    // An enum field, with its options as tags.
    await page.getByRole('button', { name: '添加字段' }).click();
    const kind = page.getByTestId(`field-${existing}`);
    await kind.getByLabel('字段键', { exact: true }).fill('business_kind');
    await kind.getByLabel('中文名称', { exact: true }).fill('经营类型');
    await kind.getByLabel('英文名称', { exact: true }).fill('Business kind');
    await pickOption(page, kind, '类型', 'enum');
    // Before any option, the server's rule says an enum needs them, at the options input.
    await kind.getByLabel('选项', { exact: true }).waitFor();
    await page.getByTestId('save-step').click();
    await kind.locator('.ant-form-item-explain-error', { hasText: '选项字段至少需要一个选项' }).waitFor();
    for (const option of ['restaurant', 'bakery']) {
      await kind.getByLabel('选项', { exact: true }).fill(option);
      await kind.getByLabel('选项', { exact: true }).press('Enter');
    }
    await kind.locator('.ant-form-item-explain-error').first().waitFor({ state: 'detached' });

    // A text field: a pattern that does not compile and a minimum above the maximum, both shown as typed.
    await page.getByRole('button', { name: '添加字段' }).click();
    const sign = page.getByTestId(`field-${existing + 1}`);
    await sign.getByLabel('字段键', { exact: true }).fill('shop_sign');
    await sign.getByLabel('中文名称', { exact: true }).fill('招牌名称');
    await sign.getByLabel('英文名称', { exact: true }).fill('Shop sign');
    await sign.getByLabel('格式（正则表达式）', { exact: true }).fill('[A-Z');
    await sign
      .locator('.ant-form-item', { has: page.getByLabel('格式（正则表达式）', { exact: true }) })
      .locator('.ant-form-item-explain-error', { hasText: '不是有效的正则表达式' })
      .waitFor();
    await sign.getByLabel('最短长度（字）', { exact: true }).fill('30');
    await sign.getByLabel('最长长度（字）', { exact: true }).fill('20');
    await sign
      .locator('.ant-form-item', { has: page.getByLabel('最短长度（字）', { exact: true }) })
      .locator('.ant-form-item-explain-error', { hasText: '最小值（30）大于最大值（20）' })
      .waitFor();
    await sign.getByLabel('格式（正则表达式）', { exact: true }).fill('[A-Za-z ]+');
    await sign.getByLabel('最短长度（字）', { exact: true }).fill('2');
    // Until the form re-validates both fields there are two errors: wait for the first to go, i.e. for none
    // (a locator matching two elements breaks waitFor's strict mode).
    await sign.locator('.ant-form-item-explain-error').first().waitFor({ state: 'detached' });

    // The step applies only to restaurants and bakeries: the operator and the value follow the field.
    // The choice is the form's value, seen by the radio one render later: wait for what it opens
    // rather than for the radio itself (check() looks at it at once).
    await page.getByLabel('满足以下全部条件时办理').click();
    const row = page.getByTestId('condition-0');
    await row.waitFor();
    await pickOption(page, row, '表单字段', '经营类型 (business_kind)');
    await pickOption(page, row, '比较', '为其中之一');
    await row.getByLabel('取值', { exact: true }).click();
    for (const option of ['restaurant', 'bakery']) {
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).click();
    }
    await page.keyboard.press('Escape');
    await screenshot(page, 'console-department-step-rules');

    await page.getByTestId('save-step').click();
    await page.getByText(`已保存，修订号 ${before.revision + 1}`).waitFor();
    const saved = await healthPermit();
    expect(saved.config.fields).toEqual([
      ...(before.config.fields as unknown[]),
      {
        key: 'business_kind',
        label: { zh: '经营类型', en: 'Business kind' },
        type: 'enum',
        required: false,
        rules: { options: ['restaurant', 'bakery'] },
      },
      {
        key: 'shop_sign',
        label: { zh: '招牌名称', en: 'Shop sign' },
        type: 'text',
        required: false,
        rules: { min: 2, max: 20, pattern: '[A-Za-z ]+' },
      },
    ]);
    // A group of one comparison is stored as that comparison.
    expect(saved.config.includeWhen).toEqual({ field: 'business_kind', op: 'in', value: ['restaurant', 'bakery'] });
    // What the editor did not touch is kept.
    expect({ ...saved.config, fields: before.config.fields, includeWhen: undefined }).toEqual({
      ...before.config,
      includeWhen: undefined,
    });

    // A condition deeper than the builder is shown as text, kept on a save, and can be replaced.
    const deep = {
      any: [
        {
          all: [
            { field: 'business_kind', op: 'eq', value: 'bakery' },
            { field: 'employees', op: 'gt', value: 5 },
          ],
        },
        { field: 'business_kind', op: 'eq', value: 'restaurant' },
      ],
    };
    const cio = await loginAs(stack, 'cio.health');
    const put = await cio.request(
      'PUT',
      '/services/restaurant-opening/steps/health-permit',
      { ...saved.config, includeWhen: deep },
      { 'If-Match': String(saved.revision) },
    );
    expect(put.status).toBe(200);
    await page.reload();
    await page.getByTestId('include-when-readonly').getByText('从业人员数 > 5').waitFor();
    await page.getByLabel('承诺时限（工作日）', { exact: true }).fill(String(Number(saved.config.timeLimitDays) + 1));
    await page.getByTestId('save-step').click();
    await page.getByText(`已保存，修订号 ${saved.revision + 2}`).waitFor();
    expect((await healthPermit()).config.includeWhen).toEqual(deep);
    await page.getByRole('button', { name: '替换为新条件' }).click();
    await page.getByTestId('condition-0').waitFor();
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
    await cio.goto('/department?tab=phrases');
    await cio.getByTestId('phrases').getByText(HEALTH_PHRASE).waitFor();
    await cio.getByLabel('New phrase').waitFor();
    await screenshot(cio, 'console-department-templates-en');
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
