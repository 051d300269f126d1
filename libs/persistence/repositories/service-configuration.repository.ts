import type { DataSource, EntityManager } from 'typeorm';
import type { ServiceVersionSnapshot } from '../../domain';
import type { ServiceDraft } from '../../domain/service/service-draft';
import type { ConfigChangeAction } from '../entities/config-change.entity';
import {
  fullPrecisionTimestamp,
  sqlRow,
  sqlRows,
  toKeysetPage,
  type KeysetPage,
  type KeysetPosition,
} from './sql.helpers';

/** A service as seen inside the transaction that holds its row lock. */
export interface LockedService {
  code: string;
  name: string;
  publishedVersion: number | null;
  published: ServiceVersionSnapshot | null;
  draft: ServiceDraft | null;
  /** Highest version ever published (0 for none): the next one is this + 1. */
  latestVersion: number;
}

export interface ConfigChangeInput {
  stepKey: string | null;
  departmentCode: string | null;
  action: ConfigChangeAction;
  actor: string;
  role: string;
  before: unknown;
  after: unknown;
  revision: number | null;
}

export interface ConfigChangeRecord extends ConfigChangeInput {
  id: string;
  serviceCode: string;
  at: Date;
}

/** What one configuration change writes: the draft, maybe a new version, and always its audit row. */
export interface ServiceUpdate {
  draft: ServiceDraft;
  /** A new immutable version; also becomes the one new filings use. */
  publish?: { snapshot: ServiceVersionSnapshot; publishedBy: string };
  change: ConfigChangeInput;
}

const CHANGE_COLUMNS = `
  c.id AS "id", c.service_code AS "serviceCode", c.step_key AS "stepKey", c.department_code AS "departmentCode",
  c.action AS "action", c.actor AS "actor", c.role AS "role", c.at AS "at", c.before AS "before",
  c.after AS "after", c.revision AS "revision"`;

/**
 * Write side of service configuration. Every change runs read-check-write in one transaction that
 * holds `SELECT … FOR UPDATE` on the service row, so concurrent editors of one service queue up
 * instead of overwriting each other, and the audit row commits or rolls back with the change.
 */
export class ServiceConfigurationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a new service with its draft; false when the code is taken. */
  async create(
    service: { code: string; name: string; draft: ServiceDraft },
    change: ConfigChangeInput,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await sqlRow<{ code: string }>(
        manager,
        `INSERT INTO services (code, name, published_version, draft) VALUES ($1, $2, NULL, $3::jsonb)
         ON CONFLICT (code) DO NOTHING RETURNING code AS "code"`,
        [service.code, service.name, JSON.stringify(service.draft)],
      );
      if (!inserted) return false;
      await insertChange(manager, service.code, change);
      return true;
    });
  }

  /**
   * Locks the service row, lets `decide` look at it and say what to write (or throw to refuse, which
   * writes nothing), then writes it. Null when the service does not exist.
   */
  async update<T>(
    code: string,
    decide: (service: LockedService) => { update: ServiceUpdate; result: T },
  ): Promise<{ result: T; publishedAt: Date | null } | null> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await sqlRow<Omit<LockedService, 'published' | 'latestVersion'>>(
        manager,
        `SELECT code AS "code", name AS "name", published_version AS "publishedVersion", draft AS "draft"
           FROM services WHERE code = $1 FOR UPDATE`,
        [code],
      );
      if (!locked) return null;
      const versions = await sqlRow<{ published: ServiceVersionSnapshot | null; latestVersion: number }>(
        manager,
        `SELECT (SELECT snapshot FROM service_versions WHERE service_code = $1 AND version = $2) AS "published",
                (SELECT coalesce(max(version), 0)::int FROM service_versions WHERE service_code = $1) AS "latestVersion"`,
        [code, locked.publishedVersion],
      );
      const { update, result } = decide({
        ...locked,
        published: versions?.published ?? null,
        latestVersion: versions?.latestVersion ?? 0,
      });

      let publishedAt: Date | null = null;
      if (update.publish) {
        const { snapshot, publishedBy } = update.publish;
        const inserted = await sqlRow<{ publishedAt: Date }>(
          manager,
          `INSERT INTO service_versions (service_code, version, snapshot, published_at, published_by)
           VALUES ($1, $2, $3::jsonb, now(), $4) RETURNING published_at AS "publishedAt"`,
          [code, snapshot.version, JSON.stringify(snapshot), publishedBy],
        );
        publishedAt = inserted?.publishedAt ?? null;
        await manager.query(
          `UPDATE services SET published_version = $2, name = $3, updated_at = now() WHERE code = $1`,
          [code, snapshot.version, snapshot.name],
        );
      }
      await manager.query(`UPDATE services SET draft = $2::jsonb, updated_at = now() WHERE code = $1`, [
        code,
        JSON.stringify(update.draft),
      ]);
      await insertChange(manager, code, update.change);
      return { result, publishedAt };
    });
  }

  async departmentCodes(): Promise<string[]> {
    const rows = await sqlRows<{ code: string }>(this.dataSource, `SELECT code AS "code" FROM departments`);
    return rows.map((r) => r.code);
  }

  /** Newest first, keyset-paginated by (at, id); `departmentCode` narrows to that department's step edits. */
  async listChanges(filter: {
    serviceCode: string;
    departmentCode?: string;
    after?: KeysetPosition;
    limit: number;
  }): Promise<KeysetPage<ConfigChangeRecord & { position: string }>> {
    const rows = await sqlRows<ConfigChangeRecord & { position: string }>(
      this.dataSource,
      `SELECT ${CHANGE_COLUMNS}, ${fullPrecisionTimestamp('c.at')} AS "position"
         FROM config_changes c
        WHERE c.service_code = $1
          AND ($2::varchar IS NULL OR (c.step_key IS NOT NULL AND c.department_code = $2))
          AND ($3::timestamptz IS NULL OR (c.at, c.id) < ($3::timestamptz, $4::uuid))
        ORDER BY c.at DESC, c.id DESC
        LIMIT $5`,
      [
        filter.serviceCode,
        filter.departmentCode ?? null,
        filter.after?.at ?? null,
        filter.after?.id ?? null,
        filter.limit + 1,
      ],
    );
    return toKeysetPage(rows, filter.limit);
  }
}

async function insertChange(manager: EntityManager, serviceCode: string, change: ConfigChangeInput): Promise<void> {
  // clock_timestamp(), not now(): several changes in one second still sort in the order they were made.
  await manager.query(
    `INSERT INTO config_changes (service_code, step_key, department_code, action, actor, role, at, before, after, revision)
     VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp(), $7::jsonb, $8::jsonb, $9)`,
    [
      serviceCode,
      change.stepKey,
      change.departmentCode,
      change.action,
      change.actor,
      change.role,
      change.before === null || change.before === undefined ? null : JSON.stringify(change.before),
      change.after === null || change.after === undefined ? null : JSON.stringify(change.after),
      change.revision,
    ],
  );
}
