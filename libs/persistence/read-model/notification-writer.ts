import { notificationText, type NotificationKind } from '../../domain';
import { sqlRow, sqlRows, type SqlExecutor } from '../repositories/sql.helpers';

/** Who is told. Only active accounts are; each recipient gets one notification per source fact. */
export interface Audience {
  /** The officer holding the task, if any. */
  holderId?: string | null;
  /** Every officer of the department who may work the step (its handling group, if any). */
  officersOf?: { departmentCode: string; handlingGroup: string | null };
  /** The department's CIO(s). */
  cioOf?: string;
  coordinatingCio?: boolean;
  /** Every applicant account of this enterprise (its answer to a rating). */
  applicantsOf?: string;
}

export interface Notice {
  kind: NotificationKind;
  applicationId: string;
  stepKey?: string;
  departmentCode?: string;
  dueAt?: Date;
  message?: string;
  materialName?: string;
  score?: number;
  createdAt: Date;
  /** Identifies the fact (e.g. its event's dedupe key); with the recipient it makes the write idempotent. */
  sourceKey: string;
}

/**
 * Writes one inbox notification per recipient of a supervision fact, in the caller's transaction.
 * Returns the ids of every notification of this fact, including those a previous attempt wrote, so
 * a retried activity still hands them all to webhook delivery (which skips delivered ones).
 */
export async function notify(executor: SqlExecutor, notice: Notice, audience: Audience): Promise<string[]> {
  const context = await sqlRow<{ number: string; enterpriseName: string; serviceName: string }>(
    executor,
    `SELECT a.number AS "number", e.name AS "enterpriseName", s.name AS "serviceName"
       FROM applications a
       JOIN enterprises e ON e.id = a.enterprise_id
       JOIN services s ON s.code = a.service_code
      WHERE a.id = $1`,
    [notice.applicationId],
  );
  if (!context) throw new Error(`application ${notice.applicationId} not found while notifying`);
  const department = notice.departmentCode
    ? await sqlRow<{ zh: string; en: string }>(
        executor,
        `SELECT name AS "zh", name_en AS "en" FROM departments WHERE code = $1`,
        [notice.departmentCode],
      )
    : null;
  const text = notificationText(notice.kind, {
    applicationNumber: context.number,
    enterpriseName: context.enterpriseName,
    serviceName: context.serviceName,
    ...(notice.stepKey ? { stepKey: notice.stepKey } : {}),
    ...(department ? { departmentName: department } : {}),
    ...(notice.dueAt ? { dueAt: notice.dueAt.toISOString() } : {}),
    ...(notice.message ? { message: notice.message } : {}),
    ...(notice.materialName ? { materialName: notice.materialName } : {}),
    ...(notice.score !== undefined ? { score: notice.score } : {}),
  });
  const recipients = await sqlRows<{ id: string }>(
    executor,
    `SELECT id AS "id" FROM accounts
      WHERE active AND (
            id = $1::uuid
         OR (role = 'staff' AND department_code = $2 AND ($3::varchar IS NULL OR $3 = ANY(staff_groups)))
         OR (role = 'dept_cio' AND department_code = $4)
         OR (role = 'coord_cio' AND $5)
         OR (role = 'applicant' AND enterprise_id = $6::uuid))
      ORDER BY id`,
    [
      audience.holderId ?? null,
      audience.officersOf?.departmentCode ?? null,
      audience.officersOf?.handlingGroup ?? null,
      audience.cioOf ?? null,
      audience.coordinatingCio === true,
      audience.applicantsOf ?? null,
    ],
  );
  const ids: string[] = [];
  for (const recipient of recipients) {
    // DO UPDATE (a no-op) rather than DO NOTHING so the existing row's id comes back on a retry.
    const row = await sqlRow<{ id: string }>(
      executor,
      `INSERT INTO notifications (recipient_id, kind, title, body, title_en, body_en, urgent, application_id,
                                  step_key, created_at, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (dedupe_key) DO UPDATE SET dedupe_key = EXCLUDED.dedupe_key
       RETURNING id AS "id"`,
      [
        recipient.id,
        notice.kind,
        text.title,
        text.body,
        text.titleEn,
        text.bodyEn,
        text.urgent,
        notice.applicationId,
        notice.stepKey ?? null,
        notice.createdAt,
        `${notice.sourceKey}:${recipient.id}`,
      ],
    );
    if (row) ids.push(row.id);
  }
  return ids;
}
