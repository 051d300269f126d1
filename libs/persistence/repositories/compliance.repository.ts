import type { DataSource } from 'typeorm';
import { sqlRow, sqlRows } from './sql.helpers';

/** A failed post-check on an enterprise's record. */
export interface ComplianceRecord {
  applicationId: string;
  applicationNumber: string;
  stepKey: string;
  departmentCode: string;
  kind: 'post_check_failed';
  opinion: string;
  recordedAt: Date;
}

export interface EnterpriseRecord {
  enterpriseId: string;
  enterpriseName: string;
  failedPostChecks: ComplianceRecord[];
}

/** How many records a task's view shows; a record that long is a case for a closer look anyway. */
const RECORD_LIMIT = 50;

/**
 * The enterprise compliance record (written by onPostCheckFailed): what departments see about an
 * enterprise on its cases, whichever department recorded it.
 */
export class ComplianceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The record of the enterprise that filed the task's case, newest first; null for an unknown task. */
  async forTask(taskId: string): Promise<EnterpriseRecord | null> {
    const head = await sqlRow<{ enterpriseId: string; enterpriseName: string }>(
      this.dataSource,
      `SELECT e.id AS "enterpriseId", e.name AS "enterpriseName"
         FROM tasks t JOIN applications a ON a.id = t.application_id JOIN enterprises e ON e.id = a.enterprise_id
        WHERE t.id = $1`,
      [taskId],
    );
    if (!head) return null;
    const failedPostChecks = await sqlRows<ComplianceRecord>(
      this.dataSource,
      `SELECT application_id AS "applicationId", application_number AS "applicationNumber", step_key AS "stepKey",
              department_code AS "departmentCode", kind AS "kind", opinion AS "opinion", recorded_at AS "recordedAt"
         FROM enterprise_compliance_records
        WHERE enterprise_id = $1
        ORDER BY recorded_at DESC, id DESC
        LIMIT $2`,
      [head.enterpriseId, RECORD_LIMIT],
    );
    return { ...head, failedPostChecks };
  }
}
