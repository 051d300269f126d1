import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  deferredMaterialPlans,
  stepApplicability,
  type ApplicationStatus,
  type ValidationProblem,
  type ServiceVersionSnapshot,
  type StoredFileFacts,
} from '../../domain';
import type { FiledMaterial } from '../entities';
import { appendEvent } from '../read-model/event-log';
import { stepSkippedKey } from '../read-model/application-read-model.store';
import type { ApplicationSummary } from './application-read.repository';
import { recordFileUses, storedFileFacts } from './file.repository';
import { isUniqueViolation, sqlRow, sqlRows } from './sql.helpers';

export interface FilingRequest {
  enterpriseId: string;
  filedBy: { userId: string; username: string };
  idempotencyKey: string;
  serviceCode: string;
  form: Record<string, unknown>;
  materials: FiledMaterial[];
  pledges: Record<string, boolean>;
  /** Codes of materials supplied later (容缺受理), already validated by `validate`. */
  deferredMaterials: string[];
  /**
   * The business rules a filing must meet for the published version (libs/domain validateFiling and
   * filedFileProblems), given the stored files its materials name (whoever owns them).
   */
  validate: (version: ServiceVersionSnapshot, files: ReadonlyMap<string, StoredFileFacts>) => ValidationProblem[];
}

/** What the workflow needs to start, and what the caller answers with. */
export interface FiledApplication extends Omit<
  ApplicationSummary,
  'closedAt' | 'dueAt' | 'clockStoppedAt' | 'breachedAt'
> {
  form: Record<string, unknown>;
  snapshot: ServiceVersionSnapshot;
  /** Codes of the materials deferred at filing, for the workflow's input. */
  deferredMaterials: string[];
  pledges: Record<string, boolean>;
}

export type FilingOutcome =
  | { kind: 'filed'; application: FiledApplication }
  /** The (enterprise, idempotency key) pair was used before: the earlier filing, unchanged. */
  | { kind: 'replayed'; application: FiledApplication }
  | { kind: 'service_not_found' }
  | { kind: 'service_not_published' }
  /** The filing does not satisfy the published version; nothing was written. */
  | { kind: 'invalid'; serviceVersion: number; problems: ValidationProblem[] };

const IDEMPOTENCY_CONSTRAINT = 'applications_idempotency_key';

/** An application with what its workflow needs to start. */
const FILED_APPLICATION_SELECT = `
  SELECT a.id AS "id", a.number AS "number", a.status AS "status", a.service_code AS "serviceCode",
         a.service_version AS "serviceVersion", a.enterprise_id AS "enterpriseId",
         e.name AS "enterpriseName", a.filed_at AS "filedAt", a.form AS "form", v.snapshot AS "snapshot",
         ARRAY(SELECT d.material_code FROM deferred_materials d WHERE d.application_id = a.id
                ORDER BY d.material_code)::text[] AS "deferredMaterials",
         a.pledges AS "pledges"
    FROM applications a
    JOIN enterprises e ON e.id = a.enterprise_id
    JOIN service_versions v ON v.service_code = a.service_code AND v.version = a.service_version`;

const SHANGHAI_YEAR = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' });

/** YB-<year in Asia/Shanghai>-<sequence, at least 6 digits>; padStart never truncates past 999999. */
export function formatApplicationNumber(filedAt: Date, sequence: string): string {
  return `YB-${SHANGHAI_YEAR.format(filedAt)}-${sequence.padStart(6, '0')}`;
}

/**
 * Files applications exactly once per (enterprise, Idempotency-Key): the look-up, the insert and
 * the `filed` event commit together, and a concurrent duplicate that loses the insert race is
 * answered with the winner's row.
 */
export class ApplicationFilingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async file(request: FilingRequest): Promise<FilingOutcome> {
    try {
      return await this.dataSource.transaction((manager) => this.fileIn(manager, request));
    } catch (error) {
      if (!isUniqueViolation(error, IDEMPOTENCY_CONSTRAINT)) throw error;
      const winner = await this.findByIdempotencyKey(this.dataSource.manager, request);
      if (!winner) throw error;
      return { kind: 'replayed', application: winner };
    }
  }

  private async fileIn(manager: EntityManager, request: FilingRequest): Promise<FilingOutcome> {
    const existing = await this.findByIdempotencyKey(manager, request);
    if (existing) return { kind: 'replayed', application: existing };

    const service = await sqlRow<{ publishedVersion: number | null; snapshot: ServiceVersionSnapshot | null }>(
      manager,
      `SELECT s.published_version AS "publishedVersion", v.snapshot AS "snapshot"
         FROM services s
         LEFT JOIN service_versions v ON v.service_code = s.code AND v.version = s.published_version
        WHERE s.code = $1`,
      [request.serviceCode],
    );
    if (!service) return { kind: 'service_not_found' };
    if (service.publishedVersion === null || service.snapshot === null) return { kind: 'service_not_published' };
    // Checked against the very version the application will run on, inside the transaction. File
    // rows are never changed once written, so reading them here needs no lock.
    const files = await storedFileFacts(
      manager,
      request.materials.flatMap((m) => (m.fileId ? [m.fileId] : [])),
    );
    const problems = request.validate(service.snapshot, files);
    if (problems.length > 0) return { kind: 'invalid', serviceVersion: service.publishedVersion, problems };

    const enterprise = await sqlRow<{ name: string }>(manager, `SELECT name AS "name" FROM enterprises WHERE id = $1`, [
      request.enterpriseId,
    ]);
    if (!enterprise)
      throw new Error(`enterprise ${request.enterpriseId} of account ${request.filedBy.userId} does not exist`);

    const next = await sqlRow<{ sequence: string; now: Date }>(
      manager,
      `SELECT nextval('application_number_seq')::text AS "sequence", now() AS "now"`,
    );
    if (!next) throw new Error('nextval returned no row');

    const id = randomUUID();
    const number = formatApplicationNumber(next.now, next.sequence);
    const status: ApplicationStatus = 'in_progress';
    await manager.query(
      `INSERT INTO applications (id, number, service_code, service_version, enterprise_id, filed_by,
                                 idempotency_key, status, form, materials, pledges, filed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12)`,
      [
        id,
        number,
        request.serviceCode,
        service.publishedVersion,
        request.enterpriseId,
        request.filedBy.userId,
        request.idempotencyKey,
        status,
        // Serialized here: node-postgres would turn a JS array into a Postgres array, not JSON.
        JSON.stringify(request.form),
        JSON.stringify(request.materials),
        JSON.stringify(request.pledges),
        next.now,
      ],
    );
    await recordFileUses(
      manager,
      id,
      request.materials.flatMap((m) => (m.fileId ? [{ materialCode: m.code, fileId: m.fileId }] : [])),
      'filing',
    );
    // The deadlines are computed by the workflow on the working calendar; the rows exist from now.
    for (const plan of deferredMaterialPlans(service.snapshot, request.form, request.deferredMaterials)) {
      await manager.query(
        `INSERT INTO deferred_materials (application_id, material_code, step_keys, supply_within_days)
         VALUES ($1, $2, $3::jsonb, $4)`,
        [id, plan.code, JSON.stringify(plan.stepKeys), plan.supplyWithinDays],
      );
    }
    await appendEvent(manager, {
      applicationId: id,
      kind: 'filed',
      actor: { ...request.filedBy, role: 'applicant' },
      at: next.now,
      data: { serviceCode: request.serviceCode, serviceVersion: service.publishedVersion, number },
      dedupeKey: `${id}:filed`,
    });
    // Known now, from the same conditions the workflow evaluates: the case never shows these steps
    // as waiting. The workflow's own record of them is then a no-op (same dedupe key).
    for (const step of stepApplicability(service.snapshot.steps, request.form)) {
      if (step.included) continue;
      await appendEvent(manager, {
        applicationId: id,
        kind: 'step_skipped',
        stepKey: step.key,
        at: next.now,
        data: { reason: step.reason ?? 'not required' },
        dedupeKey: stepSkippedKey(id, step.key),
      });
    }
    return {
      kind: 'filed',
      application: {
        id,
        number,
        status,
        serviceCode: request.serviceCode,
        serviceVersion: service.publishedVersion,
        enterpriseId: request.enterpriseId,
        enterpriseName: enterprise.name,
        filedAt: next.now,
        form: request.form,
        snapshot: service.snapshot,
        deferredMaterials: [...new Set(request.deferredMaterials)].sort(),
        pledges: request.pledges,
      },
    };
  }

  /** Records that the application's workflow exists, so the reconciler leaves it alone. */
  async markWorkflowStarted(applicationId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE applications SET workflow_started_at = now() WHERE id = $1 AND workflow_started_at IS NULL`,
      [applicationId],
    );
  }

  /**
   * Filings committed more than `olderThanSeconds` ago whose workflow start was never confirmed —
   * the gateway crashed or Temporal was down between the commit and the start, and the client did
   * not retry. Oldest first.
   */
  findUnstarted(olderThanSeconds: number, limit: number): Promise<FiledApplication[]> {
    return sqlRows<FiledApplication>(
      this.dataSource,
      `${FILED_APPLICATION_SELECT}
        WHERE a.workflow_started_at IS NULL AND a.filed_at < now() - make_interval(secs => $1)
        ORDER BY a.filed_at, a.id
        LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  private findByIdempotencyKey(
    manager: EntityManager,
    request: Pick<FilingRequest, 'enterpriseId' | 'idempotencyKey'>,
  ): Promise<FiledApplication | null> {
    return sqlRow<FiledApplication>(
      manager,
      `${FILED_APPLICATION_SELECT} WHERE a.enterprise_id = $1 AND a.idempotency_key = $2`,
      [request.enterpriseId, request.idempotencyKey],
    );
  }
}
