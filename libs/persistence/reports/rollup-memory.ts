import type { WorkingClock } from '../../domain';
import {
  BREACHED,
  DEAD,
  DEEMED,
  MEASURES,
  REQUESTED_SUPPLEMENT,
  VALUE_BUCKETS,
  valueBucket,
  type RollupColumns,
} from './rollup-columns';
import type { ArrivalRow, DecidedRow, Frame, FrameRows, GroupKey, MarkRow, OpenRow, StageRow } from './rollup-rows';

/**
 * The roll-up figures of a frame computed from the in-memory columns (rollup-columns.ts): the same
 * rows, one for one, as the SQL statements of report-rollups.sql.ts give, so the two can be compared
 * exactly (test/integration/report-rollups.test.ts) and assembled by the same code (rollup-rows.ts).
 *
 * Percentiles are exact, with `percentile_cont`'s interpolation: a group's amounts are counted per
 * value bucket, which tells the bucket each needed rank falls in; only those buckets' amounts are
 * collected and sorted. Coarser groups' counts are the sums of their steps' counts.
 */

/** A level of grouping: each step's group at this level, and how to name a group. */
interface Level {
  size: number;
  ofStep: Int32Array;
  /** Each department × service pair's group (stage members name a pair, not a step); steps have none. */
  ofPair: Int32Array;
  key(group: number): Omit<GroupKey, 'bucket'>;
}

function levelsOf(store: RollupColumns, which: 'departments' | 'pairs' | 'steps'): Level {
  const g = store.groups;
  const steps = g.stepPair.length;
  const ofStep = new Int32Array(steps);
  const departmentOfPair = (pair: number) => g.pairDepartment[pair];
  for (let step = 0; step < steps; step++) {
    const pair = g.stepPair[step];
    ofStep[step] = which === 'steps' ? step : which === 'pairs' ? pair : departmentOfPair(pair);
  }
  const ofPair = Int32Array.from(g.pairDepartment, (department, pair) =>
    which === 'departments' ? department : which === 'pairs' ? pair : -1,
  );
  switch (which) {
    case 'departments':
      return {
        size: g.departmentCodes.length,
        ofStep,
        ofPair,
        key: (group) => ({ departmentCode: g.departmentCodes[group], serviceCode: null, stepKey: null }),
      };
    case 'pairs':
      return {
        size: g.pairService.length,
        ofStep,
        ofPair,
        key: (group) => ({
          departmentCode: g.departmentCodes[departmentOfPair(group)],
          serviceCode: g.pairService[group],
          stepKey: null,
        }),
      };
    case 'steps':
      return {
        size: steps,
        ofStep,
        ofPair,
        key: (group) => {
          const pair = g.stepPair[group];
          return {
            departmentCode: g.departmentCodes[departmentOfPair(pair)],
            serviceCode: g.pairService[pair],
            stepKey: g.stepKey[group],
          };
        },
      };
  }
}

/** The window (0-based) of an instant known to be in [bounds[0], bounds[last]): as width_bucket, minus one. */
function windowFinder(bounds: Float64Array): (at: number) => number {
  const windows = bounds.length - 1;
  if (windows === 1) return () => 0;
  return (at) => {
    // The number of bounds at or before `at`, minus one (equal bounds make an empty window).
    let low = 0;
    let high = bounds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (bounds[middle] <= at) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  };
}

/** `percentile_cont(fraction)` of n sorted values read through `at(rank)`. */
function interpolate(fraction: number, n: number, at: (rank: number) => number): number {
  const position = fraction * (n - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = at(lower);
  return lower === upper ? low : low + (position - lower) * (at(upper) - low);
}

const FRACTIONS = [0.5, 0.9] as const;

/**
 * Exact percentiles (0.5 and 0.9) of the amounts of every cell at several levels at once: `cells[l][k]`
 * is item k's cell at level l (level 0 the finest), `finestToCell[l]` maps a finest cell to its cell
 * at level l. Items with a NaN amount are left out (SQL NULL).
 */
function cellPercentiles(
  values: Float64Array,
  buckets: Uint8Array,
  cells: Int32Array[],
  sizes: number[],
  finestToCell: Int32Array[],
): { counts: Int32Array[]; sums: Float64Array[]; percentiles: (Float64Array | null)[][] } {
  const n = values.length;
  const B = VALUE_BUCKETS;
  const levels = cells.length;
  // Counts per cell and bucket: the finest level from the items, the others by adding its cells up.
  const histograms = sizes.map((size) => new Int32Array(size * B));
  const sums = sizes.map((size) => new Float64Array(size));
  const finest = cells[0];
  for (let k = 0; k < n; k++) {
    const value = values[k];
    if (value !== value) continue;
    histograms[0][finest[k] * B + buckets[k]]++;
    for (let l = 0; l < levels; l++) sums[l][cells[l][k]] += value;
  }
  for (let l = 1; l < levels; l++) {
    const to = histograms[l];
    const from = histograms[0];
    for (let cell = 0; cell < sizes[0]; cell++) {
      const target = finestToCell[l][cell] * B;
      const source = cell * B;
      for (let b = 0; b < B; b++) to[target + b] += from[source + b];
    }
  }
  // Each cell's needed ranks (lower and upper of each fraction), the bucket each falls in, and the
  // lists the values of those buckets are collected in.
  const counts = histograms.map((histogram, l) => {
    const count = new Int32Array(sizes[l]);
    for (let cell = 0; cell < sizes[l]; cell++) {
      let total = 0;
      for (let b = 0; b < B; b++) total += histogram[cell * B + b];
      count[cell] = total;
    }
    return count;
  });
  const lists: number[][] = [];
  const slots = sizes.map((size) => new Int32Array(size * B));
  /** Per level and cell: for each needed rank, its list and its place in that list (4 ranks). */
  const wanted = sizes.map((size) => new Int32Array(size * 8));
  for (let l = 0; l < levels; l++) {
    const histogram = histograms[l];
    for (let cell = 0; cell < sizes[l]; cell++) {
      const count = counts[l][cell];
      if (count === 0) continue;
      const ranks = FRACTIONS.flatMap((f) => [Math.floor(f * (count - 1)), Math.ceil(f * (count - 1))]);
      ranks.forEach((rank, r) => {
        // From the start each time: the ranks are not in order (p50's upper one may pass p90's lower one).
        let before = 0;
        let b = 0;
        while (before + histogram[cell * B + b] <= rank) before += histogram[cell * B + b++];
        let slot = slots[l][cell * B + b];
        if (slot === 0) slot = slots[l][cell * B + b] = lists.push([]);
        wanted[l][cell * 8 + 2 * r] = slot - 1;
        wanted[l][cell * 8 + 2 * r + 1] = rank - before;
      });
    }
  }
  for (let k = 0; k < n; k++) {
    const value = values[k];
    if (value !== value) continue;
    const bucket = buckets[k];
    for (let l = 0; l < levels; l++) {
      const slot = slots[l][cells[l][k] * B + bucket];
      if (slot !== 0) lists[slot - 1].push(value);
    }
  }
  for (const list of lists) list.sort((a, b) => a - b);
  const percentiles = sizes.map((size, l) =>
    FRACTIONS.map((fraction, f) => {
      const result = new Float64Array(size).fill(Number.NaN);
      for (let cell = 0; cell < size; cell++) {
        const count = counts[l][cell];
        if (count === 0) continue;
        const w = wanted[l];
        const at = (rank: number) => {
          const r = rank === Math.floor(fraction * (count - 1)) ? 2 * f : 2 * f + 1;
          return lists[w[cell * 8 + 2 * r]][w[cell * 8 + 2 * r + 1]];
        };
        result[cell] = interpolate(fraction, count, at);
      }
      return result;
    }),
  );
  return { counts, sums, percentiles };
}

/** The rows of a frame, from the columns as they are. */
export function memoryFrameRows(store: RollupColumns, frame: Frame, clock: WorkingClock): FrameRows {
  const bounds = Float64Array.from(frame.bounds, (bound) => bound.getTime());
  const windows = bounds.length - 1;
  const from = bounds[0];
  const to = bounds[windows];
  const windowOf = windowFinder(bounds);
  const g = store.groups;

  const stepLevels = (
    frame.levels === 'all' ? (['steps', 'pairs', 'departments'] as const) : (['departments'] as const)
  ).map((which) => levelsOf(store, which));
  const stageLevels = (frame.levels === 'all' ? (['pairs', 'departments'] as const) : (['departments'] as const)).map(
    (which) => levelsOf(store, which),
  );
  const pairInScope = new Uint8Array(g.pairService.length);
  for (let pair = 0; pair < pairInScope.length; pair++) {
    pairInScope[pair] =
      (frame.serviceCode === undefined || g.pairService[pair] === frame.serviceCode) &&
      (frame.departmentCode === undefined || g.departmentCodes[g.pairDepartment[pair]] === frame.departmentCode)
        ? 1
        : 0;
  }
  const stepInScope = Uint8Array.from(g.stepPair, (pair) => pairInScope[pair]);
  const cellSizes = (levels: Level[]) => levels.map((level) => level.size * windows);
  const rowKey = (level: Level, cell: number): GroupKey => ({
    bucket: Math.floor(cell / level.size) + 1,
    ...level.key(cell % level.size),
  });

  return {
    decided: decidedRows(store, stepLevels, { from, to, bounds, windowOf, stepInScope, cellSizes, rowKey }, clock),
    arrived: arrivedRows(store, stepLevels, { from, to, windowOf, stepInScope, cellSizes, rowKey }),
    open: openRows(store, stepLevels, { bounds, stepInScope, cellSizes, rowKey }),
    marked: markRows(store, stepLevels, { from, to, windowOf, stepInScope, cellSizes, rowKey }),
    staged: stageRows(store, stageLevels, { from, to, windowOf, pairInScope, cellSizes, rowKey }),
  };
}

interface Scope {
  from: number;
  to: number;
  windowOf: (at: number) => number;
  stepInScope: Uint8Array;
  cellSizes: (levels: Level[]) => number[];
  rowKey: (level: Level, cell: number) => GroupKey;
}

/** Cells of each level for a step in a window. */
const cellAt = (level: Level, window: number, step: number) => window * level.size + level.ofStep[step];

function decidedRows(
  store: RollupColumns,
  levels: Level[],
  scope: Scope & { bounds: Float64Array },
  clock: WorkingClock,
): DecidedRow[] {
  const c = store.rounds.columns;
  const selected: number[] = [];
  const windowOfSelected: number[] = [];
  for (let i = 0; i < store.rounds.length; i++) {
    const decidedAt = c.decidedAt[i];
    if (!(decidedAt >= scope.from && decidedAt < scope.to) || c.flags[i] & DEAD) continue;
    if (scope.stepInScope[c.step[i]] === 0) continue;
    selected.push(i);
    windowOfSelected.push(scope.windowOf(decidedAt));
  }
  const sizes = scope.cellSizes(levels);
  const cells = levels.map((level) =>
    Int32Array.from(selected, (i, k) => cellAt(level, windowOfSelected[k], c.step[i])),
  );
  const finestToCell = levels.map((level) => {
    const map = new Int32Array(sizes[0]);
    for (let cell = 0; cell < sizes[0]; cell++) {
      const window = Math.floor(cell / levels[0].size);
      map[cell] = window * level.size + level.ofStep[cell % levels[0].size];
    }
    return map;
  });

  const throughput = sizes.map((size) => new Int32Array(size));
  const breaches = sizes.map((size) => new Int32Array(size));
  const deemed = sizes.map((size) => new Int32Array(size));
  const supplements = sizes.map((size) => new Int32Array(size));
  const cases = sizes.map((size) => new Int32Array(size));
  // A case's rows are side by side in the columns, so a cell's distinct cases are its changes of case.
  const lastCase = sizes.map((size) => new Int32Array(size).fill(-1));
  selected.forEach((i, k) => {
    const flags = c.flags[i];
    for (let l = 0; l < levels.length; l++) {
      const cell = cells[l][k];
      throughput[l][cell]++;
      if (flags & BREACHED) breaches[l][cell]++;
      if (flags & DEEMED) deemed[l][cell]++;
      if (flags & REQUESTED_SUPPLEMENT) supplements[l][cell]++;
      if (lastCase[l][cell] !== c.app[i]) {
        lastCase[l][cell] = c.app[i];
        cases[l][cell]++;
      }
    }
  });

  // Amounts of the selected rounds. A supplement wait still on at its window's end counts up to that end.
  const figures = MEASURES.map((measure) => {
    const values = Float64Array.from(selected, (i) => c[measure][i]);
    const buckets = Uint8Array.from(selected, (i) => c[`${measure}Bucket`][i]);
    return { measure, values, buckets };
  });
  const [applicantMs, applicantWms] = [figures[6], figures[7]];
  selected.forEach((i, k) => {
    if (!(c.flags[i] & REQUESTED_SUPPLEMENT)) return;
    const end = scope.bounds[windowOfSelected[k] + 1];
    const until = c.applicantUntil[i];
    if (!(until !== until || until > end)) return;
    const decidedAt = c.decidedAt[i];
    applicantMs.values[k] = end - decidedAt;
    applicantWms.values[k] = clock.workingTimeBetween(new Date(decidedAt), new Date(end));
    applicantMs.buckets[k] = valueBucket(applicantMs.values[k]);
    applicantWms.buckets[k] = valueBucket(applicantWms.values[k]);
  });
  const perMeasure = figures.map(({ values, buckets }) => cellPercentiles(values, buckets, cells, sizes, finestToCell));

  const rows: DecidedRow[] = [];
  levels.forEach((level, l) => {
    for (let cell = 0; cell < sizes[l]; cell++) {
      if (throughput[l][cell] === 0) continue;
      const row: Record<string, unknown> = {
        ...scope.rowKey(level, cell),
        throughput: throughput[l][cell],
        breaches: breaches[l][cell],
        deemed: deemed[l][cell],
        supplementRequests: supplements[l][cell],
        cases: cases[l][cell],
      };
      MEASURES.forEach((measure, m) => {
        const { counts, sums, percentiles } = perMeasure[m];
        const kind = measure.replace(/(Wms|Ms)$/, '');
        const unit = measure.endsWith('Wms') ? 'Wms' : 'Ms';
        const none = counts[l][cell] === 0;
        row[`${kind}${unit}`] = none ? null : [percentiles[l][0]![cell], percentiles[l][1]![cell]];
        row[`${kind}Total${unit}`] = none ? null : sums[l][cell];
      });
      rows.push(row as DecidedRow);
    }
  });
  return rows;
}

/** Counts per cell at every level of the items that `each` reports (step and window). */
function countRows<T extends object>(
  levels: Level[],
  scope: Scope,
  each: (count: (step: number, window: number, field: number) => void) => void,
  fields: number,
  row: (counts: (field: number) => number) => T,
): (GroupKey & T)[] {
  const sizes = scope.cellSizes(levels);
  const counts = sizes.map((size) => new Int32Array(size * fields));
  const any = sizes.map((size) => new Uint8Array(size));
  each((step, window, field) => {
    levels.forEach((level, l) => {
      const cell = cellAt(level, window, step);
      counts[l][cell * fields + field]++;
      any[l][cell] = 1;
    });
  });
  const rows: (GroupKey & T)[] = [];
  levels.forEach((level, l) => {
    for (let cell = 0; cell < sizes[l]; cell++) {
      if (any[l][cell] === 0) continue;
      rows.push({ ...scope.rowKey(level, cell), ...row((field) => counts[l][cell * fields + field]) });
    }
  });
  return rows;
}

function arrivedRows(store: RollupColumns, levels: Level[], scope: Scope): ArrivalRow[] {
  const c = store.rounds.columns;
  return countRows(
    levels,
    scope,
    (count) => {
      for (let i = 0; i < store.rounds.length; i++) {
        const createdAt = c.createdAt[i];
        if (!(createdAt >= scope.from && createdAt < scope.to) || c.flags[i] & DEAD) continue;
        if (scope.stepInScope[c.step[i]] === 1) count(c.step[i], scope.windowOf(createdAt), 0);
      }
    },
    1,
    (counts) => ({ arrivals: counts(0) }),
  );
}

function markRows(store: RollupColumns, levels: Level[], scope: Scope): MarkRow[] {
  const c = store.marks.columns;
  return countRows(
    levels,
    scope,
    (count) => {
      for (let i = 0; i < store.marks.length; i++) {
        const at = c.at[i];
        if (!(at >= scope.from && at < scope.to) || c.dead[i] === 1) continue;
        if (scope.stepInScope[c.step[i]] === 1) count(c.step[i], scope.windowOf(at), c.kind[i]);
      }
    },
    5,
    // In MARK_KINDS order: warning, yellow, red, urge, reassign.
    (counts) => ({
      warnings: counts(0),
      yellowCards: counts(1),
      redCards: counts(2),
      urges: counts(3),
      reassignments: counts(4),
    }),
  );
}

/**
 * The state at each window's end: rounds open then (created at or before it, not ended by it), and
 * of those the overdue ones: clock running (not paused) and the due date in force then passed.
 */
function openRows(
  store: RollupColumns,
  levels: Level[],
  scope: Pick<Scope, 'stepInScope' | 'cellSizes' | 'rowKey'> & { bounds: Float64Array },
): OpenRow[] {
  const c = store.rounds.columns;
  const extra = store.extra.columns.value;
  const ends = scope.bounds.subarray(1);
  const sizes = scope.cellSizes(levels);
  const wip = sizes.map((size) => new Int32Array(size));
  const overdue = sizes.map((size) => new Int32Array(size));
  const oldest = sizes.map((size) => new Int32Array(size).fill(-1));
  const oldestDue = sizes.map((size) => new Float64Array(size));
  /** The order of the oldest overdue task: due date, then application id, step key and round. */
  const before = (i: number, due: number, j: number, dueOfJ: number) => {
    if (due !== dueOfJ) return due < dueOfJ;
    const a = store.applicationIds[c.app[i]];
    const b = store.applicationIds[c.app[j]];
    if (a !== b) return a < b;
    const stepI = store.groups.stepKey[c.step[i]];
    const stepJ = store.groups.stepKey[c.step[j]];
    if (stepI !== stepJ) return stepI < stepJ;
    return c.round[i] < c.round[j];
  };
  for (let i = 0; i < store.rounds.length; i++) {
    if (c.flags[i] & DEAD || scope.stepInScope[c.step[i]] === 0) continue;
    const createdAt = c.createdAt[i];
    const endedAt = c.endedAt[i] === c.endedAt[i] ? c.endedAt[i] : Number.POSITIVE_INFINITY;
    // The first window's end at or after the round's creation.
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ends[middle] < createdAt) low = middle + 1;
      else high = middle;
    }
    for (let w = low; w < ends.length && ends[w] < endedAt; w++) {
      const at = ends[w];
      const start = c.extraStart[i];
      let due = Number.NaN;
      for (let n = c.dueCount[i] - 1; n >= 0; n--) {
        if (extra[start + 2 * n] <= at) {
          due = extra[start + 2 * n + 1];
          break;
        }
      }
      let paused = false;
      const pauses = start + 2 * c.dueCount[i];
      for (let n = 0; n < c.pauseCount[i] && !paused; n++) {
        paused = extra[pauses + 2 * n] <= at && at < extra[pauses + 2 * n + 1];
      }
      const isOverdue = !paused && due < at;
      levels.forEach((level, l) => {
        const cell = cellAt(level, w, c.step[i]);
        wip[l][cell]++;
        if (!isOverdue) return;
        overdue[l][cell]++;
        const j = oldest[l][cell];
        if (j < 0 || before(i, due, j, oldestDue[l][cell])) {
          oldest[l][cell] = i;
          oldestDue[l][cell] = due;
        }
      });
    }
  }
  const rows: OpenRow[] = [];
  levels.forEach((level, l) => {
    for (let cell = 0; cell < sizes[l]; cell++) {
      if (wip[l][cell] === 0) continue;
      const j = oldest[l][cell];
      rows.push({
        ...scope.rowKey(level, cell),
        wip: wip[l][cell],
        overdueOpen: overdue[l][cell],
        oldest:
          j < 0
            ? null
            : {
                applicationId: store.applicationIds[c.app[j]],
                stepKey: store.groups.stepKey[c.step[j]],
                round: c.round[j],
                dueAt: new Date(oldestDue[l][cell]).toISOString(),
              },
      });
    }
  });
  return rows;
}

/** Parallel stages finished in the window, per department (and department × service): no step rows. */
function stageRows(
  store: RollupColumns,
  levels: Level[],
  scope: Omit<Scope, 'stepInScope'> & { pairInScope: Uint8Array },
): StageRow[] {
  const c = store.members.columns;
  const sizes = scope.cellSizes(levels);
  const stages = sizes.map((size) => new Int32Array(size));
  const last = sizes.map((size) => new Int32Array(size));
  const totalMs = sizes.map((size) => new Float64Array(size));
  const totalWms = sizes.map((size) => new Float64Array(size));
  const addedMs = sizes.map((size) => Array.from({ length: size }, (): number[] => []));
  const addedWms = sizes.map((size) => Array.from({ length: size }, (): number[] => []));
  for (let i = 0; i < store.members.length; i++) {
    const at = c.finishedAt[i];
    if (!(at >= scope.from && at < scope.to) || c.dead[i] === 1 || scope.pairInScope[c.pair[i]] === 0) continue;
    const window = scope.windowOf(at);
    levels.forEach((level, l) => {
      const cell = window * level.size + level.ofPair[c.pair[i]];
      stages[l][cell]++;
      if (c.isLast[i] === 0) return;
      last[l][cell]++;
      totalMs[l][cell] += c.addedMs[i];
      totalWms[l][cell] += c.addedWms[i];
      addedMs[l][cell].push(c.addedMs[i]);
      addedWms[l][cell].push(c.addedWms[i]);
    });
  }
  const median = (values: number[]) => {
    if (values.length === 0) return null;
    const sorted = values.sort((a, b) => a - b);
    return interpolate(0.5, sorted.length, (rank) => sorted[rank]);
  };
  const rows: StageRow[] = [];
  levels.forEach((level, l) => {
    for (let cell = 0; cell < sizes[l]; cell++) {
      if (stages[l][cell] === 0) continue;
      rows.push({
        ...scope.rowKey(level, cell),
        stages: stages[l][cell],
        timesLast: last[l][cell],
        totalMs: totalMs[l][cell],
        totalWms: totalWms[l][cell],
        medianMs: median(addedMs[l][cell]),
        medianWms: median(addedWms[l][cell]),
      });
    }
  });
  return rows;
}
