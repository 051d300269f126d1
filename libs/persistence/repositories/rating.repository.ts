import type { DataSource } from 'typeorm';
import type { RatingSummary } from '../../domain';
import { notify } from '../read-model/notification-writer';
import {
  fullPrecisionTimestamp,
  isUniqueViolation,
  sqlRow,
  sqlRows,
  toKeysetPage,
  type KeysetPage,
  type KeysetPosition,
} from './sql.helpers';

export interface RatingRecord {
  id: string;
  applicationId: string;
  applicationNumber: string;
  departmentCode: string;
  enterpriseId: string;
  enterpriseName: string;
  score: number;
  comment: string | null;
  createdAt: Date;
  /** A low score: the department CIO must answer it. */
  followUp: boolean;
  answer: string | null;
  answeredAt: Date | null;
}

export interface NewRating {
  applicationId: string;
  departmentCode: string;
  enterpriseId: string;
  score: number;
  comment: string | null;
  ratedBy: string;
}

export interface RatingListFilter {
  /** One department; all of them when absent. */
  departmentCode?: string;
  /** Only follow-ups still waiting for the CIO's answer. */
  awaitingAnswer?: boolean;
  after?: KeysetPosition;
  limit: number;
}

const ONCE_PER_DEPARTMENT = 'ratings_once_per_department';

const SELECT = `SELECT r.id AS "id", r.application_id AS "applicationId", a.number AS "applicationNumber",
    r.department_code AS "departmentCode", r.enterprise_id AS "enterpriseId", e.name AS "enterpriseName",
    r.score AS "score", r.comment AS "comment", r.created_at AS "createdAt", r.follow_up AS "followUp",
    r.answer AS "answer", r.answered_at AS "answeredAt", ${fullPrecisionTimestamp('r.created_at')} AS "position"
  FROM ratings r
  JOIN applications a ON a.id = r.application_id
  JOIN enterprises e ON e.id = r.enterprise_id`;

/** Ratings (好差评) of the departments on ended cases, and the CIO's answers to low ones. */
export class RatingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The departments that had a step (a task) on the case: the ones its enterprise may rate. */
  async departmentsOnCase(applicationId: string): Promise<string[]> {
    const rows = await sqlRows<{ code: string }>(
      this.dataSource,
      `SELECT DISTINCT department_code AS "code" FROM tasks WHERE application_id = $1 ORDER BY 1`,
      [applicationId],
    );
    return rows.map((row) => row.code);
  }

  /**
   * Records the rating and, for a low score, the CIO's inbox notice in the same transaction: both or
   * neither. 'exists' when the department was already rated on this case (the unique constraint
   * decides, so of two concurrent requests exactly one wins).
   */
  async rate(rating: NewRating): Promise<RatingRecord | 'exists'> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const inserted = await sqlRow<{ id: string; followUp: boolean; createdAt: Date }>(
          manager,
          `INSERT INTO ratings (application_id, department_code, enterprise_id, score, comment, rated_by)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id AS "id", follow_up AS "followUp", created_at AS "createdAt"`,
          [
            rating.applicationId,
            rating.departmentCode,
            rating.enterpriseId,
            rating.score,
            rating.comment,
            rating.ratedBy,
          ],
        );
        if (!inserted) throw new Error('INSERT … RETURNING gave no row');
        if (inserted.followUp) {
          await notify(
            manager,
            {
              kind: 'rating_follow_up',
              applicationId: rating.applicationId,
              departmentCode: rating.departmentCode,
              score: rating.score,
              ...(rating.comment ? { message: rating.comment } : {}),
              createdAt: inserted.createdAt,
              sourceKey: `rating:${inserted.id}:follow_up`,
            },
            { cioOf: rating.departmentCode },
          );
        }
        const record = await sqlRow<RatingRecord>(manager, `${SELECT} WHERE r.id = $1`, [inserted.id]);
        if (!record) throw new Error(`rating ${inserted.id} vanished inside its own transaction`);
        return withoutPosition(record);
      });
    } catch (error) {
      if (isUniqueViolation(error, ONCE_PER_DEPARTMENT)) return 'exists';
      throw error;
    }
  }

  async findById(id: string): Promise<RatingRecord | null> {
    const row = await sqlRow<RatingRecord>(this.dataSource, `${SELECT} WHERE r.id = $1`, [id]);
    return row && withoutPosition(row);
  }

  async forApplication(applicationId: string): Promise<RatingRecord[]> {
    const rows = await sqlRows<RatingRecord>(
      this.dataSource,
      `${SELECT} WHERE r.application_id = $1 ORDER BY r.department_code`,
      [applicationId],
    );
    return rows.map(withoutPosition);
  }

  /**
   * Records the CIO's answer and tells the enterprise, in one transaction. null when the rating is
   * gone or has no follow-up; 'answered' when it already has an answer (the first one stays).
   */
  async answer(id: string, answer: string, answeredBy: string): Promise<RatingRecord | 'answered' | null> {
    return this.dataSource.transaction(async (manager) => {
      const updated = await sqlRow<{ answeredAt: Date }>(
        manager,
        `UPDATE ratings SET answer = $2, answered_by = $3, answered_at = now()
          WHERE id = $1 AND follow_up AND answer IS NULL
          RETURNING answered_at AS "answeredAt"`,
        [id, answer, answeredBy],
      );
      const record = await sqlRow<RatingRecord>(manager, `${SELECT} WHERE r.id = $1`, [id]);
      if (!record || !record.followUp) return null;
      if (!updated) return 'answered';
      await notify(
        manager,
        {
          kind: 'rating_answered',
          applicationId: record.applicationId,
          departmentCode: record.departmentCode,
          message: answer,
          createdAt: updated.answeredAt,
          sourceKey: `rating:${id}:answered`,
        },
        { applicantsOf: record.enterpriseId },
      );
      return withoutPosition(record);
    });
  }

  /** Newest first, keyset-paged on (created_at, id). */
  async list(filter: RatingListFilter): Promise<KeysetPage<RatingRecord>> {
    const rows = await sqlRows<RatingRecord & { position: string }>(
      this.dataSource,
      `${SELECT}
        WHERE ($1::varchar IS NULL OR r.department_code = $1)
          AND (NOT $2 OR (r.follow_up AND r.answer IS NULL))
          AND ($3::timestamptz IS NULL OR (r.created_at, r.id) < ($3::timestamptz, $4::uuid))
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT $5`,
      [
        filter.departmentCode ?? null,
        filter.awaitingAnswer === true,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        filter.limit + 1,
      ],
    );
    const page = toKeysetPage(rows, filter.limit);
    return { items: page.items.map(withoutPosition), next: page.next };
  }

  /**
   * Per department, the ratings given in [from, to): the report's `ratings` figures. A plain query
   * beside the roll-ups (ratings are not events of the case log, so the replay reference has nothing
   * to replay for them).
   */
  async summaryByDepartment(filter: {
    from: Date;
    to: Date;
    departmentCode?: string;
    serviceCode?: string;
  }): Promise<Map<string, RatingSummary>> {
    const rows = await sqlRows<{ departmentCode: string; count: number; average: number; low: number }>(
      this.dataSource,
      `SELECT r.department_code AS "departmentCode", count(*)::int AS "count",
              round(avg(r.score), 2)::float8 AS "average", (count(*) FILTER (WHERE r.follow_up))::int AS "low"
         FROM ratings r
         JOIN applications a ON a.id = r.application_id
        WHERE r.created_at >= $1 AND r.created_at < $2
          AND ($3::varchar IS NULL OR r.department_code = $3)
          AND ($4::varchar IS NULL OR a.service_code = $4)
        GROUP BY r.department_code`,
      [filter.from, filter.to, filter.departmentCode ?? null, filter.serviceCode ?? null],
    );
    return new Map(rows.map(({ departmentCode, ...summary }) => [departmentCode, summary]));
  }
}

function withoutPosition(row: RatingRecord & { position?: string }): RatingRecord {
  const { position: _position, ...record } = row;
  return record;
}
