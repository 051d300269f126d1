import type { DataSource } from 'typeorm';
import { isUniqueViolation, sqlRow, sqlRows } from './sql.helpers';

export interface OpinionTemplateRecord {
  id: string;
  departmentCode: string;
  text: string;
  createdBy: string;
  createdAt: Date;
}

const COLUMNS = `id AS "id", department_code AS "departmentCode", text AS "text", created_by AS "createdBy",
  created_at AS "createdAt"`;
const UNIQUE_TEXT = 'opinion_templates_department_text';

/** A department's common opinion phrases (常用语). */
export class OpinionTemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first: the order the CIO added them. */
  list(departmentCode: string): Promise<OpinionTemplateRecord[]> {
    return sqlRows(
      this.dataSource,
      `SELECT ${COLUMNS} FROM opinion_templates WHERE department_code = $1 ORDER BY created_at, id`,
      [departmentCode],
    );
  }

  findById(id: string): Promise<OpinionTemplateRecord | null> {
    return sqlRow(this.dataSource, `SELECT ${COLUMNS} FROM opinion_templates WHERE id = $1`, [id]);
  }

  /** The new phrase, or null when the department already has this text. */
  async add(departmentCode: string, text: string, createdBy: string): Promise<OpinionTemplateRecord | null> {
    try {
      return await sqlRow<OpinionTemplateRecord>(
        this.dataSource,
        `INSERT INTO opinion_templates (department_code, text, created_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
        [departmentCode, text, createdBy],
      );
    } catch (error) {
      if (isUniqueViolation(error, UNIQUE_TEXT)) return null;
      throw error;
    }
  }

  /** The phrase with its new text; null when it is gone, 'duplicate' when the department has that text. */
  async update(id: string, departmentCode: string, text: string): Promise<OpinionTemplateRecord | null | 'duplicate'> {
    try {
      return await sqlRow<OpinionTemplateRecord>(
        this.dataSource,
        `UPDATE opinion_templates SET text = $3 WHERE id = $1 AND department_code = $2 RETURNING ${COLUMNS}`,
        [id, departmentCode, text],
      );
    } catch (error) {
      if (isUniqueViolation(error, UNIQUE_TEXT)) return 'duplicate';
      throw error;
    }
  }

  /** Whether a phrase was deleted. */
  async remove(id: string, departmentCode: string): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      `DELETE FROM opinion_templates WHERE id = $1 AND department_code = $2 RETURNING id`,
      [id, departmentCode],
    );
    return rows.length > 0;
  }
}
