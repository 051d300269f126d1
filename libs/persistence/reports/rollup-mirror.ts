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

/** Changed cases read per statement. */
const CHANGED_CASES_PER_READ = 10_000;
/** Rounds per range of cases on a full load (a range's rows are read, then added, as one piece). */
const ROUNDS_PER_RANGE = 40_000;

/** The roll-up copy as of a version of the tables. */
export interface MirrorSnapshot {
  columns: RollupColumns;
  version: string;
}

/**
 * A gateway's in-memory copy of the report roll-ups (RollupColumns), kept in step with the tables:
 * `current()` reads, in one snapshot of the database, the version and the rows of the cases changed
 * since the version it holds (report_rollup_changes). On the first call, and when that list no
 * longer reaches back so far, it loads every row first (see `loadAll`). Refreshes move the version
 * one at a time, so a snapshot that sees version v sees every change up to v: the copy at v is
 * exactly the tables at v.
 */
export class ReportRollupMirror {
  private snapshot: MirrorSnapshot | null = null;
  private requested = 0;
  private synced = 0;
  private inFlight: Promise<void> | null = null;
  private keepingUp: NodeJS.Timeout | null = null;

  private readonly log: (line: string) => void;
  private readonly roundsPerRange: number;

  constructor(
    private readonly dataSource: DataSource,
    options: { log?: (line: string) => void; roundsPerRange?: number } = {},
  ) {
    this.log = options.log ?? (() => {});
    this.roundsPerRange = options.roundsPerRange ?? ROUNDS_PER_RANGE;
  }

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

  private async sync(): Promise<void> {
    if (!this.snapshot) await this.loadAll();
    if (await this.followChanges()) return;
    // The list of changes no longer reaches back to the copy's version: everything again.
    await this.loadAll();
    if (!(await this.followChanges())) throw new Error('the list of roll-up changes was pruned while loading');
  }

  /**
   * Applies the cases changed since the copy's version, read in one snapshot with the version they
   * bring it to; false when the list of changes no longer reaches back that far.
   */
  private followChanges(): Promise<boolean> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [state] = await sqlRows<{ version: string; oldest: string | null }>(
        manager,
        `SELECT v.version::text AS "version", (SELECT min(version) FROM report_rollup_changes)::text AS "oldest"
           FROM report_rollup_version v`,
      );
      const held = this.snapshot!;
      if (held.version === state.version) return true;
      if (state.oldest === null || BigInt(state.oldest) > BigInt(held.version) + 1n) return false;
      const changed = await sqlRows<{ id: string }>(
        manager,
        `SELECT DISTINCT application_id AS "id" FROM report_rollup_changes WHERE version > $1`,
        [held.version],
      );
      const ids = changed.map((row) => row.id);
      const loaded = new Map<string, CaseRollupInput>();
      for (let start = 0; start < ids.length; start += CHANGED_CASES_PER_READ) {
        const part = ids.slice(start, start + CHANGED_CASES_PER_READ);
        for (const [id, input] of await loadCases(manager, `application_id = ANY($1::uuid[])`, [part])) {
          loaded.set(id, input);
        }
      }
      // Applied at once, after the last read: a report computing from the columns never sees half of it.
      for (const id of ids) held.columns.replaceCase(id, loaded.get(id) ?? EMPTY_CASE);
      held.columns.compactIfSparse();
      held.version = state.version;
      return true;
    });
  }

  /**
   * Every row, in ranges of cases read two at a time on their own connections (Postgres prepares one
   * while this process adds the other), then labelled with the version read before the first: a case
   * changed while loading was changed after that version, so `followChanges` reads it again at once.
   */
  private async loadAll(): Promise<void> {
    const started = Date.now();
    const manager = this.dataSource.manager;
    const [{ version }] = await sqlRows<{ version: string }>(
      manager,
      `SELECT version::text AS "version" FROM report_rollup_version`,
    );
    // Range bounds: the case of every roundsPerRange-th round (the roll-ups' primary keys lead with it).
    const bounds = await sqlRows<{ id: string }>(
      manager,
      `SELECT id AS "id" FROM (SELECT application_id::text AS id, row_number() OVER (ORDER BY application_id) AS n
                                 FROM report_rounds) numbered
        WHERE n % $1 = 0 ORDER BY n`,
      [this.roundsPerRange],
    );
    const ranges = [null, ...bounds.map((bound) => bound.id)].map((after, i): [string, unknown[]] =>
      i < bounds.length
        ? [`($1::uuid IS NULL OR application_id > $1) AND application_id <= $2`, [after, bounds[i].id]]
        : [`($1::uuid IS NULL OR application_id > $1)`, [after]],
    );
    const columns = new RollupColumns();
    let next = 0;
    const fetchNext = () => {
      if (next >= ranges.length) return null;
      const [where, parameters] = ranges[next++];
      const cases = loadCases(manager, where, parameters);
      // Awaited in turn below; marked handled now so a failure while another is awaited is not "unhandled".
      cases.catch(() => undefined);
      return cases;
    };
    const inFlight = [fetchNext(), fetchNext()];
    for (let cases = inFlight.shift(); cases; cases = inFlight.shift()) {
      const loaded = await cases;
      inFlight.push(fetchNext());
      for (const [id, input] of loaded) columns.replaceCase(id, input);
    }
    this.snapshot = { columns, version };
    const size = columns.size;
    const { rss, arrayBuffers } = process.memoryUsage();
    this.log(
      `report roll-ups loaded into memory: ${size.cases} cases, ${size.rounds} rounds, ${size.marks} marks, ` +
        `${size.members} stage members as of version ${version} in ${Date.now() - started} ms ` +
        `(process: ${Math.round(rss / 1e6)} MB resident, ${Math.round(arrayBuffers / 1e6)} MB in typed arrays)`,
    );
  }
}

const EMPTY_CASE: CaseRollupInput = { rounds: [], marks: [], stageMembers: [] };

/** The roll-up rows of the cases `where` selects (on application_id), by case, each case's rows in key order. */
async function loadCases(
  manager: EntityManager,
  where: string,
  parameters: unknown[],
): Promise<Map<string, CaseRollupInput>> {
  // One after another: in a snapshot the three share its connection.
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
