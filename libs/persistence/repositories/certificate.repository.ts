import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  certificateNumber,
  certificateValidUntil,
  shanghaiYear,
  VERIFY_CODE_BYTES,
  type CertificateStatus,
  type ServiceVersionSnapshot,
} from '../../domain';
import { appendEvent } from '../read-model/event-log';
import { sqlRow, sqlRows, type SqlExecutor } from './sql.helpers';

export interface CertificateRecord {
  id: string;
  number: string;
  applicationId: string;
  stepKey: string;
  departmentCode: string;
  departmentName: string;
  enterpriseId: string;
  holder: string;
  holderCreditCode: string;
  serviceName: string;
  issuedAt: Date;
  validUntil: Date;
  verifyCode: string;
  status: CertificateStatus;
  revokedAt: Date | null;
  revokeReason: string | null;
}

const SELECT = `SELECT c.id AS "id", c.number AS "number", c.application_id AS "applicationId", c.step_key AS "stepKey",
    c.department_code AS "departmentCode", d.name AS "departmentName", c.enterprise_id AS "enterpriseId",
    c.holder AS "holder", c.holder_credit_code AS "holderCreditCode", c.service_name AS "serviceName",
    c.issued_at AS "issuedAt", c.valid_until AS "validUntil", c.verify_code AS "verifyCode", c.status AS "status",
    c.revoked_at AS "revokedAt", c.revoke_reason AS "revokeReason"
  FROM certificates c
  JOIN departments d ON d.code = c.department_code`;

/** A fresh verification code: VERIFY_CODE_BYTES from the system's secure random source, base64url. */
export function newVerifyCode(): string {
  return randomBytes(VERIFY_CODE_BYTES).toString('base64url');
}

/**
 * The next number of a department's certificates in a year. The upsert takes the counter row's
 * lock, so concurrent issues by one department wait for each other and never share a number.
 */
async function nextSequence(executor: SqlExecutor, departmentCode: string, year: number): Promise<number> {
  const row = await sqlRow<{ lastNumber: number }>(
    executor,
    `INSERT INTO certificate_counters (department_code, year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (department_code, year) DO UPDATE SET last_number = certificate_counters.last_number + 1
     RETURNING last_number AS "lastNumber"`,
    [departmentCode, year],
  );
  if (!row) throw new Error('certificate counter upsert returned no row');
  return row.lastNumber;
}

/**
 * Issues the certificates of an approved case, in the caller's transaction (the one recording the
 * approval): one per step that approved it, by that step's department, valid for the step
 * config's `certificate` period (a step skipped by its include condition has no approving task,
 * so it issues none). A step that has its certificate already is left alone, so a retried write
 * issues nothing twice; the unique (application, step) constraint backs that up under races.
 * Answers the numbers issued now.
 */
export async function issueCertificates(
  manager: EntityManager,
  input: { applicationId: string; at: Date },
): Promise<string[]> {
  const application = await sqlRow<{
    enterpriseId: string;
    holder: string;
    creditCode: string;
    snapshot: ServiceVersionSnapshot;
  }>(
    manager,
    `SELECT a.enterprise_id AS "enterpriseId", e.name AS "holder", e.credit_code AS "creditCode", v.snapshot AS "snapshot"
       FROM applications a
       JOIN enterprises e ON e.id = a.enterprise_id
       JOIN service_versions v ON v.service_code = a.service_code AND v.version = a.service_version
      WHERE a.id = $1`,
    [input.applicationId],
  );
  if (!application) throw new Error(`no application ${input.applicationId} to issue certificates for`);
  // The decision of the round that approved each step; a post-check or a supplement round is no approval.
  const approving = await sqlRows<{ stepKey: string; departmentCode: string }>(
    manager,
    `SELECT DISTINCT t.step_key AS "stepKey", t.department_code AS "departmentCode"
       FROM tasks t
      WHERE t.application_id = $1 AND t.outcome = 'approve'
        AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.application_id = t.application_id AND c.step_key = t.step_key)
      ORDER BY 1`,
    [input.applicationId],
  );
  const configs = new Map(application.snapshot.steps.map((step) => [step.key, step.config]));
  const year = shanghaiYear(input.at);
  const issued: string[] = [];
  for (const step of approving) {
    const number = certificateNumber(step.departmentCode, year, await nextSequence(manager, step.departmentCode, year));
    const validUntil = certificateValidUntil(input.at, configs.get(step.stepKey)?.certificate);
    const inserted = await sqlRows(
      manager,
      `INSERT INTO certificates (number, application_id, step_key, department_code, enterprise_id, holder,
                                 holder_credit_code, service_name, issued_at, valid_until, verify_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT ON CONSTRAINT certificates_once_per_step DO NOTHING
       RETURNING id`,
      [
        number,
        input.applicationId,
        step.stepKey,
        step.departmentCode,
        application.enterpriseId,
        application.holder,
        application.creditCode,
        application.snapshot.name,
        input.at,
        validUntil,
        newVerifyCode(),
      ],
    );
    if (inserted.length === 0) continue;
    issued.push(number);
    await appendEvent(manager, {
      applicationId: input.applicationId,
      kind: 'certificate_issued',
      stepKey: step.stepKey,
      at: input.at,
      data: { number, departmentCode: step.departmentCode, validUntil: validUntil.toISOString() },
      dedupeKey: `${input.applicationId}:${step.stepKey}:certificate`,
    });
  }
  return issued;
}

/**
 * Revokes the certificate a step issued (e.g. its post-check after an approval on pledge failed),
 * in the caller's transaction: status `revoked` with the time and reason, and a
 * `certificate_revoked` event. Idempotent: a certificate revoked already keeps its first
 * revocation. Answers the numbers revoked now (none when the step has no valid certificate).
 */
export async function revokeStepCertificates(
  manager: EntityManager,
  input: { applicationId: string; stepKey: string; reason: string; at: Date },
): Promise<string[]> {
  const revoked = await sqlRows<{ number: string; departmentCode: string }>(
    manager,
    `UPDATE certificates SET status = 'revoked', revoked_at = $3, revoke_reason = $4
      WHERE application_id = $1 AND step_key = $2 AND status = 'valid'
      RETURNING number AS "number", department_code AS "departmentCode"`,
    [input.applicationId, input.stepKey, input.at, input.reason.slice(0, 500)],
  );
  for (const certificate of revoked) {
    await appendEvent(manager, {
      applicationId: input.applicationId,
      kind: 'certificate_revoked',
      stepKey: input.stepKey,
      at: input.at,
      data: { number: certificate.number, departmentCode: certificate.departmentCode, reason: input.reason },
      dedupeKey: `${input.applicationId}:${input.stepKey}:certificate_revoked`,
    });
  }
  return revoked.map((certificate) => certificate.number);
}

/** Reads of issued certificates, for the application view, the PDF and the public verification. */
export class CertificateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async forApplication(applicationId: string): Promise<CertificateRecord[]> {
    return sqlRows<CertificateRecord>(
      this.dataSource,
      `${SELECT} WHERE c.application_id = $1 ORDER BY c.issued_at, c.step_key`,
      [applicationId],
    );
  }

  findByNumber(number: string): Promise<CertificateRecord | null> {
    return sqlRow<CertificateRecord>(this.dataSource, `${SELECT} WHERE c.number = $1`, [number]);
  }

  findByVerifyCode(verifyCode: string): Promise<CertificateRecord | null> {
    return sqlRow<CertificateRecord>(this.dataSource, `${SELECT} WHERE c.verify_code = $1`, [verifyCode]);
  }
}
