import type { DataSource } from 'typeorm';
import type { NoticeAnswer, NoticeItem, ServiceVersionSnapshot, StoredFileFacts } from '../../domain';
import { storedFileFacts } from './file.repository';
import { sqlRow, sqlRows } from './sql.helpers';

/** A consolidated supplement notice as stored (written by the workflow's activities). */
export interface NoticeRecord {
  id: string;
  applicationId: string;
  number: number;
  issuedAt: Date;
  steps: { stepKey: string; round: number }[];
  items: NoticeItem[];
  answeredAt: Date | null;
  answeredBy: string | null;
  answer: NoticeAnswer | null;
}

const COLUMNS = `id AS "id", application_id AS "applicationId", number AS "number", issued_at AS "issuedAt",
  steps AS "steps", items AS "items", answered_at AS "answeredAt", answered_by AS "answeredBy", answer AS "answer"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads of supplement notices for the gateway: a case's notices, one notice, a step's notices. */
export class NoticeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The case's notices, oldest first. */
  list(applicationId: string): Promise<NoticeRecord[]> {
    return sqlRows<NoticeRecord>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM supplement_notices WHERE application_id = $1 ORDER BY number`,
      [applicationId],
    );
  }

  /** A notice of this case; null for another case's notice and for a string that is no id. */
  find(applicationId: string, noticeId: string): Promise<NoticeRecord | null> {
    if (!UUID.test(noticeId)) return Promise.resolve(null);
    return sqlRow<NoticeRecord>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM supplement_notices WHERE application_id = $1 AND id = $2`,
      [applicationId, noticeId],
    );
  }

  /** The notice the enterprise has to answer now, if any. */
  open(applicationId: string): Promise<NoticeRecord | null> {
    return sqlRow<NoticeRecord>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM supplement_notices WHERE application_id = $1 AND answered_at IS NULL
        ORDER BY number DESC LIMIT 1`,
      [applicationId],
    );
  }

  /** Notices that carry a request of this step, oldest first (the officer's view of what was asked and answered). */
  forStep(applicationId: string, stepKey: string): Promise<NoticeRecord[]> {
    return sqlRows<NoticeRecord>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM supplement_notices
        WHERE application_id = $1 AND steps @> jsonb_build_array(jsonb_build_object('stepKey', $2::text))
        ORDER BY number`,
      [applicationId, stepKey],
    );
  }

  /** The version the case runs on. */
  async snapshotOf(applicationId: string): Promise<ServiceVersionSnapshot | null> {
    const row = await sqlRow<{ snapshot: ServiceVersionSnapshot }>(
      this.dataSource,
      `SELECT v.snapshot AS "snapshot" FROM applications a
         JOIN service_versions v ON v.service_code = a.service_code AND v.version = a.service_version
        WHERE a.id = $1`,
      [applicationId],
    );
    return row?.snapshot ?? null;
  }

  fileFacts(ids: readonly string[]): Promise<Map<string, StoredFileFacts>> {
    return storedFileFacts(this.dataSource, ids);
  }
}
