import type { DataSource } from 'typeorm';
import type { ServiceVersionSnapshot, StoredFileFacts } from '../../domain';
import { FILE_ID_PATTERN } from '../files/file-store';
import { sqlRow, sqlRows, type SqlExecutor } from './sql.helpers';

export interface FileRecord {
  id: string;
  enterpriseId: string;
  uploadedBy: string;
  name: string;
  contentType: string;
  extension: string;
  /** Bytes; a number (bigint column, files are far below 2^53). */
  size: number;
  sha256: string;
  serviceCode: string;
  materialCode: string;
  createdAt: Date;
}

export type NewFile = Omit<FileRecord, 'createdAt'>;

/** A case that uses the file, with what a department's read access depends on. */
export interface FileUse {
  applicationId: string;
  materialCode: string;
  snapshot: ServiceVersionSnapshot;
}

const COLUMNS = `id AS "id", enterprise_id AS "enterpriseId", uploaded_by AS "uploadedBy", name AS "name",
  content_type AS "contentType", extension AS "extension", size::float8 AS "size", sha256 AS "sha256",
  service_code AS "serviceCode", material_code AS "materialCode", created_at AS "createdAt"`;

/** Rows of uploaded files, and which applications use them as which material. */
export class FileRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Written after the bytes are durable in the store. */
  async insert(file: NewFile): Promise<FileRecord> {
    const row = await sqlRow<FileRecord>(
      this.dataSource,
      `INSERT INTO files (id, enterprise_id, uploaded_by, name, content_type, extension, size, sha256,
                          service_code, material_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        file.id,
        file.enterpriseId,
        file.uploadedBy,
        file.name,
        file.contentType,
        file.extension,
        file.size,
        file.sha256,
        file.serviceCode,
        file.materialCode,
      ],
    );
    if (!row) throw new Error('INSERT … RETURNING gave no row');
    return row;
  }

  /** Null for an unknown id and for a string that cannot be one. */
  findById(id: string): Promise<FileRecord | null> {
    if (!FILE_ID_PATTERN.test(id)) return Promise.resolve(null);
    return sqlRow<FileRecord>(this.dataSource, `SELECT ${COLUMNS} FROM files WHERE id = $1`, [id]);
  }

  /** The cases using the file, each with the version it runs on, where `departmentCode` holds a task. */
  usesVisibleToDepartment(fileId: string, departmentCode: string): Promise<FileUse[]> {
    return sqlRows<FileUse>(
      this.dataSource,
      `SELECT af.application_id AS "applicationId", af.material_code AS "materialCode", v.snapshot AS "snapshot"
         FROM application_files af
         JOIN applications a ON a.id = af.application_id
         JOIN service_versions v ON v.service_code = a.service_code AND v.version = a.service_version
        WHERE af.file_id = $1
          AND EXISTS (SELECT 1 FROM tasks t WHERE t.application_id = a.id AND t.department_code = $2)`,
      [fileId, departmentCode],
    );
  }

  /** Which of `ids` have a row (the rest are bytes whose row was never committed). */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    const valid = ids.filter((id) => FILE_ID_PATTERN.test(id));
    if (valid.length === 0) return new Set();
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT id AS "id" FROM files WHERE id = ANY($1::uuid[])`,
      [valid],
    );
    return new Set(rows.map((row) => row.id));
  }
}

/** The facts the filing rules need about the files `ids` name (whoever owns them), inside a filing's transaction. */
export async function storedFileFacts(
  executor: SqlExecutor,
  ids: readonly string[],
): Promise<Map<string, StoredFileFacts>> {
  const valid = [...new Set(ids.filter((id) => FILE_ID_PATTERN.test(id)))];
  if (valid.length === 0) return new Map();
  const rows = await sqlRows<StoredFileFacts>(
    executor,
    `SELECT id AS "id", enterprise_id AS "enterpriseId", extension AS "extension", size::float8 AS "size"
       FROM files WHERE id = ANY($1::uuid[])`,
    [valid],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** Records which files a case uses as which material; a repeat (retried filing) changes nothing. */
export async function recordFileUses(
  executor: SqlExecutor,
  applicationId: string,
  uses: readonly { materialCode: string; fileId: string }[],
  source: 'filing' | 'supplement' | 'deferred',
): Promise<void> {
  for (const use of uses) {
    await executor.query(
      `INSERT INTO application_files (application_id, material_code, file_id, source)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [applicationId, use.materialCode, use.fileId, source],
    );
  }
}
