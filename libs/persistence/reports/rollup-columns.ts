/**
 * The report roll-ups (report_rounds, report_marks, report_stage_members) held in memory as columns
 * of typed arrays, a case's rows side by side: about 150 bytes a round, so a province's million
 * tasks fit in a gateway's memory and a year of them is added up in a fraction of a second
 * (rollup-memory.ts) where the SQL statements take seconds. Kept in step with the tables by
 * ReportRollupMirror; a case refreshed there is replaced here as a whole, like the tables' rows.
 */

type ColumnType = Float64ArrayConstructor | Int32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor;
type Columns<S extends Record<string, ColumnType>> = { [K in keyof S]: InstanceType<S[K]> };

/** Rows of typed-array columns that grow as rows are added (capacity doubles). */
class ColumnTable<S extends Record<string, ColumnType>> {
  length = 0;
  columns: Columns<S>;
  private capacity: number;

  constructor(
    private readonly schema: S,
    capacity = 1024,
  ) {
    this.capacity = capacity;
    this.columns = this.allocate(capacity);
  }

  /** Appends an empty row and returns its index. */
  add(): number {
    if (this.length === this.capacity) {
      const grown = this.allocate(this.capacity * 2);
      for (const name of Object.keys(this.schema) as (keyof S)[]) {
        (grown[name] as Float64Array).set(this.columns[name]);
      }
      this.columns = grown;
      this.capacity *= 2;
    }
    return this.length++;
  }

  private allocate(capacity: number): Columns<S> {
    const columns = {} as Columns<S>;
    for (const [name, Type] of Object.entries(this.schema) as [keyof S, ColumnType][]) {
      columns[name] = new Type(capacity) as InstanceType<S[keyof S]>;
    }
    return columns;
  }
}

/** Round flags. */
export const DEEMED = 1;
export const BREACHED = 2;
export const REQUESTED_SUPPLEMENT = 4;
export const DEAD = 8;

/** The eight measured amounts of a round, in this order in `RollupColumns.measure`. */
export const MEASURES = [
  'queueMs',
  'queueWms',
  'handlingMs',
  'handlingWms',
  'pausedMs',
  'pausedWms',
  'applicantMs',
  'applicantWms',
] as const;
export type Measure = (typeof MEASURES)[number];
/** Each measure with the name of its bucket column. */
const MEASURE_BUCKETS = MEASURES.map((measure) => [measure, `${measure}Bucket`] as const);

/** Value buckets per power of two: the finer, the fewer amounts a percentile's bucket holds to sort. */
const BUCKETS_PER_OCTAVE = 8;
/** Value buckets: negative amounts, zero, under 1 ms, then BUCKETS_PER_OCTAVE per power of two (up to 2^48 ms). */
export const VALUE_BUCKETS = 3 + 48 * BUCKETS_PER_OCTAVE;
/** The bucket of exactly 0: most rounds were never paused, so a percentile often falls here; no sort needed. */
export const ZERO_BUCKET = 1;

/**
 * The bucket of an amount: monotone in the amount (a larger amount never has a smaller bucket), and
 * exact, as it compares with powers of two only. The report counts a group's amounts per bucket to
 * find the buckets its percentiles fall in, then sorts only those buckets' amounts.
 */
export function valueBucket(amount: number): number {
  if (amount < 0) return 0;
  if (amount === 0) return ZERO_BUCKET;
  if (!(amount >= 1)) return 2;
  let exponent = Math.floor(Math.log2(amount));
  // Math.log2 may be off by one near a power of two; these comparisons are exact.
  while (2 ** exponent > amount) exponent -= 1;
  while (2 ** (exponent + 1) <= amount) exponent += 1;
  const part = Math.floor((amount / 2 ** exponent - 1) * BUCKETS_PER_OCTAVE);
  return Math.min(VALUE_BUCKETS - 1, 3 + exponent * BUCKETS_PER_OCTAVE + part);
}

/** A round as the mirror reads it: instants in epoch ms, null where the column is null. */
export interface RoundInput {
  stepKey: string;
  round: number;
  serviceCode: string;
  departmentCode: string;
  createdAt: number;
  endedAt: number | null;
  decidedAt: number | null;
  outcome: string | null;
  deemed: boolean;
  breached: boolean;
  queueMs: number;
  queueWms: number;
  handlingMs: number;
  handlingWms: number;
  pausedMs: number;
  pausedWms: number;
  applicantUntil: number | null;
  applicantMs: number | null;
  applicantWms: number | null;
  /** Paused stretches as [from, to); `to` is Infinity while paused. */
  pauses: number[][];
  /** The due dates in force from each instant on, as [set at, due at], in the order they were set. */
  dues: (number | null)[][];
}

export interface MarkInput {
  stepKey: string;
  serviceCode: string;
  departmentCode: string;
  kind: string;
  at: number;
}

export interface StageMemberInput {
  departmentCode: string;
  serviceCode: string;
  finishedAt: number;
  isLast: boolean;
  addedMs: number;
  addedWms: number;
}

export interface CaseRollupInput {
  rounds: RoundInput[];
  marks: MarkInput[];
  stageMembers: StageMemberInput[];
}

export const MARK_KINDS = ['warning', 'yellow', 'red', 'urge', 'reassign'] as const;

/** Departments, department × service pairs and steps, each numbered once (they are never removed). */
export class RollupGroups {
  readonly departmentCodes: string[] = [];
  /** Per department × service: its department's number and its service code. */
  readonly pairDepartment: number[] = [];
  readonly pairService: string[] = [];
  /** Per step: its department × service pair's number and its key. */
  readonly stepPair: number[] = [];
  readonly stepKey: string[] = [];
  private readonly departments = new Map<string, number>();
  private readonly pairs = new Map<string, number>();
  private readonly steps = new Map<string, number>();

  department(code: string): number {
    let id = this.departments.get(code);
    if (id === undefined) {
      id = this.departmentCodes.push(code) - 1;
      this.departments.set(code, id);
    }
    return id;
  }

  pair(departmentCode: string, serviceCode: string): number {
    const name = `${departmentCode}\u0000${serviceCode}`;
    let id = this.pairs.get(name);
    if (id === undefined) {
      id = this.pairDepartment.push(this.department(departmentCode)) - 1;
      this.pairService.push(serviceCode);
      this.pairs.set(name, id);
    }
    return id;
  }

  step(departmentCode: string, serviceCode: string, stepKey: string): number {
    const name = `${departmentCode}\u0000${serviceCode}\u0000${stepKey}`;
    let id = this.steps.get(name);
    if (id === undefined) {
      id = this.stepPair.push(this.pair(departmentCode, serviceCode)) - 1;
      this.stepKey.push(stepKey);
      this.steps.set(name, id);
    }
    return id;
  }
}

const ROUND_COLUMNS = {
  step: Int32Array,
  app: Int32Array,
  round: Int32Array,
  flags: Uint8Array,
  createdAt: Float64Array,
  endedAt: Float64Array,
  decidedAt: Float64Array,
  applicantUntil: Float64Array,
  queueMs: Float64Array,
  queueWms: Float64Array,
  handlingMs: Float64Array,
  handlingWms: Float64Array,
  pausedMs: Float64Array,
  pausedWms: Float64Array,
  applicantMs: Float64Array,
  applicantWms: Float64Array,
  /** valueBucket of each measure (see MEASURES), for the percentiles. */
  queueMsBucket: Uint16Array,
  queueWmsBucket: Uint16Array,
  handlingMsBucket: Uint16Array,
  handlingWmsBucket: Uint16Array,
  pausedMsBucket: Uint16Array,
  pausedWmsBucket: Uint16Array,
  applicantMsBucket: Uint16Array,
  applicantWmsBucket: Uint16Array,
  /** Where the round's due dates (pairs: set at, due at) and then its pauses (from, to) start in `extra`. */
  extraStart: Int32Array,
  dueCount: Int32Array,
  pauseCount: Int32Array,
};
const MARK_COLUMNS = { step: Int32Array, kind: Uint8Array, at: Float64Array, dead: Uint8Array };
const MEMBER_COLUMNS = {
  pair: Int32Array,
  finishedAt: Float64Array,
  isLast: Uint8Array,
  addedMs: Float64Array,
  addedWms: Float64Array,
  addedMsBucket: Uint16Array,
  addedWmsBucket: Uint16Array,
  dead: Uint8Array,
};
const EXTRA_COLUMNS = { value: Float64Array };

/** Where a case's rows are: [start, end) in each table. */
interface CaseRows {
  app: number;
  rounds: [number, number];
  marks: [number, number];
  members: [number, number];
}

/** Null instants and amounts are NaN in the columns. */
const orNaN = (value: number | null) => (value === null ? Number.NaN : value);

export class RollupColumns {
  readonly groups: RollupGroups;
  readonly rounds = new ColumnTable(ROUND_COLUMNS, 4096);
  readonly marks = new ColumnTable(MARK_COLUMNS, 1024);
  readonly members = new ColumnTable(MEMBER_COLUMNS, 1024);
  readonly extra = new ColumnTable(EXTRA_COLUMNS, 8192);
  /** Application ids by number; a case's rows carry its number. */
  readonly applicationIds: string[] = [];
  private readonly cases = new Map<string, CaseRows>();
  private deadRows = 0;

  constructor(groups = new RollupGroups()) {
    this.groups = groups;
  }

  /** Rows in the tables, the replaced ones included (they are flagged dead until compacted). */
  get size(): { rounds: number; marks: number; members: number; dead: number; cases: number } {
    return {
      rounds: this.rounds.length,
      marks: this.marks.length,
      members: this.members.length,
      dead: this.deadRows,
      cases: this.cases.size,
    };
  }

  /** Replaces a case's rows (none: the case has no roll-ups any more). */
  replaceCase(applicationId: string, input: CaseRollupInput): void {
    this.removeCase(applicationId);
    if (input.rounds.length + input.marks.length + input.stageMembers.length === 0) return;
    const app = this.applicationIds.push(applicationId) - 1;
    const rows: CaseRows = {
      app,
      rounds: [this.rounds.length, this.rounds.length],
      marks: [this.marks.length, this.marks.length],
      members: [this.members.length, this.members.length],
    };
    for (const round of input.rounds) this.addRound(app, round);
    for (const mark of input.marks) this.addMark(mark);
    for (const member of input.stageMembers) this.addMember(member);
    rows.rounds[1] = this.rounds.length;
    rows.marks[1] = this.marks.length;
    rows.members[1] = this.members.length;
    this.cases.set(applicationId, rows);
  }

  /**
   * Rewrites the tables without the dead rows once they are a third of them, keeping each case's
   * rows side by side (the report counts a group's distinct cases by that).
   */
  compactIfSparse(minimumDead = 10_000): void {
    const total = this.rounds.length + this.marks.length + this.members.length;
    if (this.deadRows < minimumDead || this.deadRows * 3 < total) return;
    const compact = new RollupColumns(this.groups);
    for (const [applicationId, rows] of this.cases) compact.replaceCase(applicationId, this.caseInput(rows));
    Object.assign(this, {
      rounds: compact.rounds,
      marks: compact.marks,
      members: compact.members,
      extra: compact.extra,
      applicationIds: compact.applicationIds,
      cases: compact.cases,
      deadRows: 0,
    });
  }

  private removeCase(applicationId: string): void {
    const rows = this.cases.get(applicationId);
    if (!rows) return;
    for (let i = rows.rounds[0]; i < rows.rounds[1]; i++) this.rounds.columns.flags[i] |= DEAD;
    for (let i = rows.marks[0]; i < rows.marks[1]; i++) this.marks.columns.dead[i] = 1;
    for (let i = rows.members[0]; i < rows.members[1]; i++) this.members.columns.dead[i] = 1;
    this.deadRows +=
      rows.rounds[1] - rows.rounds[0] + rows.marks[1] - rows.marks[0] + rows.members[1] - rows.members[0];
    this.cases.delete(applicationId);
  }

  private addRound(app: number, round: RoundInput): void {
    const i = this.rounds.add();
    const c = this.rounds.columns;
    c.step[i] = this.groups.step(round.departmentCode, round.serviceCode, round.stepKey);
    c.app[i] = app;
    c.round[i] = round.round;
    c.flags[i] =
      (round.deemed ? DEEMED : 0) |
      (round.breached ? BREACHED : 0) |
      (round.outcome === 'request_supplement' ? REQUESTED_SUPPLEMENT : 0);
    c.createdAt[i] = round.createdAt;
    c.endedAt[i] = orNaN(round.endedAt);
    c.decidedAt[i] = orNaN(round.decidedAt);
    c.applicantUntil[i] = orNaN(round.applicantUntil);
    c.queueMs[i] = round.queueMs;
    c.queueWms[i] = round.queueWms;
    c.handlingMs[i] = round.handlingMs;
    c.handlingWms[i] = round.handlingWms;
    c.pausedMs[i] = round.pausedMs;
    c.pausedWms[i] = round.pausedWms;
    c.applicantMs[i] = orNaN(round.applicantMs);
    c.applicantWms[i] = orNaN(round.applicantWms);
    for (const [measure, bucket] of MEASURE_BUCKETS) c[bucket][i] = valueBucket(c[measure][i]);
    c.extraStart[i] = this.extra.length;
    c.dueCount[i] = round.dues.length;
    c.pauseCount[i] = round.pauses.length;
    for (const [setAt, dueAt] of round.dues) {
      this.extra.columns.value[this.extra.add()] = orNaN(setAt);
      this.extra.columns.value[this.extra.add()] = orNaN(dueAt);
    }
    for (const [from, to] of round.pauses) {
      this.extra.columns.value[this.extra.add()] = from;
      this.extra.columns.value[this.extra.add()] = to;
    }
  }

  private addMark(mark: MarkInput): void {
    const i = this.marks.add();
    const kind = MARK_KINDS.indexOf(mark.kind as (typeof MARK_KINDS)[number]);
    if (kind < 0) throw new RangeError(`unknown supervision mark kind ${mark.kind}`);
    this.marks.columns.step[i] = this.groups.step(mark.departmentCode, mark.serviceCode, mark.stepKey);
    this.marks.columns.kind[i] = kind;
    this.marks.columns.at[i] = mark.at;
  }

  private addMember(member: StageMemberInput): void {
    const i = this.members.add();
    const c = this.members.columns;
    c.pair[i] = this.groups.pair(member.departmentCode, member.serviceCode);
    c.finishedAt[i] = member.finishedAt;
    c.isLast[i] = member.isLast ? 1 : 0;
    c.addedMs[i] = member.addedMs;
    c.addedWms[i] = member.addedWms;
    c.addedMsBucket[i] = valueBucket(member.addedMs);
    c.addedWmsBucket[i] = valueBucket(member.addedWms);
  }

  /** A case's rows read back as input (for compaction). */
  private caseInput(rows: CaseRows): CaseRollupInput {
    const g = this.groups;
    const stepOf = (step: number) => {
      const pair = g.stepPair[step];
      return {
        stepKey: g.stepKey[step],
        serviceCode: g.pairService[pair],
        departmentCode: g.departmentCodes[g.pairDepartment[pair]],
      };
    };
    const nullable = (value: number) => (Number.isNaN(value) ? null : value);
    const rounds: RoundInput[] = [];
    const r = this.rounds.columns;
    const extra = this.extra.columns.value;
    for (let i = rows.rounds[0]; i < rows.rounds[1]; i++) {
      const start = r.extraStart[i];
      const dues = Array.from({ length: r.dueCount[i] }, (_, n) => n);
      const pauses = Array.from({ length: r.pauseCount[i] }, (_, n) => start + 2 * r.dueCount[i] + 2 * n);
      rounds.push({
        ...stepOf(r.step[i]),
        round: r.round[i],
        createdAt: r.createdAt[i],
        endedAt: nullable(r.endedAt[i]),
        decidedAt: nullable(r.decidedAt[i]),
        outcome: r.flags[i] & REQUESTED_SUPPLEMENT ? 'request_supplement' : null,
        deemed: (r.flags[i] & DEEMED) !== 0,
        breached: (r.flags[i] & BREACHED) !== 0,
        queueMs: r.queueMs[i],
        queueWms: r.queueWms[i],
        handlingMs: r.handlingMs[i],
        handlingWms: r.handlingWms[i],
        pausedMs: r.pausedMs[i],
        pausedWms: r.pausedWms[i],
        applicantUntil: nullable(r.applicantUntil[i]),
        applicantMs: nullable(r.applicantMs[i]),
        applicantWms: nullable(r.applicantWms[i]),
        dues: dues.map((n) => [extra[start + 2 * n], nullable(extra[start + 2 * n + 1])]),
        pauses: pauses.map((at) => [extra[at], extra[at + 1]]),
      });
    }
    const marks: MarkInput[] = [];
    for (let i = rows.marks[0]; i < rows.marks[1]; i++) {
      marks.push({
        ...stepOf(this.marks.columns.step[i]),
        kind: MARK_KINDS[this.marks.columns.kind[i]],
        at: this.marks.columns.at[i],
      });
    }
    const stageMembers: StageMemberInput[] = [];
    const m = this.members.columns;
    for (let i = rows.members[0]; i < rows.members[1]; i++) {
      stageMembers.push({
        departmentCode: g.departmentCodes[g.pairDepartment[m.pair[i]]],
        serviceCode: g.pairService[m.pair[i]],
        finishedAt: m.finishedAt[i],
        isLast: m.isLast[i] === 1,
        addedMs: m.addedMs[i],
        addedWms: m.addedWms[i],
      });
    }
    return { rounds, marks, stageMembers };
  }
}
