import type { WorkingClock } from '../../domain';
import {
  BREACHED,
  DEAD,
  DEEMED,
  MARK_KINDS,
  MEASURES,
  REQUESTED_SUPPLEMENT,
  VALUE_BUCKETS,
  valueBucket,
  ZERO_BUCKET,
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
/** The four ranks a cell needs (0: p50 lower, 1: p50 upper, 2: p90 lower, 3: p90 upper) in increasing order. */
const RANK_ORDER = [0, 1, 2, 3];
const SMALL_RANK_ORDER = [0, 2, 1, 3];

/**
 * Cells: a level's group in a window of the frame (cell = window × groups + group). Items are placed
 * in the finest level's cells (steps; department × service pairs for stages; departments for the
 * trend); `toLevel[l]` maps a finest cell to its cell at level l (level 0 the finest itself), so
 * coarser counts are sums of finer ones.
 */
interface Grid {
  levels: Level[];
  sizes: number[];
  toLevel: Int32Array[];
  /** The finest cell of a step's (or a pair's) item in a window. */
  finestOf: (group: number, window: number) => number;
}

function grid(levels: Level[], windows: number, by: 'ofStep' | 'ofPair'): Grid {
  const finest = levels[0];
  const toLevel = levels.map((level) => {
    // Finest group → this level's group, through the steps (or pairs) that name both.
    const groupOf = new Int32Array(finest.size);
    level[by].forEach((group, item) => {
      if (finest[by][item] >= 0) groupOf[finest[by][item]] = group;
    });
    const map = new Int32Array(finest.size * windows);
    for (let cell = 0; cell < map.length; cell++) {
      map[cell] = Math.floor(cell / finest.size) * level.size + groupOf[cell % finest.size];
    }
    return map;
  });
  const finestGroups = finest[by];
  return {
    levels,
    sizes: levels.map((level) => level.size * windows),
    toLevel,
    finestOf: (group, window) => window * finest.size + finestGroups[group],
  };
}

/** 0, 1, … n − 1: the index of items that are their own copy (see cellPercentiles). */
function identityIndex(n: number): Int32Array {
  const index = new Int32Array(n);
  for (let k = 0; k < n; k++) index[k] = k;
  return index;
}

/** Adds each finest cell's figure into its cell at every level. */
function rollUp<T extends Int32Array | Float64Array>(finest: T, cells: Grid, make: (size: number) => T): T[] {
  return cells.sizes.map((size, l) => {
    if (l === 0) return finest;
    const [total, map] = [make(size), cells.toLevel[l]];
    for (let cell = 0; cell < finest.length; cell++) total[map[cell]] += finest[cell];
    return total;
  });
}

/** One row per cell (at every level) for which `listed` holds. */
function gridRows<T>(
  cells: Grid,
  scope: Scope,
  listed: (l: number, cell: number) => boolean,
  figures: (l: number, cell: number) => T,
) {
  const rows: (GroupKey & T)[] = [];
  cells.levels.forEach((level, l) => {
    for (let cell = 0; cell < cells.sizes[l]; cell++) {
      if (listed(l, cell)) rows.push({ ...scope.rowKey(level, cell), ...figures(l, cell) });
    }
  });
  return rows;
}

/**
 * Exact percentiles (0.5 and 0.9), counts and sums of one amount in every cell at every level:
 * item k's amount is `values[index[k]]` (its bucket `buckets[index[k]]`: the columns themselves,
 * not a copy) and its finest cell `finest[k]`. Items with a NaN amount are left out (SQL NULL).
 */
function cellPercentiles(
  values: Float64Array,
  buckets: Uint16Array,
  index: Int32Array,
  finest: Int32Array,
  grid: Grid,
): { counts: Int32Array[]; sums: Float64Array[]; percentiles: Float64Array[][] } {
  const n = finest.length;
  const B = VALUE_BUCKETS;
  const { sizes, toLevel } = grid;
  const levels = sizes.length;
  // Counts per cell and bucket (and sums per cell): the finest level from the items, the others by adding up.
  const finestCount = new Int32Array(sizes[0]);
  const finestSum = new Float64Array(sizes[0]);
  const histograms = [new Int32Array(sizes[0] * B)];
  for (let k = 0; k < n; k++) {
    const value = values[index[k]];
    if (value !== value) continue;
    const cell = finest[k];
    finestCount[cell]++;
    finestSum[cell] += value;
    histograms[0][cell * B + buckets[index[k]]]++;
  }
  const counts = rollUp(finestCount, grid, (size) => new Int32Array(size));
  const sums = rollUp(finestSum, grid, (size) => new Float64Array(size));
  for (let l = 1; l < levels; l++) {
    const [to, from, map] = [new Int32Array(sizes[l] * B), histograms[0], toLevel[l]];
    for (let cell = 0; cell < sizes[0]; cell++) {
      if (finestCount[cell] === 0) continue;
      const [target, source] = [map[cell] * B, cell * B];
      for (let b = 0; b < B; b++) to[target + b] += from[source + b];
    }
    histograms.push(to);
  }
  // Each cell's needed ranks (lower and upper of each fraction), the bucket each falls in, and the
  // list (sized by the bucket's count) its values are collected in.
  const lists: Float64Array[] = [];
  const slots = sizes.map((size) => new Int32Array(size * B));
  /** Per level and cell: for each needed rank, its list and its place in that list (4 ranks). */
  const wanted = sizes.map((size) => new Int32Array(size * 8));
  for (let l = 0; l < levels; l++) {
    const [histogram, slot, want] = [histograms[l], slots[l], wanted[l]];
    for (let cell = 0; cell < sizes[l]; cell++) {
      const count = counts[l][cell];
      if (count === 0) continue;
      let before = 0;
      let b = 0;
      // In order of rank: p50's upper rank may pass p90's lower one when there are few amounts.
      for (const r of count > 2 ? RANK_ORDER : SMALL_RANK_ORDER) {
        const position = FRACTIONS[r >> 1] * (count - 1);
        const rank = r & 1 ? Math.ceil(position) : Math.floor(position);
        while (before + histogram[cell * B + b] <= rank) before += histogram[cell * B + b++];
        if (b === ZERO_BUCKET) {
          // Every amount in it is 0: the rank's amount is known without collecting them.
          want[cell * 8 + 2 * r] = -1;
          continue;
        }
        if (slot[cell * B + b] === 0) slot[cell * B + b] = lists.push(new Float64Array(histogram[cell * B + b]));
        want[cell * 8 + 2 * r] = slot[cell * B + b] - 1;
        want[cell * 8 + 2 * r + 1] = rank - before;
      }
    }
  }
  const filled = new Int32Array(lists.length);
  for (let k = 0; k < n; k++) {
    const value = values[index[k]];
    if (value !== value) continue;
    const [cell, bucket] = [finest[k], buckets[index[k]]];
    for (let l = 0; l < levels; l++) {
      const list = slots[l][(l === 0 ? cell : toLevel[l][cell]) * B + bucket];
      if (list !== 0) lists[list - 1][filled[list - 1]++] = value;
    }
  }
  // Typed arrays sort numerically, natively.
  for (const list of lists) list.sort();
  const percentiles = sizes.map((size, l) =>
    FRACTIONS.map((fraction, f) => {
      const result = new Float64Array(size).fill(Number.NaN);
      const want = wanted[l];
      for (let cell = 0; cell < size; cell++) {
        const count = counts[l][cell];
        if (count === 0) continue;
        const at = (rank: number) => {
          const r = rank === Math.floor(fraction * (count - 1)) ? 2 * f : 2 * f + 1;
          const list = want[cell * 8 + 2 * r];
          return list < 0 ? 0 : lists[list][want[cell * 8 + 2 * r + 1]];
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
  const g = store.groups;
  const levels = (which: readonly ('departments' | 'pairs' | 'steps')[]) => which.map((w) => levelsOf(store, w));
  const byStep = grid(
    levels(frame.levels === 'all' ? ['steps', 'pairs', 'departments'] : ['departments']),
    windows,
    'ofStep',
  );
  const byPair = grid(levels(frame.levels === 'all' ? ['pairs', 'departments'] : ['departments']), windows, 'ofPair');
  const pairInScope = new Uint8Array(g.pairService.length);
  for (let pair = 0; pair < pairInScope.length; pair++) {
    pairInScope[pair] =
      (frame.serviceCode === undefined || g.pairService[pair] === frame.serviceCode) &&
      (frame.departmentCode === undefined || g.departmentCodes[g.pairDepartment[pair]] === frame.departmentCode)
        ? 1
        : 0;
  }
  const scope: Scope = {
    bounds,
    from: bounds[0],
    to: bounds[windows],
    windowOf: windowFinder(bounds),
    pairInScope,
    stepInScope: Uint8Array.from(g.stepPair, (pair) => pairInScope[pair]),
    rowKey: (level, cell) => ({ bucket: Math.floor(cell / level.size) + 1, ...level.key(cell % level.size) }),
  };
  return {
    decided: decidedRows(store, byStep, scope, clock),
    arrived: arrivedRows(store, byStep, scope),
    open: openRows(store, byStep, scope),
    marked: markRows(store, byStep, scope),
    staged: stageRows(store, byPair, scope),
  };
}

interface Scope {
  bounds: Float64Array;
  from: number;
  to: number;
  /** The window (0-based) of an instant in [from, to). */
  windowOf: (at: number) => number;
  stepInScope: Uint8Array;
  pairInScope: Uint8Array;
  rowKey: (level: Level, cell: number) => GroupKey;
}

function decidedRows(store: RollupColumns, cells: Grid, scope: Scope, clock: WorkingClock): DecidedRow[] {
  const c = store.rounds.columns;
  const { decidedAt, flags, step, app } = c;
  // The decided rounds in the frame, in column order (each case's rounds stay side by side), and their cells.
  const chosen = new Int32Array(store.rounds.length);
  const finestOfChosen = new Int32Array(store.rounds.length);
  const windowOfChosen = new Int32Array(store.rounds.length);
  let n = 0;
  for (let i = 0; i < store.rounds.length; i++) {
    const at = decidedAt[i];
    if (!(at >= scope.from && at < scope.to) || flags[i] & DEAD || scope.stepInScope[step[i]] === 0) continue;
    const window = scope.windowOf(at);
    windowOfChosen[n] = window;
    finestOfChosen[n] = cells.finestOf(step[i], window);
    chosen[n++] = i;
  }
  const selected = chosen.subarray(0, n);
  const finest = finestOfChosen.subarray(0, n);

  const finestSize = cells.sizes[0];
  const [decided, breached, deemed, supplements] = [0, 1, 2, 3].map(() => new Int32Array(finestSize));
  for (let k = 0; k < n; k++) {
    const [cell, flag] = [finest[k], flags[selected[k]]];
    decided[cell]++;
    if (flag & BREACHED) breached[cell]++;
    if (flag & DEEMED) deemed[cell]++;
    if (flag & REQUESTED_SUPPLEMENT) supplements[cell]++;
  }
  const make = (size: number) => new Int32Array(size);
  const [throughput, breaches, deemedApprovals, supplementRequests] = [decided, breached, deemed, supplements].map(
    (finestCounts) => rollUp(finestCounts, cells, make),
  );
  // A case's rounds are side by side in the columns, so a cell's distinct cases are its changes of case.
  const cases = cells.sizes.map((size, l) => {
    const [count, lastCase, map] = [new Int32Array(size), new Int32Array(size).fill(-1), cells.toLevel[l]];
    for (let k = 0; k < n; k++) {
      const cell = map[finest[k]];
      const caseNumber = app[selected[k]];
      if (lastCase[cell] !== caseNumber) {
        lastCase[cell] = caseNumber;
        count[cell]++;
      }
    }
    return count;
  });

  // Amounts of the selected rounds, read from the columns. A supplement wait still on at its window's
  // end counts up to that end: the applicant amounts are copied, to put those in.
  const identity = identityIndex(n);
  const figures = MEASURES.map((measure) => {
    const [values, buckets] = [c[measure], c[`${measure}Bucket`]];
    if (!measure.startsWith('applicant')) return { values, buckets, index: selected };
    const copy = { values: new Float64Array(n), buckets: new Uint16Array(n), index: identity };
    for (let k = 0; k < n; k++) {
      copy.values[k] = values[selected[k]];
      copy.buckets[k] = buckets[selected[k]];
    }
    return copy;
  });
  const [applicantMs, applicantWms] = [figures[6], figures[7]];
  for (let k = 0; k < n; k++) {
    const i = selected[k];
    if (!(flags[i] & REQUESTED_SUPPLEMENT)) continue;
    const end = scope.bounds[windowOfChosen[k] + 1];
    const until = c.applicantUntil[i];
    if (!(until !== until || until > end)) continue;
    applicantMs.values[k] = end - decidedAt[i];
    applicantWms.values[k] = clock.workingTimeBetween(new Date(decidedAt[i]), new Date(end));
    applicantMs.buckets[k] = valueBucket(applicantMs.values[k]);
    applicantWms.buckets[k] = valueBucket(applicantWms.values[k]);
  }
  const perMeasure = figures.map(({ values, buckets, index }) =>
    cellPercentiles(values, buckets, index, finest, cells),
  );

  return gridRows(
    cells,
    scope,
    (l, cell) => throughput[l][cell] > 0,
    (l, cell) => {
      const row: Record<string, unknown> = {
        throughput: throughput[l][cell],
        breaches: breaches[l][cell],
        deemed: deemedApprovals[l][cell],
        supplementRequests: supplementRequests[l][cell],
        cases: cases[l][cell],
      };
      MEASURES.forEach((measure, m) => {
        const { counts, sums, percentiles } = perMeasure[m];
        const unit = measure.endsWith('Wms') ? 'Wms' : 'Ms';
        const kind = measure.slice(0, -unit.length);
        const none = counts[l][cell] === 0;
        row[`${kind}${unit}`] = none ? null : [percentiles[l][0][cell], percentiles[l][1][cell]];
        row[`${kind}Total${unit}`] = none ? null : sums[l][cell];
      });
      return row as Omit<DecidedRow, keyof GroupKey>;
    },
  );
}

function arrivedRows(store: RollupColumns, cells: Grid, scope: Scope): ArrivalRow[] {
  const { createdAt, flags, step } = store.rounds.columns;
  const finest = new Int32Array(cells.sizes[0]);
  for (let i = 0; i < store.rounds.length; i++) {
    const at = createdAt[i];
    if (!(at >= scope.from && at < scope.to) || flags[i] & DEAD || scope.stepInScope[step[i]] === 0) continue;
    finest[cells.finestOf(step[i], scope.windowOf(at))]++;
  }
  const arrivals = rollUp(finest, cells, (size) => new Int32Array(size));
  return gridRows(
    cells,
    scope,
    (l, cell) => arrivals[l][cell] > 0,
    (l, cell) => ({ arrivals: arrivals[l][cell] }),
  );
}

function markRows(store: RollupColumns, cells: Grid, scope: Scope): MarkRow[] {
  const { at, dead, step, kind } = store.marks.columns;
  // In MARK_KINDS order: warning, yellow, red, urge, reassign.
  const finest = MARK_KINDS.map(() => new Int32Array(cells.sizes[0]));
  for (let i = 0; i < store.marks.length; i++) {
    const instant = at[i];
    if (!(instant >= scope.from && instant < scope.to) || dead[i] === 1 || scope.stepInScope[step[i]] === 0) continue;
    finest[kind[i]][cells.finestOf(step[i], scope.windowOf(instant))]++;
  }
  const [warnings, yellowCards, redCards, urges, reassignments] = finest.map((counts) =>
    rollUp(counts, cells, (size) => new Int32Array(size)),
  );
  return gridRows(
    cells,
    scope,
    (l, cell) =>
      warnings[l][cell] + yellowCards[l][cell] + redCards[l][cell] + urges[l][cell] + reassignments[l][cell] > 0,
    (l, cell) => ({
      warnings: warnings[l][cell],
      yellowCards: yellowCards[l][cell],
      redCards: redCards[l][cell],
      urges: urges[l][cell],
      reassignments: reassignments[l][cell],
    }),
  );
}

/**
 * The state at each window's end: rounds open then (created at or before it, not ended by it), and
 * of those the overdue ones: clock running (not paused) and the due date in force then passed.
 */
function openRows(store: RollupColumns, cells: Grid, scope: Scope): OpenRow[] {
  const c = store.rounds.columns;
  const { createdAt, endedAt, flags, step, extraStart, dueCount, pauseCount } = c;
  const extra = store.extra.columns.value;
  const ends = scope.bounds.subarray(1);
  const last = ends[ends.length - 1];
  const finestSize = cells.sizes[0];
  const [wipOf, overdueOf] = [new Int32Array(finestSize), new Int32Array(finestSize)];
  const oldestOf = new Int32Array(finestSize).fill(-1);
  const oldestDueOf = new Float64Array(finestSize);
  /** The order of the oldest overdue task: due date, then application id, step key and round. */
  const before = (i: number, due: number, j: number, dueOfJ: number) => {
    if (due !== dueOfJ) return due < dueOfJ;
    const [a, b] = [store.applicationIds[c.app[i]], store.applicationIds[c.app[j]]];
    if (a !== b) return a < b;
    const [stepI, stepJ] = [store.groups.stepKey[step[i]], store.groups.stepKey[step[j]]];
    if (stepI !== stepJ) return stepI < stepJ;
    return c.round[i] < c.round[j];
  };
  /** The due date in force at `at`: the last one set by then (NaN when none was). */
  const dueAt = (i: number, at: number) => {
    const start = extraStart[i];
    for (let d = dueCount[i] - 1; d >= 0; d--) if (extra[start + 2 * d] <= at) return extra[start + 2 * d + 1];
    return Number.NaN;
  };
  for (let i = 0; i < store.rounds.length; i++) {
    const created = createdAt[i];
    // Open at some end: created by the last one, not ended by the first one.
    if (created > last || endedAt[i] <= ends[0] || flags[i] & DEAD || scope.stepInScope[step[i]] === 0) continue;
    const ended = endedAt[i] === endedAt[i] ? endedAt[i] : Number.POSITIVE_INFINITY;
    // The first window's end at or after the round's creation.
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ends[middle] < created) low = middle + 1;
      else high = middle;
    }
    for (let w = low; w < ends.length && ends[w] < ended; w++) {
      const at = ends[w];
      const due = dueAt(i, at);
      let paused = false;
      const pauses = extraStart[i] + 2 * dueCount[i];
      for (let p = 0; p < pauseCount[i] && !paused; p++) {
        paused = extra[pauses + 2 * p] <= at && at < extra[pauses + 2 * p + 1];
      }
      const cell = cells.finestOf(step[i], w);
      wipOf[cell]++;
      if (paused || !(due < at)) continue;
      overdueOf[cell]++;
      if (oldestOf[cell] < 0 || before(i, due, oldestOf[cell], oldestDueOf[cell])) {
        oldestOf[cell] = i;
        oldestDueOf[cell] = due;
      }
    }
  }
  const make = (size: number) => new Int32Array(size);
  const [wip, overdue] = [rollUp(wipOf, cells, make), rollUp(overdueOf, cells, make)];
  // The oldest of each cell (and its due date then): the oldest of its finest cells'.
  const oldest = cells.sizes.map((size, l) => {
    if (l === 0) return { round: oldestOf, due: oldestDueOf };
    const [best, bestDue, map] = [new Int32Array(size).fill(-1), new Float64Array(size), cells.toLevel[l]];
    for (let cell = 0; cell < finestSize; cell++) {
      const i = oldestOf[cell];
      if (i < 0) continue;
      const target = map[cell];
      if (best[target] < 0 || before(i, oldestDueOf[cell], best[target], bestDue[target])) {
        best[target] = i;
        bestDue[target] = oldestDueOf[cell];
      }
    }
    return { round: best, due: bestDue };
  });
  return gridRows(
    cells,
    scope,
    (l, cell) => wip[l][cell] > 0,
    (l, cell) => {
      const i = oldest[l].round[cell];
      return {
        wip: wip[l][cell],
        overdueOpen: overdue[l][cell],
        oldest:
          i < 0
            ? null
            : {
                applicationId: store.applicationIds[c.app[i]],
                stepKey: store.groups.stepKey[step[i]],
                round: c.round[i],
                dueAt: new Date(oldest[l].due[cell]).toISOString(),
              },
      };
    },
  );
}

/** Parallel stages finished in the window, per department (and department × service): no step rows. */
function stageRows(store: RollupColumns, cells: Grid, scope: Scope): StageRow[] {
  const c = store.members.columns;
  const finestSize = cells.sizes[0];
  const stagesOf = new Int32Array(finestSize);
  const finest: number[] = [];
  const chosen: number[] = [];
  for (let i = 0; i < store.members.length; i++) {
    const at = c.finishedAt[i];
    if (!(at >= scope.from && at < scope.to) || c.dead[i] === 1 || scope.pairInScope[c.pair[i]] === 0) continue;
    const cell = cells.finestOf(c.pair[i], scope.windowOf(at));
    stagesOf[cell]++;
    finest.push(cell);
    chosen.push(i);
  }
  const stages = rollUp(stagesOf, cells, (size) => new Int32Array(size));
  // What the last finisher added: the other members' amounts count as absent (NaN).
  const n = chosen.length;
  const [index, finestCells] = [identityIndex(n), Int32Array.from(finest)];
  const added = (['addedMs', 'addedWms'] as const).map((column) => {
    const [amounts, amountBuckets] = [c[column], c[`${column}Bucket`]];
    const [values, buckets] = [new Float64Array(n), new Uint16Array(n)];
    for (let k = 0; k < n; k++) {
      const i = chosen[k];
      values[k] = c.isLast[i] === 1 ? amounts[i] : Number.NaN;
      buckets[k] = amountBuckets[i];
    }
    return cellPercentiles(values, buckets, index, finestCells, cells);
  });
  const [ms, wms] = added;
  return gridRows(
    cells,
    scope,
    (l, cell) => stages[l][cell] > 0,
    (l, cell) => {
      const timesLast = ms.counts[l][cell];
      return {
        stages: stages[l][cell],
        timesLast,
        totalMs: ms.sums[l][cell],
        totalWms: wms.sums[l][cell],
        medianMs: timesLast > 0 ? ms.percentiles[l][0][cell] : null,
        medianWms: timesLast > 0 ? wms.percentiles[l][0][cell] : null,
      };
    },
  );
}
