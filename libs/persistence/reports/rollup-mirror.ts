import type { DataSource, EntityManager } from 'typeorm';
import { sqlRows } from '../repositories/sql.helpers';
import {
  RollupColumns,
  type CaseRollupInput,
  type MarkInput,
  type RoundInput,
  type StageMemberInput,
} from './rollup-columns';

/** An instant as epoch milliseconds (exact: the roll-ups hold millisecond instants). */
const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/** Cases read per statement on a full load. */
const LOAD_BATCH = 10_000;

/** The roll-up copy as of a version of the tables. */
export interface MirrorSnapshot {
  columns: RollupColumns;
  version: string;
}

/**
 * A gateway's in-memory copy of the report roll-ups (RollupColumns), kept in step with the tables:
 * `current()` reads, in one snapshot of the database, the version and the rows of the cases changed
 * since the version it holds (report_rollup_changes), or every row on the first call and when the
 * list no longer reaches back that far. Refreshes move the version one at a time, so a snapshot
 * that sees version v sees every change up to v: the copy at v is exactly the tables at v.
 */
export class ReportRollupMirror {
  private snapshot: MirrorSnapshot | null = null;
  private requested = 0;
  private synced = 0;
  private inFlight: Promise<void> | null = null;
  private keepingUp: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /**
   * The copy brought up to what was committed when this was called. Use it before the next await:
   * a later call may change the columns in place.
   */
  async current(): Promise<MirrorSnapshot> {
    const request = ++this.requested;
    // A sync that started before this call may have missed what was committed just before it.
    while (this.synced < request) {
      if (!this.inFlight) {
        const covers = this.requested;
        this.inFlight = this.sync()
          .then(() => {
            this.synced = Math.max(this.synced, covers);
          })
          .finally(() => {
            this.inFlight = null;
          });
      }
      await this.inFlight;
    }
    return this.snapshot!;
  }

  /**
   * Also follows the tables every `intervalMs` in the background, so a report finds little to read
   * and the copy never falls so far behind that it must reload. A failed pass is logged; the next
   * report or pass tries again.
   */
  keepUp(intervalMs: number): void {
    this.stop();
    this.keepingUp = setInterval(() => {
      this.current().catch((error: Error) =>
        this.log(`report roll-ups in memory: could not follow the tables: ${error.message}`),
      );
    }, intervalMs);
    this.keepingUp.unref();
  }

  stop(): void {
    if (this.keepingUp) clearInterval(this.keepingUp);
    this.keepingUp = null;
  }

  /** Nest calls this when the gateway shuts down (before the database connection closes). */
  onModuleDestroy(): void {
    this.stop();
  }

  private sync(): Promise<void> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [state] = await sqlRows<{ version: string; oldest: string | null }>(
        manager,
        `SELECT v.version::text AS "version", (SELECT min(version) FROM report_rollup_changes)::text AS "oldest"
           FROM report_rollup_version v`,
      );
      const held = this.snapshot;
      if (held && held.version === state.version) return;
      const reachesBack = held && state.oldest !== null && BigInt(state.oldest) <= BigInt(held.version) + 1n;
      if (held && reachesBack) {
        const changed = await sqlRows<{ id: string }>(
          manager,
          `SELECT DISTINCT application_id AS "id" FROM report_rollup_changes WHERE version > $1`,
          [held.version],
        );
        const ids = changed.map((row) => row.id);
        const loaded: Map<string, CaseRollupInput>[] = [];
        for (let start = 0; start < ids.length; start += LOAD_BATCH) {
          loaded.push(
            await loadCases(manager, `application_id = ANY($1::uuid[])`, [ids.slice(start, start + LOAD_BATCH)]),
          );
        }
        // Applied at once, after the last read: a report computing from the columns never sees half of it.
        for (const id of ids)
          held.columns.replaceCase(id, loaded.find((cases) => cases.has(id))?.get(id) ?? EMPTY_CASE);
        held.columns.compactIfSparse();
        held.version = state.version;
        return;
      }
      const started = Date.now();
      const columns = new RollupColumns();
      let after: string | null = null;
      for (;;) {
        // The next batch of cases by id (the roll-ups' primary keys lead with it).
        const [bound]: { last: string | null }[] = await sqlRows<{ last: string | null }>(
          manager,
          `SELECT (SELECT application_id::text FROM report_rounds
                     WHERE $1::uuid IS NULL OR application_id > $1
                     ORDER BY application_id OFFSET $2 LIMIT 1) AS "last"`,
          [after, LOAD_BATCH * 4],
        );
        const cases =
          bound.last === null
            ? await loadCases(manager, `($1::uuid IS NULL OR application_id > $1)`, [after])
            : await loadCases(manager, `($1::uuid IS NULL OR application_id > $1) AND application_id <= $2`, [
                after,
                bound.last,
              ]);
        for (const [id, input] of cases) columns.replaceCase(id, input);
        if (bound.last === null) break;
        after = bound.last;
      }
      this.snapshot = { columns, version: state.version };
      const size = columns.size;
      const { rss, arrayBuffers } = process.memoryUsage();
      this.log(
        `report roll-ups loaded into memory: ${size.cases} cases, ${size.rounds} rounds, ${size.marks} marks, ` +
          `${size.members} stage members at version ${state.version} in ${Date.now() - started} ms ` +
          `(process: ${Math.round(rss / 1e6)} MB resident, ${Math.round(arrayBuffers / 1e6)} MB in typed arrays)`,
      );
    });
  }
}

const EMPTY_CASE: CaseRollupInput = { rounds: [], marks: [], stageMembers: [] };

/** The roll-up rows of the cases `where` selects (on application_id), by case, each case's rows in key order. */
async function loadCases(
  manager: EntityManager,
  where: string,
  parameters: unknown[],
): Promise<Map<string, CaseRollupInput>> {
  // One after another: the three share the snapshot's connection.
  const rounds = await sqlRows<RoundInput & { applicationId: string }>(
    manager,
    `SELECT application_id AS "applicationId", step_key AS "stepKey", round AS "round", service_code AS "serviceCode",
              department_code AS "departmentCode", ${ms('created_at')} AS "createdAt", ${ms('ended_at')} AS "endedAt",
              ${ms('decided_at')} AS "decidedAt", outcome AS "outcome", deemed AS "deemed", breached AS "breached",
              queue_ms::float8 AS "queueMs", queue_wms::float8 AS "queueWms",
              handling_ms::float8 AS "handlingMs", handling_wms::float8 AS "handlingWms",
              paused_ms::float8 AS "pausedMs", paused_wms::float8 AS "pausedWms",
              ${ms('applicant_until')} AS "applicantUntil",
              applicant_ms::float8 AS "applicantMs", applicant_wms::float8 AS "applicantWms",
              ARRAY(SELECT ARRAY[${ms('lower(p)')}, COALESCE(${ms('upper(p)')}, 'Infinity')]
                      FROM unnest(pauses) AS p) AS "pauses",
              ARRAY(SELECT ARRAY[${ms('d.set_at')}, ${ms('d.due')}]
                      FROM unnest(due_set_at, due_at) WITH ORDINALITY AS d(set_at, due, n) ORDER BY d.n) AS "dues"
         FROM report_rounds WHERE ${where}
        ORDER BY application_id, step_key, round`,
    parameters,
  );
  const marks = await sqlRows<MarkInput & { applicationId: string }>(
    manager,
    `SELECT application_id AS "applicationId", step_key AS "stepKey", service_code AS "serviceCode",
              department_code AS "departmentCode", kind AS "kind", ${ms('at')} AS "at"
         FROM report_marks WHERE ${where}
        ORDER BY application_id`,
    parameters,
  );
  const members = await sqlRows<StageMemberInput & { applicationId: string }>(
    manager,
    `SELECT application_id AS "applicationId", department_code AS "departmentCode", service_code AS "serviceCode",
              ${ms('finished_at')} AS "finishedAt", is_last AS "isLast",
              added_ms::float8 AS "addedMs", added_wms::float8 AS "addedWms"
         FROM report_stage_members WHERE ${where}
        ORDER BY application_id, stage, department_code`,
    parameters,
  );
  const cases = new Map<string, CaseRollupInput>();
  const caseOf = (id: string) => {
    let input = cases.get(id);
    if (!input) cases.set(id, (input = { rounds: [], marks: [], stageMembers: [] }));
    return input;
  };
  // The rows as they come (the statements name the columns as the inputs do): no copy of a million rows.
  for (const round of rounds) caseOf(round.applicationId).rounds.push(round);
  for (const mark of marks) caseOf(mark.applicationId).marks.push(mark);
  for (const member of members) caseOf(member.applicationId).stageMembers.push(member);
  return cases;
}
