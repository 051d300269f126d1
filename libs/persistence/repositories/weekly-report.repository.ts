import type { DataSource } from 'typeorm';
import {
  raisesAlert,
  reportAlertText,
  ruleCrossed,
  weeklyReportText,
  THRESHOLD_RULES,
  type BottleneckReport,
  type ReportNoticeText,
  type ReportWeek,
  type ThresholdRule,
} from '../../domain';
import {
  fullPrecisionTimestamp,
  sqlRow,
  sqlRows,
  toKeysetPage,
  type KeysetPage,
  type KeysetPosition,
  type SqlExecutor,
} from './sql.helpers';

/** The scope key of the whole report (every department), as the coordinating CIO reads it. */
export const WHOLE_REPORT = '';

export interface SnapshotSummary {
  id: string;
  weekStart: Date;
  weekEnd: Date;
  createdAt: Date;
  alertCount: number;
}

export interface SnapshotRecord extends Omit<SnapshotSummary, 'alertCount'> {
  report: BottleneckReport;
}

export interface AlertRecord {
  id: string;
  departmentCode: string;
  departmentName: string;
  departmentNameEn: string;
  rule: ThresholdRule;
  threshold: number;
  value: number;
  weekStart: Date;
  snapshotId: string;
  raisedAt: Date;
}

export interface ThresholdRecord {
  departmentCode: string;
  departmentName: string;
  departmentNameEn: string;
  breachRate: number | null;
  overdueOpen: number | null;
  updatedAt: Date | null;
}

/** A change to one department's rules: an absent rule stays as it is, null clears it. */
export interface ThresholdPatch {
  breachRate?: number | null;
  overdueOpen?: number | null;
}

/** What a weekly run stores: the week, the whole report and each department's own cut. */
export interface SnapshotInput {
  week: ReportWeek;
  workflowId: string;
  takenAt: Date;
  whole: BottleneckReport;
  byDepartment: Record<string, BottleneckReport>;
}

/** Per department, the figures the rules are evaluated on. */
export interface RuleValues {
  breachRate: number | null;
  overdueOpen: number;
}

const ALERT_COLUMNS = `
  al.id AS "id", al.department_code AS "departmentCode", d.name AS "departmentName",
  d.name_en AS "departmentNameEn", al.rule AS "rule", al.threshold AS "threshold", al.value AS "value",
  s.week_start AS "weekStart", al.snapshot_id AS "snapshotId", al.raised_at AS "raisedAt"`;

/**
 * The weekly reports as delivered: snapshots, alerts and the threshold rules. Reads take the
 * caller's scope (a department code for a department CIO, undefined for everything); the writes are
 * the weekly run's, each in one transaction with the inbox notifications it causes, so a retried
 * or doubly triggered run stores and notifies nothing twice.
 */
export class WeeklyReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest week first, keyset-paginated by (week_start, id); alertCount counts the scope's alerts only. */
  async snapshots(page: {
    departmentCode?: string;
    after?: KeysetPosition;
    limit: number;
  }): Promise<KeysetPage<SnapshotSummary & { position: string }>> {
    const rows = await sqlRows<SnapshotSummary & { position: string }>(
      this.dataSource,
      `SELECT s.id AS "id", s.week_start AS "weekStart", s.week_end AS "weekEnd", s.created_at AS "createdAt",
              (SELECT count(*)::int FROM report_alerts al
                WHERE al.snapshot_id = s.id AND ($1::varchar IS NULL OR al.department_code = $1)) AS "alertCount",
              ${fullPrecisionTimestamp('s.week_start')} AS "position"
         FROM report_snapshots s
        WHERE ($2::timestamptz IS NULL OR (s.week_start, s.id) < ($2::timestamptz, $3::uuid))
        ORDER BY s.week_start DESC, s.id DESC
        LIMIT $4`,
      [page.departmentCode ?? null, page.after?.at ?? null, page.after?.id ?? null, page.limit + 1],
    );
    return toKeysetPage(rows, page.limit);
  }

  /**
   * One snapshot with the report as the scope saw it when it was taken. A department that had no
   * cut of its own then (created since) gets the whole report's shape with nothing in it, never the
   * whole report.
   */
  async snapshot(id: string, departmentCode?: string): Promise<SnapshotRecord | null> {
    const row = await sqlRow<SnapshotRecord & { report: BottleneckReport | null }>(
      this.dataSource,
      `SELECT s.id AS "id", s.week_start AS "weekStart", s.week_end AS "weekEnd", s.created_at AS "createdAt",
              r.report AS "report"
         FROM report_snapshots s
         LEFT JOIN report_snapshot_reports r ON r.snapshot_id = s.id AND r.scope = $2
        WHERE s.id = $1`,
      [id, departmentCode ?? WHOLE_REPORT],
    );
    if (!row) return null;
    const report = row.report ?? {
      from: row.weekStart.toISOString(),
      to: row.weekEnd.toISOString(),
      ...(departmentCode ? { departmentCode } : {}),
      departments: [],
      services: [],
      steps: [],
      ranking: [],
    };
    return { ...row, report };
  }

  /** The alerts a snapshot's runs raised, in the scope, by department and rule. */
  alertsOf(snapshotId: string, departmentCode?: string): Promise<AlertRecord[]> {
    return sqlRows<AlertRecord>(
      this.dataSource,
      `SELECT ${ALERT_COLUMNS}
         FROM report_alerts al
         JOIN report_snapshots s ON s.id = al.snapshot_id
         JOIN departments d ON d.code = al.department_code
        WHERE al.snapshot_id = $1 AND ($2::varchar IS NULL OR al.department_code = $2)
        ORDER BY al.raised_at DESC, al.id DESC`,
      [snapshotId, departmentCode ?? null],
    );
  }

  /** Newest first, keyset-paginated by (raised_at, id). */
  async alerts(page: {
    departmentCode?: string;
    after?: KeysetPosition;
    limit: number;
  }): Promise<KeysetPage<AlertRecord & { position: string }>> {
    const rows = await sqlRows<AlertRecord & { position: string }>(
      this.dataSource,
      `SELECT ${ALERT_COLUMNS}, ${fullPrecisionTimestamp('al.raised_at')} AS "position"
         FROM report_alerts al
         JOIN report_snapshots s ON s.id = al.snapshot_id
         JOIN departments d ON d.code = al.department_code
        WHERE ($1::varchar IS NULL OR al.department_code = $1)
          AND ($2::timestamptz IS NULL OR (al.raised_at, al.id) < ($2::timestamptz, $3::uuid))
        ORDER BY al.raised_at DESC, al.id DESC
        LIMIT $4`,
      [page.departmentCode ?? null, page.after?.at ?? null, page.after?.id ?? null, page.limit + 1],
    );
    return toKeysetPage(rows, page.limit);
  }

  async departmentExists(code: string): Promise<boolean> {
    const row = await sqlRow<{ one: number }>(this.dataSource, `SELECT 1 AS "one" FROM departments WHERE code = $1`, [
      code,
    ]);
    return row !== null;
  }

  /** One item per department (nulls when it has no rules), by department code. */
  thresholds(departmentCode?: string, executor: SqlExecutor = this.dataSource): Promise<ThresholdRecord[]> {
    return sqlRows<ThresholdRecord>(
      executor,
      `SELECT d.code AS "departmentCode", d.name AS "departmentName", d.name_en AS "departmentNameEn",
              t.breach_rate AS "breachRate", t.overdue_open AS "overdueOpen", t.updated_at AS "updatedAt"
         FROM departments d
         LEFT JOIN report_thresholds t ON t.department_code = d.code
        WHERE ($1::varchar IS NULL OR d.code = $1)
        ORDER BY d.code`,
      [departmentCode ?? null],
    );
  }

  /**
   * Applies a patch to one department's rules; null when the department does not exist. A rule that
   * is cleared forgets whether it was crossed, so setting it again later alerts on the first run
   * that finds it crossed.
   */
  async updateThresholds(departmentCode: string, patch: ThresholdPatch, by: string): Promise<ThresholdRecord | null> {
    return this.dataSource.transaction(async (manager) => {
      const department = await sqlRow<{ code: string }>(
        manager,
        `SELECT code AS "code" FROM departments WHERE code = $1`,
        [departmentCode],
      );
      if (!department) return null;
      await manager.query(
        `INSERT INTO report_thresholds (department_code, breach_rate, overdue_open, updated_at, updated_by)
         VALUES ($1, $3, $5, now(), $6)
         ON CONFLICT (department_code) DO UPDATE SET
           breach_rate = CASE WHEN $2 THEN EXCLUDED.breach_rate ELSE report_thresholds.breach_rate END,
           overdue_open = CASE WHEN $4 THEN EXCLUDED.overdue_open ELSE report_thresholds.overdue_open END,
           updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [
          departmentCode,
          'breachRate' in patch,
          patch.breachRate ?? null,
          'overdueOpen' in patch,
          patch.overdueOpen ?? null,
          by,
        ],
      );
      const cleared = THRESHOLD_RULES.filter((rule) => rule in patch && patch[rule] === null);
      if (cleared.length > 0)
        await manager.query(`DELETE FROM report_threshold_state WHERE department_code = $1 AND rule = ANY($2)`, [
          departmentCode,
          cleared,
        ]);
      const [record] = await this.thresholds(departmentCode, manager);
      return record ?? null;
    });
  }

  /** The week's snapshot if it was taken already, with its notifications (for webhook delivery). */
  async existingSnapshot(
    week: ReportWeek,
    executor: SqlExecutor = this.dataSource,
  ): Promise<{ snapshotId: string; created: false; notificationIds: string[] } | null> {
    const existing = await sqlRow<{ id: string }>(
      executor,
      `SELECT id AS "id" FROM report_snapshots WHERE week_start = $1`,
      [week.from],
    );
    if (!existing) return null;
    return {
      snapshotId: existing.id,
      created: false,
      notificationIds: await notificationIdsOf(executor, `weekly_report:${existing.id}:`),
    };
  }

  /**
   * Stores the week's snapshot and its weekly_report notifications in one transaction. When the
   * week already has a snapshot (a retry, a second trigger) nothing is written; either way the
   * answer is the week's snapshot id and the ids of its notifications, for webhook delivery (which
   * skips those already delivered).
   */
  async storeSnapshot(
    input: SnapshotInput,
  ): Promise<{ snapshotId: string; created: boolean; notificationIds: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await sqlRow<{ id: string }>(
        manager,
        `INSERT INTO report_snapshots (week_start, week_end, created_at, workflow_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (week_start) DO NOTHING
         RETURNING id AS "id"`,
        [input.week.from, input.week.to, input.takenAt, input.workflowId],
      );
      if (!inserted) {
        // Another run stored the week meanwhile (its transaction committed before ours inserted).
        const existing = await this.existingSnapshot(input.week, manager);
        if (!existing) throw new Error(`the snapshot of ${input.week.from.toISOString()} vanished`);
        return existing;
      }
      const snapshotId = inserted.id;
      const scopes: [string, BottleneckReport][] = [[WHOLE_REPORT, input.whole], ...Object.entries(input.byDepartment)];
      for (const [scope, report] of scopes)
        await manager.query(`INSERT INTO report_snapshot_reports (snapshot_id, scope, report) VALUES ($1, $2, $3)`, [
          snapshotId,
          scope,
          JSON.stringify(report),
        ]);
      const names = await departmentNames(manager);
      const topOf = (report: BottleneckReport) => report.ranking[0]?.reason;
      const sourceKey = `weekly_report:${snapshotId}`;
      const wholeTop = topOf(input.whole);
      await notifyAccounts(
        manager,
        { kind: 'weekly_report', sourceKey, createdAt: input.takenAt },
        `role = 'coord_cio'`,
        [],
        weeklyReportText({ week: input.week, ...(wholeTop ? { top: wholeTop } : {}) }),
      );
      for (const [departmentCode, report] of Object.entries(input.byDepartment)) {
        const department = names.get(departmentCode);
        if (!department) continue;
        const top = topOf(report);
        await notifyAccounts(
          manager,
          { kind: 'weekly_report', sourceKey, createdAt: input.takenAt },
          `role = 'dept_cio' AND department_code = $1`,
          [departmentCode],
          weeklyReportText({ week: input.week, department, ...(top ? { top } : {}) }),
        );
      }
      return { snapshotId, created: true, notificationIds: await notificationIdsOf(manager, `${sourceKey}:`) };
    });
  }

  /**
   * Evaluates every department's rules for one run, in one transaction with the alerts and their
   * notifications. Each rule's state row is locked while it is read and written, so two runs at
   * once evaluate one after the other; a run that finds its own id on a state row (its activity is
   * being retried after the commit) changes nothing there. Answers the ids of this run's alert
   * notifications, including those an earlier attempt wrote.
   */
  async evaluateThresholds(input: {
    runId: string;
    snapshotId: string;
    week: ReportWeek;
    evaluatedAt: Date;
    values: Record<string, RuleValues>;
  }): Promise<{ alertIds: string[]; notificationIds: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const names = await departmentNames(manager);
      const rules = await sqlRows<{ departmentCode: string; breachRate: number | null; overdueOpen: number | null }>(
        manager,
        `SELECT department_code AS "departmentCode", breach_rate AS "breachRate", overdue_open AS "overdueOpen"
           FROM report_thresholds ORDER BY department_code`,
      );
      for (const rule of rules) {
        for (const name of THRESHOLD_RULES) {
          const threshold = rule[name];
          if (threshold === null) continue;
          const value = input.values[rule.departmentCode]?.[name] ?? (name === 'overdueOpen' ? 0 : null);
          await manager.query(
            `INSERT INTO report_threshold_state (department_code, rule, crossed) VALUES ($1, $2, false)
             ON CONFLICT DO NOTHING`,
            [rule.departmentCode, name],
          );
          const state = await sqlRow<{ crossed: boolean; lastRunId: string | null }>(
            manager,
            `SELECT crossed AS "crossed", last_run_id AS "lastRunId" FROM report_threshold_state
              WHERE department_code = $1 AND rule = $2 FOR UPDATE`,
            [rule.departmentCode, name],
          );
          if (!state || state.lastRunId === input.runId) continue;
          const crossed = ruleCrossed(threshold, value);
          await manager.query(
            `UPDATE report_threshold_state SET crossed = $3, last_run_id = $4, evaluated_at = $5
              WHERE department_code = $1 AND rule = $2`,
            [rule.departmentCode, name, crossed, input.runId, input.evaluatedAt],
          );
          if (!raisesAlert(state.crossed, crossed) || value === null) continue;
          const alert = await sqlRow<{ id: string }>(
            manager,
            `INSERT INTO report_alerts (snapshot_id, run_id, department_code, rule, threshold, value, raised_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (run_id, department_code, rule) DO NOTHING
             RETURNING id AS "id"`,
            [input.snapshotId, input.runId, rule.departmentCode, name, threshold, value, input.evaluatedAt],
          );
          const department = names.get(rule.departmentCode);
          if (!alert || !department) continue;
          await notifyAccounts(
            manager,
            { kind: 'report_alert', sourceKey: `report_alert:${alert.id}`, createdAt: input.evaluatedAt },
            `(role = 'coord_cio' OR (role = 'dept_cio' AND department_code = $1))`,
            [rule.departmentCode],
            reportAlertText({ department, rule: name, threshold, value, week: input.week }),
          );
        }
      }
      const alertIds = (
        await sqlRows<{ id: string }>(manager, `SELECT id AS "id" FROM report_alerts WHERE run_id = $1 ORDER BY id`, [
          input.runId,
        ])
      ).map((row) => row.id);
      const notificationIds: string[] = [];
      for (const id of alertIds) notificationIds.push(...(await notificationIdsOf(manager, `report_alert:${id}:`)));
      return { alertIds, notificationIds };
    });
  }
}

async function departmentNames(executor: SqlExecutor): Promise<Map<string, { zh: string; en: string }>> {
  const rows = await sqlRows<{ code: string; zh: string; en: string }>(
    executor,
    `SELECT code AS "code", name AS "zh", name_en AS "en" FROM departments`,
  );
  return new Map(rows.map((row) => [row.code, { zh: row.zh, en: row.en }]));
}

function notificationIdsOf(executor: SqlExecutor, dedupePrefix: string): Promise<string[]> {
  return sqlRows<{ id: string }>(
    executor,
    // Prefixes are uuids and fixed words: no LIKE wildcards to escape.
    `SELECT id AS "id" FROM notifications WHERE dedupe_key LIKE $1 || '%' ORDER BY created_at, id`,
    [dedupePrefix],
  ).then((rows) => rows.map((row) => row.id));
}

/**
 * One notification per active account matching `where` (its parameters from $1 on), idempotent by
 * (source, recipient) like the case notifications: a second attempt finds the rows it wrote.
 */
async function notifyAccounts(
  executor: SqlExecutor,
  notice: { kind: 'weekly_report' | 'report_alert'; sourceKey: string; createdAt: Date },
  where: string,
  params: unknown[],
  text: ReportNoticeText,
): Promise<void> {
  const recipients = await sqlRows<{ id: string }>(
    executor,
    `SELECT id AS "id" FROM accounts WHERE active AND ${where} ORDER BY id`,
    params,
  );
  for (const recipient of recipients)
    await executor.query(
      `INSERT INTO notifications (recipient_id, kind, title, body, title_en, body_en, urgent, created_at, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        recipient.id,
        notice.kind,
        text.title.slice(0, 300),
        text.body,
        text.titleEn.slice(0, 300),
        text.bodyEn,
        text.urgent,
        notice.createdAt,
        `${notice.sourceKey}:${recipient.id}`,
      ],
    );
}
