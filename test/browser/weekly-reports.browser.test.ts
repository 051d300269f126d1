import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { loadConfig, requireService } from '../../libs/config';
import { claimAndDecide, loginAs, queueFor } from '../support/demo-users';
import { launchBrowser, openPage, PHONE, screenshot, signIn } from '../support/browser';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/** On the demo clock a working day lasts 2 s: a one-day step is overdue within seconds. */
const WORKING_DAY_SECONDS = 2;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The weekly reports in a real browser, against the real gateway, worker and Temporal: the weekly
 * run is set off through its Temporal Schedule (as Monday 08:00 would), files a report; the
 * coordinating CIO sets the fire brigade's thresholds in the console, the next run raises an alert
 * for the open overdue fire checks, and the alert and the filed report are read in Chinese and
 * English, on a phone, and by the department CIOs, each of whom sees their own department only.
 */
describe('the weekly reports, alerts and thresholds in the CIO consoles', () => {
  const stack = new ProcessStack();
  let browser: Browser;
  let connection: Connection;
  let temporal: Client;
  let coord: ApiUser;
  let applicant: ApiUser;
  let staff: Record<string, ApiUser>;
  const originOf = () => stack.baseUrl.replace(/\/api$/, '');
  const scheduleId = () => `weekly-bottleneck-report-${stack.taskQueue}`;

  /**
   * Sets the weekly run off now, as its Schedule would on Monday morning, and waits for that run's
   * workflow to finish (its result, not a guess at how long it takes).
   */
  async function runWeeklyReport(): Promise<void> {
    const schedule = temporal.schedule.getHandle(scheduleId());
    // The Schedule is made when the processes start.
    await eventually(() => schedule.describe().then(Boolean, () => false));
    const before = (await schedule.describe()).info.recentActions.length;
    await schedule.trigger();
    const started = await eventually(async () => {
      const actions = (await schedule.describe()).info.recentActions;
      return actions.length > before && actions[actions.length - 1];
    });
    await temporal.workflow
      .getHandle(started.action.workflow.workflowId, started.action.workflow.firstExecutionRunId)
      .result();
  }

  /** Files a case on `serviceCode`; its id. */
  async function file(serviceCode: string): Promise<string> {
    const filed = await applicant.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials: [] },
      { 'idempotency-key': randomUUID() },
    );
    expect(filed.status).toBe(201);
    return filed.body.id as string;
  }

  async function approve(department: string, applicationId: string): Promise<void> {
    const [task] = await eventually(async () => {
      const rows = await queueFor(staff[department], applicationId);
      return rows.length > 0 && rows;
    });
    expect((await claimAndDecide(staff[department], task.id, 'approve')).status).toBe(200);
  }

  /**
   * The weekly run reports the last complete week, and a test database has only today. So the
   * cases of "last week" are worked through the real processes now, and then their whole record
   * (event log with the times inside its data, tasks, filing) is moved seven days back and queued
   * for the report roll-ups, as if it had happened then. Every duration stays as it was.
   */
  async function moveToLastWeek(applicationIds: string[]): Promise<void> {
    const db = new PgClient({ connectionString: stack.databaseUrl });
    await db.connect();
    const WEEK = "interval '7 days'";
    const shift = (value: unknown): unknown =>
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)
        ? new Date(new Date(value).getTime() - 7 * 86_400_000).toISOString()
        : Array.isArray(value)
          ? value.map(shift)
          : value && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shift(v)]))
            : value;
    try {
      await db.query('BEGIN');
      const events = await db.query<{ id: string; data: unknown }>(
        'SELECT id, data FROM application_events WHERE application_id = ANY($1::uuid[])',
        [applicationIds],
      );
      for (const event of events.rows) {
        await db.query(`UPDATE application_events SET at = at - ${WEEK}, data = $2 WHERE id = $1`, [
          event.id,
          JSON.stringify(shift(event.data)),
        ]);
      }
      await db.query(
        `UPDATE tasks SET created_at = created_at - ${WEEK}, claimed_at = claimed_at - ${WEEK},
           due_at = due_at - ${WEEK}, decided_at = decided_at - ${WEEK}, breached_at = breached_at - ${WEEK}
         WHERE application_id = ANY($1::uuid[])`,
        [applicationIds],
      );
      await db.query(
        `UPDATE applications SET filed_at = filed_at - ${WEEK}, closed_at = closed_at - ${WEEK}
         WHERE id = ANY($1::uuid[])`,
        [applicationIds],
      );
      await db.query(
        `INSERT INTO report_refresh_queue (application_id) SELECT unnest($1::uuid[])
         ON CONFLICT (application_id) DO UPDATE SET seq = report_refresh_queue.seq + 1`,
        [applicationIds],
      );
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
  }

  beforeAll(async () => {
    await stack.start({ env: { WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS) }, ownDatabase: true });
    browser = await launchBrowser();
    const config = loadConfig();
    connection = await Connection.connect({ address: requireService(config.temporal.address, 'TEMPORAL_ADDRESS') });
    temporal = new Client({ connection, namespace: config.temporal.namespace });
    const departments = ['market', 'fire', 'health'];
    const [coordUser, ...cios] = await Promise.all(
      ['coord', ...departments.map((d) => `cio.${d}`)].map((u) => loginAs(stack, u)),
    );
    coord = coordUser;
    const officers = await Promise.all(departments.map((d) => loginAs(stack, `staff.${d}`)));
    staff = Object.fromEntries(departments.map((d, i) => [d, officers[i]]));
    applicant = await loginAs(stack, 'applicant1');
    const cioOf = Object.fromEntries(departments.map((d, i) => [d, cios[i]]));
    const suffix = randomUUID().slice(0, 6);
    // One working day (2 s): whatever waits longer breaches.
    const oneDay = stepConfig({ timeLimitDays: 1 });
    const shop = `shop-${suffix}`;
    const inspection = `inspection-${suffix}`;
    await publishThroughApi({
      coord,
      cios: cioOf,
      code: shop,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: [] },
        { key: 'hygiene', departmentCode: 'health', after: [] },
      ],
      configs: { licence: oneDay, 'fire-check': oneDay, hygiene: oneDay },
    });
    await publishThroughApi({
      coord,
      cios: cioOf,
      code: inspection,
      route: [{ key: 'fire-check', departmentCode: 'fire', after: [] }],
      configs: { 'fire-check': oneDay },
    });

    // "Last week": the fire brigade finishes last, late, in two of the three parallel stages.
    const [a1, a2, a3] = await Promise.all([file(shop), file(shop), file(shop)]);
    await Promise.all([approve('market', a1), approve('health', a1), approve('fire', a2), approve('market', a2)]);
    await Promise.all([approve('market', a3), approve('health', a3)]);
    await pause(1_000);
    await approve('health', a2);
    await pause(3 * 1_000);
    await Promise.all([approve('fire', a1), approve('fire', a3)]);
    await eventually(async () => {
      const statuses = await Promise.all(
        [a1, a2, a3].map(async (id) => (await applicant.request('GET', `/applications/${id}`)).body.status),
      );
      return statuses.every((status) => status === 'approved');
    });
    await moveToLastWeek([a1, a2, a3]);

    // Now: two fire checks nobody picks up, overdue after a working day.
    await Promise.all([file(inspection), file(inspection)]);
    await eventually(async () => {
      const live = await coord.request(
        'GET',
        `/reports/bottlenecks?from=${new Date(Date.now() - 3_600_000).toISOString()}`,
      );
      const fire = (live.body.departments as { departmentCode: string; overdueOpen: number }[]).find(
        (row) => row.departmentCode === 'fire',
      );
      return (fire?.overdueOpen ?? 0) >= 2;
    }, 60_000);
  });
  afterAll(async () => {
    await browser?.close();
    await connection?.close();
    await stack.stop();
  });

  const view = (page: Page, console: 'coordination' | 'department', name: string) =>
    page.goto(`/${console}?tab=reports&view=${name}`);

  test('before the first Monday run, the weekly reports and the alerts say what will appear, and when', async () => {
    for (const language of ['zh', 'en'] as const) {
      const page = await openPage(browser, originOf(), { language });
      await signIn(page, 'coord');
      await view(page, 'coordination', 'weekly');
      await page
        .getByTestId('weekly-empty')
        .getByText(language === 'zh' ? /每周一 8:00（北京时间/ : /Every Monday at 08:00 Beijing time/)
        .waitFor();
      await screenshot(page, `weekly-empty-${language}`);
      await page.getByRole('tab', { name: language === 'zh' ? '预警' : 'Alerts' }).click();
      await page
        .getByTestId('alerts-empty')
        .getByText(language === 'zh' ? /请先在“阈值”中/ : /under “Thresholds”/)
        .waitFor();
      await page.context().close();
    }
  });

  test('the first Monday run files last week’s report, with no alert while no threshold is set', async () => {
    await runWeeklyReport();
    const page = await openPage(browser, originOf(), { language: 'zh' });
    await signIn(page, 'coord');
    await view(page, 'coordination', 'weekly');
    const first = page.getByTestId('snapshot').first();
    await first.getByText(/^\d{4} 年第 \d+ 周$/).waitFor();
    await first.getByText('无预警').waitFor();
    await page.context().close();
  });

  test('the coordinating CIO sets the fire brigade’s thresholds; what the server refuses shows on the field', async () => {
    const page = await openPage(browser, originOf(), { language: 'zh' });
    await signIn(page, 'coord');
    await view(page, 'coordination', 'thresholds');
    const fire = page.getByTestId('threshold-fire');
    const rate = fire.getByLabel('消防救援支队：超期率高于（%）');
    const overdue = fire.getByLabel('消防救援支队：在办已超期多于（件）');
    // Over 100 %: the server refuses it, and says so on the field, in percent as it was typed.
    await rate.fill('150');
    await fire.getByRole('button', { name: '保存 消防救援支队 的阈值' }).click();
    await fire.getByText('须大于 0%、不超过 100%；清空即不设此规则').waitFor();
    expect(await rate.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'weekly-thresholds-refused-zh');
    expect((await coord.request('GET', '/reports/thresholds')).body.items).toContainEqual(
      expect.objectContaining({ departmentCode: 'fire', breachRate: null, overdueOpen: null }),
    );
    // A whole count is the server's rule too.
    await rate.fill('10');
    await overdue.fill('0.5');
    await fire.getByRole('button', { name: '保存 消防救援支队 的阈值' }).click();
    await fire.getByText('须为 0 或更大的整数；清空即不设此规则').waitFor();
    await overdue.fill('0');
    await fire.getByRole('button', { name: '保存 消防救援支队 的阈值' }).click();
    await page.getByText('已保存消防救援支队的阈值').waitFor();
    await fire.getByText(/^更新于 /).waitFor();
    expect((await coord.request('GET', '/reports/thresholds')).body.items).toContainEqual(
      expect.objectContaining({ departmentCode: 'fire', breachRate: 0.1, overdueOpen: 0 }),
    );
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await screenshot(page, 'weekly-thresholds-zh');
    await page.context().close();
  });

  test('the next run raises the fire brigade’s two alerts: last week’s breach rate, and its open overdue tasks now', async () => {
    await runWeeklyReport();
    const alerts = (await coord.request('GET', '/reports/alerts')).body.items;
    expect(alerts).toHaveLength(2);
    expect(alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ departmentCode: 'fire', rule: 'overdueOpen', threshold: 0, value: 2 }),
        expect.objectContaining({ departmentCode: 'fire', rule: 'breachRate', threshold: 0.1 }),
      ]),
    );
    // The breach rate is last week's, as the filed report has it (the fire checks waited past their day).
    const breach = alerts.find((a: { rule: string }) => a.rule === 'breachRate');
    const filed = (await coord.request('GET', `/reports/snapshots/${breach.snapshotId}`)).body;
    const fire = filed.report.departments.find((row: { departmentCode: string }) => row.departmentCode === 'fire');
    expect(fire.breaches).toBeGreaterThanOrEqual(2);
    expect(breach.value).toBe(fire.breachRate);
  });

  test('the coordinating CIO reads the alert and opens its weekly report, in Chinese', async () => {
    const page = await openPage(browser, originOf(), { language: 'zh' });
    await signIn(page, 'coord');
    await view(page, 'coordination', 'alerts');
    const alert = page.getByTestId('alert').filter({ hasText: '在办已超期件数超过阈值' });
    await alert.getByText('消防救援支队', { exact: true }).waitFor();
    await alert.getByText('生成周报时在办已超期 2 件，阈值 0 件').waitFor();
    const breach = page.getByTestId('alert').filter({ hasText: '超期率超过阈值' });
    await breach.getByText(/^该周超期率 \d+(\.\d)?%，阈值 10%$/).waitFor();
    await alert.getByText(/^报告周：\d{4} 年第 \d+ 周（\d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d）· 预警于 /).waitFor();
    await screenshot(page, 'weekly-alerts-zh');

    await alert.getByRole('link', { name: /^查看周报：\d{4} 年第 \d+ 周$/ }).click();
    const snapshot = page.getByTestId('snapshot-view');
    await snapshot.getByRole('heading', { name: /^周报：\d{4} 年第 \d+ 周$/ }).waitFor();
    await snapshot.getByTestId('snapshot-alerts').getByText('生成周报时在办已超期 2 件，阈值 0 件').waitFor();
    await snapshot
      .getByTestId('snapshot-alerts')
      .getByText(/^该周超期率 \d+(\.\d)?%，阈值 10%$/)
      .waitFor();
    // Last week's report as filed: the fire brigade first, with its reason; no way into today's cases.
    const first = snapshot.getByTestId('bottleneck').first();
    await first.locator('strong', { hasText: '消防救援支队 ·' }).waitFor();
    await first.getByText(/^消防救援支队: 在.*的并联阶段中 67% 的办件最后完成/).waitFor();
    expect(await snapshot.getByRole('button', { name: '查看卡住的办件' }).count()).toBe(0);
    expect(await snapshot.getByTestId('chart-critical-path').getByRole('img').getAttribute('aria-label')).toMatch(
      /^关键路径占比，从高到低：消防救援支队 67% \(2\/3\)/,
    );
    await screenshot(page, 'weekly-snapshot-zh');

    // Its tables as CSV, through the signed-in client, Chinese intact.
    await snapshot.getByRole('button', { name: /下载 CSV/ }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: '各部门指标' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);

    // Back to the list: the week now counts its alert.
    await page.getByRole('link', { name: '返回周报列表' }).click();
    await page.getByTestId('snapshot').first().getByText('2 条预警').waitFor();
    await screenshot(page, 'weekly-list-zh');
    await page.context().close();
  });

  test('the inbox’s weekly report notice opens the weekly reports', async () => {
    const page = await openPage(browser, originOf(), { language: 'zh' });
    await signIn(page, 'cio.fire');
    await page.getByTestId('inbox-button').click();
    const notice = page.getByTestId('inbox-item').filter({ hasText: '消防救援支队周报' });
    await notice.first().getByRole('link', { name: '查看周报' }).click();
    await page.waitForURL(/\/department\?tab=reports&view=weekly$/);
    await page.getByTestId('snapshot').first().waitFor();
    const alertNotice = await page.goto('/department').then(async () => {
      await page.getByTestId('inbox-button').click();
      return page
        .getByTestId('inbox-item')
        .filter({ hasText: /预警：消防救援支队/ })
        .first();
    });
    await alertNotice.getByRole('link', { name: '查看预警' }).click();
    await page.waitForURL(/\/department\?tab=reports&view=alerts$/);
    await page.getByTestId('alert').first().waitFor();
    await page.context().close();
  });

  test('the same in English', async () => {
    const page = await openPage(browser, originOf(), { language: 'en' });
    await signIn(page, 'coord');
    // Monday morning: the reports open on the live dashboard, with the new weekly report above it.
    await page.goto('/coordination?tab=reports');
    await page
      .getByTestId('latest-weekly')
      .getByText(/^Latest weekly report: Week \d+, \d{4} \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\)$/)
      .waitFor();
    await page.getByTestId('latest-weekly').getByText('Alerts: 2').waitFor();
    await page.getByTestId('bottleneck').first().waitFor();
    await screenshot(page, 'weekly-latest-en');
    await page.getByTestId('latest-weekly').getByRole('link', { name: 'Open report' }).click();
    await page.getByTestId('snapshot-view').waitFor();
    await view(page, 'coordination', 'weekly');
    const first = page.getByTestId('snapshot').first();
    await first.getByText(/^Week \d+, \d{4}$/).waitFor();
    await first.getByText('Alerts: 2').waitFor();
    await screenshot(page, 'weekly-list-en');
    await page.getByRole('tab', { name: 'Alerts' }).click();
    const alert = page.getByTestId('alert').filter({ hasText: 'Too many open overdue tasks' });
    await alert.getByText('Fire and Rescue Detachment', { exact: true }).waitFor();
    await alert.getByText('2 open overdue when the report was made, threshold 0').waitFor();
    await page
      .getByTestId('alert')
      .filter({ hasText: 'Breach rate above threshold' })
      .getByText(/^Breach rate that week \d+(\.\d)?%, threshold 10%$/)
      .waitFor();
    await screenshot(page, 'weekly-alerts-en');
    await alert.getByRole('link', { name: /^Open report: Week \d+, \d{4}$/ }).click();
    const snapshot = page.getByTestId('snapshot-view');
    await snapshot.getByRole('heading', { name: /^Weekly report: Week \d+, \d{4}$/ }).waitFor();
    await snapshot.getByTestId('snapshot-alerts').getByText('Too many open overdue tasks').waitFor();
    await snapshot
      .getByTestId('bottleneck')
      .first()
      .getByText(/^Fire and Rescue Detachment: finished last in 67% of the parallel stages/)
      .waitFor();
    await screenshot(page, 'weekly-snapshot-en');
    await page.getByRole('tab', { name: 'Thresholds' }).click();
    const rate = page.getByTestId('threshold-fire').getByLabel('Fire and Rescue Detachment: breach rate above (%)');
    await rate.waitFor();
    expect(await rate.inputValue()).toBe('10');
    await screenshot(page, 'weekly-thresholds-en');
    await page.context().close();
  });

  test('the weekly report, its alerts and the thresholds read at phone width', async () => {
    const page = await openPage(browser, originOf(), { language: 'zh', viewport: PHONE });
    await signIn(page, 'coord');
    const overflowing = () =>
      page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
        .filter((e) => getComputedStyle(e).visibility !== 'hidden' && e.getBoundingClientRect().right > ${PHONE.width} + 0.5)
        .filter((e) => !e.closest('.ant-table-content, .ant-menu-overflow, .ant-tabs-nav-list'))
        .map((e) => e.tagName.toLowerCase() + '.' + String(e.className).split(' ')[0] + ' "' + (e.textContent || '').slice(0, 30) + '" ' + Math.round(e.getBoundingClientRect().right))
        .slice(0, 8)`);
    for (const name of ['alerts', 'thresholds'] as const) {
      await view(page, 'coordination', name);
      await page
        .getByTestId(name === 'alerts' ? 'alert' : 'threshold-fire')
        .first()
        .waitFor();
      await screenshot(page, `weekly-${name}-phone`);
      expect(await overflowing()).toEqual([]);
    }
    await view(page, 'coordination', 'alerts');
    await page.getByTestId('alert').first().getByRole('link').click();
    await page.getByTestId('snapshot-alerts').getByText('生成周报时在办已超期 2 件，阈值 0 件').waitFor();
    await screenshot(page, 'weekly-snapshot-phone');
    expect(await overflowing()).toEqual([]);
    await page.context().close();
  });

  test('a department CIO sees their own alerts and thresholds, read-only; another department sees none of them', async () => {
    for (const language of ['zh', 'en'] as const) {
      const page = await openPage(browser, originOf(), { language });
      await signIn(page, 'cio.fire');
      await view(page, 'department', 'alerts');
      const alert = page.getByTestId('alert').filter({
        hasText:
          language === 'zh'
            ? '生成周报时在办已超期 2 件，阈值 0 件'
            : '2 open overdue when the report was made, threshold 0',
      });
      await alert.waitFor();
      expect(await page.getByTestId('alert').count()).toBe(2);
      await alert.getByRole('link').click();
      await page
        .getByTestId('snapshot-meta')
        .getByText(language === 'zh' ? /仅本部门：消防救援支队/ : /Your department only: Fire and Rescue Detachment/)
        .waitFor();
      await page.getByTestId('snapshot-alerts').getByTestId('alert').first().waitFor();
      await screenshot(page, `weekly-snapshot-department-${language}`);
      await page.getByRole('tab', { name: language === 'zh' ? '阈值' : 'Thresholds' }).click();
      const own = page.getByTestId('threshold-fire');
      await own
        .getByText(
          language === 'zh' ? '在办已超期多于 0 件时预警' : 'Alert when more than 0 tasks are open and overdue',
        )
        .waitFor();
      await own.getByText(language === 'zh' ? '上一周超期率高于 10% 时预警' : /breach rate is above 10%/).waitFor();
      expect(await page.getByTestId('thresholds').locator('input').count()).toBe(0);
      expect(
        await page
          .getByTestId('thresholds')
          .getByRole('button', { name: /保存|Save/ })
          .count(),
      ).toBe(0);
      expect(await page.getByTestId('threshold-market').count()).toBe(0);
      await screenshot(page, `weekly-thresholds-department-${language}`);
      await page.context().close();
    }

    // The market CIO: the same week's report, without the fire brigade's alert.
    const page = await openPage(browser, originOf(), { language: 'zh' });
    await signIn(page, 'cio.market');
    await view(page, 'department', 'alerts');
    await page.getByTestId('alerts-empty').waitFor();
    await page.getByRole('tab', { name: '周报' }).click();
    const week = page.getByTestId('snapshot').first();
    await week.getByText('无预警').waitFor();
    await week.getByRole('link').click();
    await page.getByTestId('snapshot-alerts').getByText('本周没有部门超过阈值。').waitFor();
    expect(
      await page
        .getByTestId('snapshot-view')
        .getByText(/消防救援支队|在办已超期 2 件/)
        .count(),
    ).toBe(0);
    await page.context().close();
  });
});
