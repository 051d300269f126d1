import type { DataSource } from 'typeorm';
import type { Actor } from '../../domain';
import { recordFileUses } from '../repositories/file.repository';
import { sqlRow, sqlRows } from '../repositories/sql.helpers';
import { appendEvent } from './event-log';
import { notify } from './notification-writer';

/**
 * Read-model writes of deferred materials (容缺受理), called from the workflow's activities. Like the
 * other writes they are idempotent and guarded: a deadline is set once, a supply and an overdue are
 * recorded once, each with its event in the same transaction.
 */

/** Sets each material's deadline (kept when a retry computes it again) and logs `material_deferred`. */
export async function scheduleDeferredMaterials(
  dataSource: DataSource,
  input: {
    applicationId: string;
    at: Date;
    materials: { code: string; stepKeys: string[]; supplyWithinDays: number; dueAt: Date }[];
  },
): Promise<{ code: string; dueAt: Date }[]> {
  return dataSource.transaction(async (manager) => {
    const scheduled: { code: string; dueAt: Date }[] = [];
    for (const material of input.materials) {
      // Upserted: the filing wrote the row, but a case started without it (a test, a replayed
      // start) still gets one.
      const row = await sqlRow<{ dueAt: Date }>(
        manager,
        `INSERT INTO deferred_materials (application_id, material_code, step_keys, supply_within_days, due_at)
         VALUES ($1, $2, $3::jsonb, $4, $5)
         ON CONFLICT (application_id, material_code) DO UPDATE
            SET due_at = COALESCE(deferred_materials.due_at, EXCLUDED.due_at),
                step_keys = EXCLUDED.step_keys, supply_within_days = EXCLUDED.supply_within_days
         RETURNING due_at AS "dueAt"`,
        [
          input.applicationId,
          material.code,
          JSON.stringify(material.stepKeys),
          material.supplyWithinDays,
          material.dueAt,
        ],
      );
      if (!row) throw new Error(`deferred material ${material.code} vanished after upsert`);
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'material_deferred',
        at: input.at,
        data: {
          materialCode: material.code,
          stepKeys: material.stepKeys,
          supplyWithinDays: material.supplyWithinDays,
          dueAt: row.dueAt.toISOString(),
        },
        dedupeKey: `${input.applicationId}:deferred:${material.code}`,
      });
      scheduled.push({ code: material.code, dueAt: row.dueAt });
    }
    return scheduled;
  });
}

/**
 * The enterprise supplied a deferred material: the file use is recorded (source `deferred`), the
 * row marked supplied, `material_supplied` logged. A retry answers what the first attempt stored.
 */
export async function recordMaterialSupplied(
  dataSource: DataSource,
  input: { applicationId: string; materialCode: string; fileId: string; actor: Actor; at: Date },
): Promise<{ fileId: string; suppliedAt: Date }> {
  return dataSource.transaction(async (manager) => {
    const updated = await sqlRows<{ dueAt: Date | null }>(
      manager,
      `UPDATE deferred_materials SET supplied_at = $3, file_id = $4
        WHERE application_id = $1 AND material_code = $2 AND supplied_at IS NULL AND overdue_at IS NULL
        RETURNING due_at AS "dueAt"`,
      [input.applicationId, input.materialCode, input.at, input.fileId],
    );
    if (updated.length > 0) {
      await recordFileUses(
        manager,
        input.applicationId,
        [{ materialCode: input.materialCode, fileId: input.fileId }],
        'deferred',
      );
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'material_supplied',
        actor: input.actor,
        at: input.at,
        data: {
          materialCode: input.materialCode,
          fileId: input.fileId,
          dueAt: updated[0].dueAt?.toISOString() ?? null,
        },
        dedupeKey: `${input.applicationId}:supplied:${input.materialCode}`,
      });
    }
    const row = await sqlRow<{ fileId: string | null; suppliedAt: Date | null }>(
      manager,
      `SELECT file_id AS "fileId", supplied_at AS "suppliedAt" FROM deferred_materials
        WHERE application_id = $1 AND material_code = $2`,
      [input.applicationId, input.materialCode],
    );
    if (!row?.fileId || !row.suppliedAt) {
      throw new Error(`deferred material ${input.materialCode} of ${input.applicationId} could not be marked supplied`);
    }
    return { fileId: row.fileId, suppliedAt: row.suppliedAt };
  });
}

/**
 * Deadlines passed without the materials: each marked overdue and logged, and the enterprise told
 * (in its inbox) that the case is terminated. The termination itself is the status change after it.
 */
export async function recordMaterialsOverdue(
  dataSource: DataSource,
  input: { applicationId: string; materials: { code: string; name: string; dueAt: Date }[]; at: Date },
): Promise<{ notificationIds: string[] }> {
  return dataSource.transaction(async (manager) => {
    const notificationIds: string[] = [];
    const owner = await sqlRow<{ enterpriseId: string }>(
      manager,
      `SELECT enterprise_id AS "enterpriseId" FROM applications WHERE id = $1`,
      [input.applicationId],
    );
    if (!owner) throw new Error(`application ${input.applicationId} not found`);
    for (const material of input.materials) {
      await sqlRows(
        manager,
        `UPDATE deferred_materials SET overdue_at = $3
          WHERE application_id = $1 AND material_code = $2 AND supplied_at IS NULL AND overdue_at IS NULL`,
        [input.applicationId, material.code, input.at],
      );
      const key = `${input.applicationId}:overdue:${material.code}`;
      await appendEvent(manager, {
        applicationId: input.applicationId,
        kind: 'material_overdue',
        at: input.at,
        data: { materialCode: material.code, dueAt: material.dueAt.toISOString() },
        dedupeKey: key,
      });
      notificationIds.push(
        ...(await notify(
          manager,
          {
            kind: 'material_overdue',
            applicationId: input.applicationId,
            dueAt: material.dueAt,
            materialName: material.name,
            createdAt: input.at,
            sourceKey: key,
          },
          { applicantsOf: owner.enterpriseId },
        )),
      );
    }
    return { notificationIds };
  });
}
