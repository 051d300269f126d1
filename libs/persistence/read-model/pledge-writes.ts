import type { DataSource, EntityManager } from 'typeorm';
import type { Actor, PostCheckOutcome } from '../../domain';
import { revokeStepCertificates } from '../repositories/certificate.repository';
import { sqlRow, sqlRows } from '../repositories/sql.helpers';
import type { NewStepTask } from './application-read-model.store';
import { appendEvent } from './event-log';

/**
 * Read-model writes of approval on pledge (告知承诺), called through ApplicationReadModelStore.
 * Idempotent like the store's other writes: rows are keyed by application + step + round + kind,
 * events by dedupe key, and a decision only moves an open post-check forward.
 */

/**
 * A step approved at once on the enterprise's pledge: its first round's task row is written
 * already completed (basis `pledge`, no officer), with the events an officer's approval would
 * leave — `task_created` and `decided` at the same instant, so the reports' replay counts a finish
 * with no queue or handling time.
 */
export async function recordPledgeApproval(
  dataSource: DataSource,
  task: NewStepTask & { opinion: string },
): Promise<{ id: string; dueAt: Date }> {
  return dataSource.transaction(async (manager) => {
    await sqlRows(
      manager,
      `INSERT INTO tasks (application_id, application_number, enterprise_name, service_code, step_key,
                          department_code, handling_group, round, status, created_at, due_at,
                          outcome, opinion, decided_at, basis, kind)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'completed', $9, $10, 'approve', $11, $9, 'pledge', 'review')
       ON CONFLICT ON CONSTRAINT tasks_application_step_round DO NOTHING`,
      [
        task.applicationId,
        task.applicationNumber,
        task.enterpriseName,
        task.serviceCode,
        task.stepKey,
        task.departmentCode,
        task.handlingGroup,
        task.round,
        task.createdAt,
        task.dueAt,
        task.opinion,
      ],
    );
    const row = await sqlRow<{ id: string; dueAt: Date }>(
      manager,
      `SELECT id AS "id", due_at AS "dueAt" FROM tasks
        WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'review'`,
      [task.applicationId, task.stepKey, task.round],
    );
    if (!row) throw new Error(`pledged task ${task.stepKey} round ${task.round} vanished after insert`);
    const base = { applicationId: task.applicationId, stepKey: task.stepKey, round: task.round, at: task.createdAt };
    const key = `${task.applicationId}:${task.stepKey}:${task.round}`;
    await appendEvent(manager, {
      ...base,
      kind: 'step_started',
      data: { departmentCode: task.departmentCode },
      dedupeKey: `${key}:started`,
    });
    await appendEvent(manager, {
      ...base,
      kind: 'task_created',
      data: { taskId: row.id, departmentCode: task.departmentCode, dueAt: row.dueAt.toISOString(), basis: 'pledge' },
      dedupeKey: `${key}:task`,
    });
    await appendEvent(manager, {
      ...base,
      kind: 'decided',
      data: { outcome: 'approve', opinion: task.opinion, basis: 'pledge', departmentCode: task.departmentCode },
      dedupeKey: `${key}:decided`,
    });
    return row;
  });
}

/**
 * The post-check of a pledged step, in its department's queue once the case is approved. It
 * shares the pledged round's number (the row's kind tells them apart); its events carry no round,
 * because it is no round of the step's review.
 */
export async function openPostCheck(dataSource: DataSource, task: NewStepTask): Promise<{ id: string }> {
  return dataSource.transaction(async (manager) => {
    await sqlRows(
      manager,
      `INSERT INTO tasks (application_id, application_number, enterprise_name, service_code, step_key,
                          department_code, handling_group, round, status, created_at, due_at, kind)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, 'post_check')
       ON CONFLICT ON CONSTRAINT tasks_application_step_round DO NOTHING`,
      [
        task.applicationId,
        task.applicationNumber,
        task.enterpriseName,
        task.serviceCode,
        task.stepKey,
        task.departmentCode,
        task.handlingGroup,
        task.round,
        task.createdAt,
        task.dueAt,
      ],
    );
    const row = await sqlRow<{ id: string; dueAt: Date }>(
      manager,
      `SELECT id AS "id", due_at AS "dueAt" FROM tasks
        WHERE application_id = $1 AND step_key = $2 AND round = $3 AND kind = 'post_check'`,
      [task.applicationId, task.stepKey, task.round],
    );
    if (!row) throw new Error(`post-check of ${task.stepKey} vanished after insert`);
    await appendEvent(manager, {
      applicationId: task.applicationId,
      kind: 'post_check_opened',
      stepKey: task.stepKey,
      at: task.createdAt,
      data: { taskId: row.id, departmentCode: task.departmentCode, dueAt: row.dueAt.toISOString() },
      dedupeKey: `${task.applicationId}:${task.stepKey}:post_check:opened`,
    });
    return { id: row.id };
  });
}

export interface PostCheckDecision {
  applicationId: string;
  stepKey: string;
  outcome: PostCheckOutcome;
  opinion: string;
  actor: Actor;
  at: Date;
}

/**
 * The department's post-check decision: the task completes with the outcome; a failure is
 * recorded against the enterprise in the same transaction (onPostCheckFailed). A post-check no
 * longer open (a twin attempt committed) changes nothing.
 */
export async function recordPostCheckDecision(dataSource: DataSource, decision: PostCheckDecision): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const task = await sqlRow<{
      id: string;
      departmentCode: string;
      applicationNumber: string;
      enterpriseId: string;
    }>(
      manager,
      `UPDATE tasks t
          SET status = 'completed', outcome = $3, opinion = $4, decided_by = $5, decided_at = $6
         FROM applications a
        WHERE a.id = t.application_id AND t.application_id = $1 AND t.step_key = $2 AND t.kind = 'post_check'
          AND t.decided_at IS NULL AND t.status IN ('pending', 'claimed')
        RETURNING t.id AS "id", t.department_code AS "departmentCode",
                  t.application_number AS "applicationNumber", a.enterprise_id AS "enterpriseId"`,
      [
        decision.applicationId,
        decision.stepKey,
        decision.outcome,
        decision.opinion,
        decision.actor.username,
        decision.at,
      ],
    );
    if (!task) return;
    const failed = decision.outcome === 'post_check_fail';
    await appendEvent(manager, {
      applicationId: decision.applicationId,
      kind: failed ? 'post_check_failed' : 'post_check_passed',
      stepKey: decision.stepKey,
      actor: decision.actor,
      at: decision.at,
      data: {
        taskId: task.id,
        outcome: decision.outcome,
        opinion: decision.opinion,
        departmentCode: task.departmentCode,
      },
      dedupeKey: `${decision.applicationId}:${decision.stepKey}:post_check:decided`,
    });
    if (failed) {
      await onPostCheckFailed(manager, {
        enterpriseId: task.enterpriseId,
        applicationId: decision.applicationId,
        applicationNumber: task.applicationNumber,
        stepKey: decision.stepKey,
        departmentCode: task.departmentCode,
        taskId: task.id,
        opinion: decision.opinion,
        recordedBy: decision.actor.username,
        at: decision.at,
      });
    }
  });
}

export interface PostCheckFailure {
  enterpriseId: string;
  applicationId: string;
  applicationNumber: string;
  stepKey: string;
  departmentCode: string;
  taskId: string;
  opinion: string;
  recordedBy: string;
  at: Date;
}

/**
 * What a failed post-check does, inside the transaction that records the decision: the failure
 * goes on the enterprise's compliance record (once per post-check task), which departments see
 * on the enterprise's later cases, and the step's certificate is revoked.
 */
export async function onPostCheckFailed(manager: EntityManager, failure: PostCheckFailure): Promise<void> {
  await sqlRows(
    manager,
    `INSERT INTO enterprise_compliance_records (enterprise_id, application_id, application_number, step_key,
                                                department_code, task_id, kind, opinion, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'post_check_failed', $7, $8, $9)
     ON CONFLICT ON CONSTRAINT enterprise_compliance_records_once_per_task DO NOTHING`,
    [
      failure.enterpriseId,
      failure.applicationId,
      failure.applicationNumber,
      failure.stepKey,
      failure.departmentCode,
      failure.taskId,
      failure.opinion,
      failure.recordedBy,
      failure.at,
    ],
  );
  // The approval rested on the pledge: the certificate it earned is revoked with the failure.
  await revokeStepCertificates(manager, {
    applicationId: failure.applicationId,
    stepKey: failure.stepKey,
    reason: `post-check failed: ${failure.opinion}`,
    at: failure.at,
  });
}
