import type { DataSource } from 'typeorm';
import type {
  ApplicationEventKind,
  ApplicationStatus,
  EventActor,
  FiledMaterialRef,
  ServiceVersionSnapshot,
} from '../../domain';
import {
  fullPrecisionTimestamp,
  sqlRow,
  sqlRows,
  toKeysetPage,
  type KeysetPage,
  type KeysetPosition,
} from './sql.helpers';
import { TASK_COLUMNS, type TaskRecord } from './task-queue.repository';

export interface ApplicationSummary {
  id: string;
  number: string;
  status: ApplicationStatus;
  serviceCode: string;
  serviceVersion: number;
  enterpriseId: string;
  enterpriseName: string;
  filedAt: Date;
  closedAt: Date | null;
  /** The overall limit: null for cases filed before accountable clocks. */
  dueAt: Date | null;
  clockStoppedAt: Date | null;
  breachedAt: Date | null;
}

export interface ApplicationEventRecord {
  id: string;
  kind: ApplicationEventKind;
  stepKey: string | null;
  round: number | null;
  actor: EventActor | null;
  at: Date;
  data: Record<string, unknown>;
}

/** Everything the progress view is built from, all read from Postgres. */
export interface ApplicationDetail extends ApplicationSummary {
  snapshot: ServiceVersionSnapshot;
  /** What the enterprise filed, as stored: the form's answers by field key, and the materials. */
  form: Record<string, unknown>;
  materials: FiledMaterialRef[];
  tasks: TaskRecord[];
  events: ApplicationEventRecord[];
  /** The uploaded files the case uses, for their names and sizes. */
  files: { id: string; name: string; contentType: string; size: number }[];
  /** Materials deferred at filing (容缺受理), by code. */
  deferredMaterials: DeferredMaterialRecord[];
}

export interface DeferredMaterialRecord {
  code: string;
  stepKeys: string[];
  supplyWithinDays: number | null;
  dueAt: Date | null;
  suppliedAt: Date | null;
  fileId: string | null;
  overdueAt: Date | null;
}

export interface ApplicationListFilter {
  status?: ApplicationStatus;
  serviceCode?: string;
  /** The human-readable number, e.g. YB-2026-000123: finds one case. */
  number?: string;
}

/** Who may see which applications. */
export type ApplicationScope =
  | { kind: 'all' }
  | { kind: 'enterprise'; enterpriseId: string }
  /** Applications on which the department has (or had) a task. */
  | { kind: 'department'; departmentCode: string };

const SUMMARY_COLUMNS = `
  a.id AS "id", a.number AS "number", a.status AS "status", a.service_code AS "serviceCode",
  a.service_version AS "serviceVersion", a.enterprise_id AS "enterpriseId",
  e.name AS "enterpriseName", a.filed_at AS "filedAt", a.closed_at AS "closedAt", a.due_at AS "dueAt",
  a.clock_stopped_at AS "clockStoppedAt", a.breached_at AS "breachedAt"`;

/** The log, oldest first; the actor as the log recorded them, null for the system. */
const EVENT_SELECT = `
  SELECT ev.id AS "id", ev.kind AS "kind", ev.step_key AS "stepKey", ev.round AS "round",
         CASE WHEN ev.actor_username IS NULL THEN NULL
              ELSE json_build_object('id', ev.actor_id, 'username', ev.actor_username, 'role', ev.actor_role,
                                     'departmentCode', ev.actor_department) END AS "actor",
         ev.at AS "at", ev.data AS "data"
    FROM application_events ev
   WHERE ev.application_id = $1
   ORDER BY ev.at, ev.id`;

export class ApplicationReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, keyset-paginated by (filed_at, id) descending; filters are optional. */
  async list(
    scope: ApplicationScope,
    page: { after?: KeysetPosition; limit: number },
    filter: ApplicationListFilter = {},
  ): Promise<KeysetPage<ApplicationSummary & { position: string }>> {
    const rows = await sqlRows<ApplicationSummary & { position: string }>(
      this.dataSource,
      `SELECT ${SUMMARY_COLUMNS}, ${fullPrecisionTimestamp('a.filed_at')} AS "position"
         FROM applications a
         JOIN enterprises e ON e.id = a.enterprise_id
        WHERE ($1::uuid IS NULL OR a.enterprise_id = $1)
          AND ($2::varchar IS NULL OR EXISTS (
                SELECT 1 FROM tasks t WHERE t.application_id = a.id AND t.department_code = $2))
          AND ($3::timestamptz IS NULL OR (a.filed_at, a.id) < ($3::timestamptz, $4::uuid))
          AND ($6::varchar IS NULL OR a.status = $6)
          AND ($7::varchar IS NULL OR a.service_code = $7)
          AND ($8::varchar IS NULL OR a.number = $8)
        ORDER BY a.filed_at DESC, a.id DESC
        LIMIT $5`,
      [
        scope.kind === 'enterprise' ? scope.enterpriseId : null,
        scope.kind === 'department' ? scope.departmentCode : null,
        page.after?.at ?? null,
        page.after?.id ?? null,
        page.limit + 1,
        filter.status ?? null,
        filter.serviceCode ?? null,
        filter.number ?? null,
      ],
    );
    return toKeysetPage(rows, page.limit);
  }

  findSummary(id: string): Promise<ApplicationSummary | null> {
    return sqlRow<ApplicationSummary>(
      this.dataSource,
      `SELECT ${SUMMARY_COLUMNS} FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = $1`,
      [id],
    );
  }

  /** The application with its filing, its version snapshot, every task (all rounds) and its timeline. */
  async findDetail(id: string): Promise<ApplicationDetail | null> {
    const head = await sqlRow<Omit<ApplicationDetail, 'tasks' | 'events'>>(
      this.dataSource,
      `SELECT ${SUMMARY_COLUMNS}, v.snapshot AS "snapshot", a.form AS "form", a.materials AS "materials"
         FROM applications a
         JOIN enterprises e ON e.id = a.enterprise_id
         JOIN service_versions v ON v.service_code = a.service_code AND v.version = a.service_version
        WHERE a.id = $1`,
      [id],
    );
    if (!head) return null;
    const [tasks, events, files, deferredMaterials] = await Promise.all([
      sqlRows<TaskRecord>(
        this.dataSource,
        `SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.application_id = $1 ORDER BY t.step_key, t.round`,
        [id],
      ),
      this.events(id),
      sqlRows<ApplicationDetail['files'][number]>(
        this.dataSource,
        `SELECT DISTINCT f.id AS "id", f.name AS "name", f.content_type AS "contentType", f.size::float8 AS "size"
           FROM application_files af JOIN files f ON f.id = af.file_id
          WHERE af.application_id = $1`,
        [id],
      ),
      sqlRows<DeferredMaterialRecord>(
        this.dataSource,
        `SELECT material_code AS "code", step_keys AS "stepKeys", supply_within_days AS "supplyWithinDays",
                due_at AS "dueAt", supplied_at AS "suppliedAt", file_id AS "fileId", overdue_at AS "overdueAt"
           FROM deferred_materials WHERE application_id = $1 ORDER BY material_code`,
        [id],
      ),
    ]);
    return { ...head, tasks, events, files, deferredMaterials };
  }

  /** Every event of one application, oldest first. */
  events(applicationId: string): Promise<ApplicationEventRecord[]> {
    return sqlRows<ApplicationEventRecord>(this.dataSource, EVENT_SELECT, [applicationId]);
  }

  async departmentHasTask(applicationId: string, departmentCode: string): Promise<boolean> {
    const row = await sqlRow<{ found: boolean }>(
      this.dataSource,
      `SELECT EXISTS (SELECT 1 FROM tasks WHERE application_id = $1 AND department_code = $2) AS "found"`,
      [applicationId, departmentCode],
    );
    return row?.found === true;
  }
}
